"""Conditional GET for the public pages, as anonymous visitors see them."""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.http import condition

from . import selectors

# How long a public page's content is kept: an hour (its key holds the catalog's version, which
# the hourly renewal of the real-hours medians changes, and the validated input).
FRAGMENT_SECONDS = 3600


def catalog_version(request) -> str:
    """The catalog's version (selectors.catalog_version), read once per request."""
    if not hasattr(request, "catalog_version"):
        request.catalog_version = selectors.catalog_version()
    return request.catalog_version


def public_page_etag(request, *args, **kwargs) -> str:
    """What an anonymous visitor's page depends on: the catalog (whose version includes when
    learners' median hours were last computed), the day (projections start today), whether
    htmx asked for the fragment, and the release of the code."""
    parts = [
        catalog_version(request),
        timezone.localdate().isoformat(),
        "fragment" if request.headers.get("HX-Request") else "page",
        settings.RELEASE,
    ]
    return hashlib.blake2b("|".join(parts).encode(), digest_size=12).hexdigest()


def conditional_when_anonymous(view):
    """For anonymous visitors the page is the same bytes for everyone: it carries an ETag and
    answers 304 to a conditional GET whose ETag still matches, and any cache may keep it as
    long as it asks again each time. A signed-in learner's view shows their own figures and
    navigation: it gets neither (the project marks it private, no-store)."""
    conditional = condition(etag_func=public_page_etag)(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        # A message waiting for this visitor (logged out, account deleted) is theirs alone:
        # that page is neither shared nor answered with a 304. len() reads the messages
        # without using them up.
        if len(get_messages(request)):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, no_cache=True)
        return response

    return wrapper


def kept_fragment(name: str, vary_on: list, render: Callable[[], str]) -> str:
    """The HTML of a page's region that is the same for everyone at `vary_on` (the catalog's
    version, the address, …), kept for the hour in the shared cache under the key Django's
    `{% cache %}` would give it: `render` makes it, and runs its queries, only when it is not
    kept."""
    key = make_template_fragment_key(name, vary_on)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # rendered by a template, which escaped what it had to
