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

With the page, the versions of what it shows are kept: the catalog's, replaced on every
catalog write, and the session's, replaced on every write of its learner (the learner's
sessions are listed for that). A kept page is served only while both versions are still
current and the session is still in the cache, which one Redis round trip tells, without the
database or the templates. The versions are read before the page renders and replaced again
after the write commits, so a page that rendered data older than a version never carries it.

Nothing is served or kept while Redis is unreachable: each process's fallback memory would
miss the versions other processes replace. A process whose renewal Redis missed (frozen, or
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

CATALOG_VERSION = "pages:catalog"
# In every key: pages kept by one process serve only that process's code and templates, so a
# restart (a deployment) renders every page afresh.
PROCESS_TOKEN = secrets.token_hex(8)


def session_version(session_key: str) -> str:
    return f"pages:session:{session_key}"


def learner_sessions(user_id: int | str) -> str:
    """The set of the learner's sessions that have a version."""
    return f"pages:sessions:{user_id}"


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


def _renew_after_commit(renew: Callable[[], bool]) -> None:
    """Run `renew` (which answers whether Redis took it) now and after the commit."""

    def renew_or_remember() -> None:
        if not renew():
            _renewal_missed.set()

    renew_or_remember()
    # Renewed again once the data is visible: a page rendered meanwhile read the data as it
    # was, under the version the commit replaces.
    if connection.in_atomic_block:
        transaction.on_commit(renew_or_remember)


def _renew_catalog() -> bool:
    return cache.shared("set", CATALOG_VERSION, _new_version(), timeout=None) is not None


def catalog_changed() -> None:
    """Every kept page shows the catalog: each is rendered afresh."""
    _renew_after_commit(_renew_catalog)


def learner_changed(user_id: int) -> None:
    """The pages kept for the learner's sessions are rendered afresh."""

    def renew() -> bool:
        sessions = cache.shared("smembers", learner_sessions(user_id))
        versions = {session_version(key): _new_version() for key in sessions or ()}
        cache.shared("set_many", versions, timeout=settings.SESSION_COOKIE_AGE)
        return sessions is not None

    _renew_after_commit(renew)


def is_cascade(instance: Model, origin: object) -> bool:
    """Whether a post_delete signal of `instance` comes from deleting another object."""
    return isinstance(origin, Model) and (
        origin._meta.concrete_model is not instance._meta.concrete_model or origin.pk != instance.pk
    )


def on_catalog_write(sender, instance=None, origin=None, **kwargs) -> None:
    """Receives the catalog models' save, delete and many-to-many signals."""
    # A catalog object deleted with another (a course's assignments): that one's own signal
    # renews the version once.
    if is_cascade(instance, origin) and origin._meta.app_label == instance._meta.app_label:
        return
    catalog_changed()


def _start_session_version(session_key: str, user_id: str | None) -> None:
    # Listed before the version exists: a learner's write that lists the sessions after this
    # renews this one too.
    if user_id is not None:
        sessions = learner_sessions(user_id)
        cache.shared("sadd", sessions, session_key)
        cache.shared("expire", sessions, settings.SESSION_COOKIE_AGE)
    cache.shared(
        "add", session_version(session_key), _new_version(), timeout=settings.SESSION_COOKIE_AGE
    )


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
    session_key = request.session.session_key or ""
    key = page_key(
        address=request.build_absolute_uri(),
        fragment=bool(request.headers.get("HX-Request")),
        session_key=session_key,
        csrf_secret=csrf_secret,
        slice_number=time_slice(timezone.now(), settings.PAGE_CACHE_SECONDS),
    )
    version_keys = [CATALOG_VERSION]
    if session_key:
        version_keys.append(session_version(session_key))
    session_cache_key = request.session.cache_key if session_key else None
    found = cache.shared("get_many", [*version_keys, key, *filter(None, [session_cache_key])])
    if found is None:
        return None
    if _renewal_missed.is_set():
        _renewal_missed.clear()
        _renew_catalog()
        return None
    if session_key:
        session = found.get(session_cache_key)
        if session is None or SessionStorage.session_key in session:
            return None
        if session_version(session_key) not in found:
            _start_session_version(session_key, session.get(SESSION_KEY))
    if CATALOG_VERSION not in found:
        cache.shared("add", CATALOG_VERSION, _new_version(), timeout=None)
    if any(version not in found for version in version_keys):
        return None
    return Lookup(key, tuple(found[version] for version in version_keys), found.get(key))


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
