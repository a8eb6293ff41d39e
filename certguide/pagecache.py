"""Whole rendered pages kept in Redis, for the pages read far more often than what they show
changes: the landing page, the catalog, courses, paths and a learner's dashboard.

A page is kept under a key made of what it was rendered for: the process's code (see
PROCESS_TOKEN), the address with its query string, whether htmx asked for the page's
fragment, the session (a session key belongs to one user for its whole life: logging in or
out replaces it), the browser's CSRF secret (the page's forms carry tokens masked from it,
which only a request carrying that cookie may send back) and the slice of time. Every time
zone's midnight falls on a slice boundary (offsets are whole quarter hours), so "today" and
"this week" never come from the day before; what moves with the clock within a day (the
hours expected by now) is at most one slice old.

With the page, the versions of what it shows are kept: the catalog's, renewed on every
catalog write, and, for a signed-in learner, the learner's, renewed on every write of theirs
and at each log-out. A kept page is served only while its versions are still current and its
session is still in the cache, naming the same user. One Redis round trip reads all of that,
and neither the database nor the templates are touched. A version Redis lost (evicted,
expired) never matches: the page renders and a new version starts. The versions are read
before the page renders and renewed again after the write commits, so a page that rendered
data older than a version never carries it.

Nothing is served or kept while Redis is unreachable: each process's fallback memory would
miss the versions other processes renew. A process whose renewal Redis missed (frozen, or
cut off) renews the catalog's version as soon as Redis answers it again, so that no kept page
is served; another process may serve one until then, at most until the slice ends.
"""

import datetime as dt
import hashlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .cache import UNREACHABLE

CATALOG_VERSION = "pages:catalog"
# In every key: pages kept by one process serve only that process's code and templates, so a
# restart (a deployment) renders every page afresh.
PROCESS_TOKEN = secrets.token_hex(8)
# Each process remembers whose each session is (a session key belongs to one user for its
# whole life), so that one Redis round trip reads the learner's version with the page and the
# session, which must still name that user.
_session_owners: dict[str, str] = {}
SESSION_OWNERS_REMEMBERED = 10_000


def learner_version(user_id: int | str) -> str:
    return f"pages:learner:{user_id}"


def time_slice(now: dt.datetime, seconds: int) -> int:
    """The number of the `seconds`-long slice of time `now` falls in, counted from the epoch."""
    return int(now.timestamp()) // seconds


def page_key(
    *, address: str, fragment: bool, session_key: str, csrf_secret: str, slice_number: int
) -> str:
    """Where one rendering of a page is kept; any part that differs gives another key."""
    parts = [PROCESS_TOKEN, address, "fragment" if fragment else "page", session_key, csrf_secret]
    digest = hashlib.blake2b("\n".join([*parts, str(slice_number)]).encode(), digest_size=16)
    return f"pages:page:{digest.hexdigest()}"


def _new_version() -> str:
    return secrets.token_hex(8)


# Set when Redis missed a renewal: the first lookup that reaches Redis again renews the
# catalog's version, which every kept page carries, before anything is served.
_renewal_missed = threading.Event()


def _renew(version: str, timeout: int | None) -> bool:
    """Whether Redis took the new version."""
    return cache.shared("set", version, _new_version(), timeout=timeout) is not UNREACHABLE


def _renew_after_commit(version: str, timeout: int | None) -> None:
    """Renew now and again after the commit: a page rendered meanwhile read the data as it
    was, under the version the commit replaces."""

    def renew_or_remember() -> None:
        if not _renew(version, timeout):
            _renewal_missed.set()

    renew_or_remember()
    if connection.in_atomic_block:
        transaction.on_commit(renew_or_remember)


def catalog_changed() -> None:
    """Every kept page shows the catalog: each is rendered afresh."""
    _renew_after_commit(CATALOG_VERSION, None)


def learner_changed(user_id: int) -> None:
    """The pages kept for the learner's sessions are rendered afresh."""
    _renew_after_commit(learner_version(user_id), settings.SESSION_COOKIE_AGE)


def is_cascade(instance: Model, origin: object) -> bool:
    """Whether a post_delete signal of `instance` comes from deleting another object."""
    return isinstance(origin, Model) and (
        origin._meta.concrete_model is not instance._meta.concrete_model or origin.pk != instance.pk
    )


def on_catalog_write(sender, instance, origin=None, **kwargs) -> None:
    """Receives the catalog models' save and delete signals."""
    # A catalog object deleted with another (a course's assignments): that one's own signal
    # renews the version once.
    if is_cascade(instance, origin) and origin._meta.app_label == instance._meta.app_label:
        return
    catalog_changed()


