"""The write-up renderer: ordinary Markdown kept, everything that could run or leak removed."""

import pytest

from learners.markdown import render_markdown


def test_headings_lists_code_and_links_are_kept():
    html = render_markdown(
        "# Churn model\n\n"
        "Some *emphasis* and **strength**.\n\n"
        "- cleaned the data\n- tuned the model\n\n"
        "1. first\n2. second\n\n"
        "Inline `fit()` and a block:\n\n"
        "```python\nmodel.fit(X, y)\n```\n\n"
        "[The repository](https://github.com/ada/churn) or [mail me](mailto:ada@example.com)."
    )

    assert "<h3>Churn model</h3>" in html
    assert "<em>emphasis</em>" in html and "<strong>strength</strong>" in html
    assert "<ul>\n<li>cleaned the data</li>" in html
    assert "<ol>\n<li>first</li>" in html
    assert "<code>fit()</code>" in html
    assert "<pre><code>model.fit(X, y)\n</code></pre>" in html
    assert '<a href="https://github.com/ada/churn" rel="nofollow noopener">' in html
    assert '<a href="mailto:ada@example.com" rel="nofollow noopener">' in html


def test_the_highest_heading_moves_to_the_level_asked_and_none_goes_past_six():
    html = render_markdown("# One\n\n## Two\n\n###### Six", top_level=4)

    assert "<h4>One</h4>" in html
    assert "<h5>Two</h5>" in html
    assert "<h6>Six</h6>" in html


def test_a_write_up_starting_at_a_lower_level_starts_at_the_same_place():
    html = render_markdown("## Approach\n\n### Features\n\ntext")

    assert "<h3>Approach</h3>" in html
    assert "<h4>Features</h4>" in html


def test_tables_keep_their_cells_but_not_the_alignment_styles():
    html = render_markdown("| metric | value |\n|:--|--:|\n| AUC | 0.81 |")

    assert "<th>metric</th>" in html and "<td>0.81</td>" in html
    assert "style=" not in html


def test_script_tags_are_removed_with_their_content():
    html = render_markdown(
        "Hello <script>alert('x')</script> world\n\n<script src=//evil.js></script>"
    )

    assert "<script" not in html
    assert "alert" not in html
    assert "Hello" in html and "world" in html


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        '<a href=" javascript:alert(1)">click</a>',
    ],
)
def test_javascript_links_lose_their_href(link):
    html = render_markdown(link)

    assert "javascript" not in html.lower()
    assert ">click</a>" in html


def test_event_and_style_attributes_are_removed():
    html = render_markdown(
        '<img src="x" onerror="alert(1)">\n\n'
        '<p onclick="alert(2)" style="color: red">coloured</p>\n\n'
        '<a href="https://example.com" onmouseover="alert(3)">over</a>'
    )

    assert "onerror" not in html and "onclick" not in html and "onmouseover" not in html
    assert "alert" not in html
    assert "style=" not in html
    assert "<img" not in html  # the CSP allows no images from other hosts
    assert "<p>coloured</p>" in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[payload](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">payload</a>',
        "![pixel](data:image/png;base64,iVBORw0KGgo=)",
    ],
)
def test_data_urls_are_removed(markdown):
    html = render_markdown(markdown)

    assert "data:" not in html


def test_links_into_the_site_itself_are_dropped():
    # A recruiter's click on a write-up link never lands on a certguide URL.
    html = render_markdown("[log out](/accounts/logout/)")

    assert "href" not in html
    assert ">log out</a>" in html


def test_ftp_links_lose_their_href():
    assert "href" not in render_markdown("[files](ftp://example.com/data.csv)")
