"""The Permissions-Policy header, which Django 5.2 and django-csp do not send; a check of the
session cookie before Django reads it; Cache-Control for signed-in users."""

from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.utils.cache import patch_cache_control

# The session_key column's length.
MAX_SESSION_KEY_LENGTH = 40


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


def permissions_policy_middleware(get_response):
    header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", header)
        return response

    return middleware


def session_cookie_check_middleware(get_response):
    """Drops a session cookie holding a key Django never issues (32 lowercase letters and
    digits), before the session middleware reads it: `sessionid="a\\000b"` unquotes to a key
    with a NUL byte, which PostgreSQL refuses in a query, and every page answered 500. The
    visitor simply gets a new session."""
    name = settings.SESSION_COOKIE_NAME

    def middleware(request):
        key = request.COOKIES.get(name)
        if key is not None and not is_issuable_session_key(key):
            del request.COOKIES[name]
        return get_response(request)

    return middleware


def is_issuable_session_key(key: str) -> bool:
    return len(key) <= MAX_SESSION_KEY_LENGTH and set(key) <= set(VALID_KEY_CHARS)


def private_when_signed_in_middleware(get_response):
    """Every response to a signed-in user (their pages, their data export) is theirs alone:
    no shared cache may keep it, nor the browser store it."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