def on_catalog_links(sender, action, **kwargs) -> None:
    """Receives the catalog's many-to-many signals: once the links are written is enough."""
    if action.startswith("post_"):
        catalog_changed()


def _start_versions(*, catalog: bool, user_id: str | None) -> None:
    """Start what the lookup found missing, for the next request."""
    if catalog:
        cache.shared("add", CATALOG_VERSION, _new_version(), timeout=None)
    if user_id is not None:
        version = learner_version(user_id)
        cache.shared("add", version, _new_version(), timeout=settings.SESSION_COOKIE_AGE)


def _remember_owner(session_key: str, user_id: str) -> None:
    if len(_session_owners) >= SESSION_OWNERS_REMEMBERED:
        _session_owners.clear()
    _session_owners[session_key] = user_id


@dataclass(frozen=True)
class Lookup:
    key: str
    versions: tuple[str, ...]  # as read before rendering: what a page kept now shows
    kept: tuple | None  # (versions, status, headers, content) of the page, if one is kept


def _lookup(request: HttpRequest) -> Lookup | None:
    """The request's page in the cache; None when the cache cannot serve the request: not a
    GET, no CSRF cookie yet (the page would set one), messages waiting, a session the cache
    does not hold, a version not started yet, or Redis unreachable. Nor in development, where
    templates change under a running server."""
    csrf_secret = request.META.get("CSRF_COOKIE")
    if settings.DEBUG or request.method != "GET" or not csrf_secret:
        return None
    # Messages waiting (in their cookie, or the session's) are shown by rendering the page.
    if request.COOKIES.get(CookieStorage.cookie_name):
        return None
    if settings.CSRF_COOKIE_NAME not in request.COOKIES:
        return None
    session_key = request.session.session_key
    key = page_key(
        address=request.build_absolute_uri(),
        fragment=bool(request.htmx),
        session_key=session_key or "",
        csrf_secret=csrf_secret,
        slice_number=time_slice(timezone.now(), settings.PAGE_CACHE_SECONDS),
    )
    keys = [CATALOG_VERSION, key]
    session_copy = owner = None
    if session_key is not None:
        session_copy = request.session.cache_key
        keys.append(session_copy)
        if owner := _session_owners.get(session_key):
            keys.append(learner_version(owner))
    found = cache.shared("get_many", keys)
    if found is UNREACHABLE:
        return None
    if _renewal_missed.is_set():
        # Cleared first: a renewal another thread misses meanwhile sets it again.
        _renewal_missed.clear()
        if not _renew(CATALOG_VERSION, None):
            _renewal_missed.set()
        return None
    # A session the cache does not hold (logged out, expired) is never served a kept page.
    session = found.get(session_copy) if session_copy is not None else {}
    if session is None or SessionStorage.session_key in session:
        return None
    user_id = session.get(SESSION_KEY)
    catalog = found.get(CATALOG_VERSION)
    if user_id is None:
        versions = (catalog,)
    elif user_id == owner:
        versions = (catalog, found.get(learner_version(user_id)))
    else:  # the session is new to this process: its learner's version is read next time
        _remember_owner(session_key, user_id)
        versions = (catalog, None)
    if None in versions:
        _start_versions(catalog=catalog is None, user_id=user_id)
        return None
    return Lookup(key, versions, found.get(key))


def _storable(request: HttpRequest, response: HttpResponse, csrf_secret: str) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # Rendering neither showed nor queued a message, nor changed the session or the CSRF
        # secret: a replay would not do it again.
        and not get_messages(request)
        and not request.session.modified
        and request.META.get("CSRF_COOKIE") == csrf_secret
    )


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page from the cache while nothing it shows has changed."""

    @wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        lookup = _lookup(request)
        if lookup is None:
            return view(request, *args, **kwargs)
        if lookup.kept is not None and lookup.kept[0] == lookup.versions:
            _, status, headers, content = lookup.kept
            response = HttpResponse(content, status=status, headers=headers)
            # As the session middleware does for a page that read the session. The CSRF
            # cookie is not sent again: rendering would only renew its one-year expiry.
            patch_vary_headers(response, ["Cookie"])
            return response
        csrf_secret = request.META["CSRF_COOKIE"]
        response = view(request, *args, **kwargs)
        if _storable(request, response, csrf_secret):
            kept = (lookup.versions, response.status_code, dict(response.items()), response.content)
            cache.shared("set", lookup.key, kept, timeout=settings.PAGE_CACHE_SECONDS)
        return response

    return cached_view
