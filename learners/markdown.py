"""Learners' Markdown as HTML that is safe to show anyone: rendered, then sanitised with nh3.

Write-ups are shown to recruiters on public pages, so whatever the author typed (raw HTML
included) passes through an allow-list: no script, no event or style attributes (the CSP would
block them anyway), links only to http, https and mailto, and no images (the CSP allows none
from other hosts).
"""

import re

import markdown
import nh3

TAGS = {
    *("h1", "h2", "h3", "h4", "h5", "h6"),
    *("p", "br", "hr", "blockquote", "pre", "code"),
    *("strong", "em", "b", "i", "del", "sub", "sup"),
    *("ul", "ol", "li", "dl", "dt", "dd"),
    *("table", "thead", "tbody", "tr", "th", "td"),
    "a",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
HEADING = re.compile(r"<(/?)h([1-6])>")


def render_markdown(text: str, *, top_level: int = 3) -> str:
    """`text` as sanitised HTML, its headings moved so that the highest is at `top_level`.

    A write-up sits under the page's own headings: whether its author started at `#` or `##`,
    its top heading becomes an <h3> by default and the page's outline stays in order. Levels
    past 6 stay at 6.
    """
    html = nh3.clean(
        markdown.markdown(text, extensions=EXTENSIONS),
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        # Relative links would point into certguide itself: a write-up links elsewhere.
        url_relative="deny",
        link_rel="nofollow noopener",
    )
    # nh3 allows no attributes on headings, so every heading tag has exactly this form.
    levels = [int(level) for _, level in HEADING.findall(html)]
    if not levels:
        return html
    shift = top_level - min(levels)
    return HEADING.sub(lambda tag: f"<{tag[1]}h{min(int(tag[2]) + shift, 6)}>", html)
