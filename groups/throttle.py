"""Wrong invite links, counted per client address in the cache (Redis), like allauth's own
rate limits: the address is allauth's (settings ALLAUTH_TRUSTED_PROXY_COUNT and
ALLAUTH_TRUSTED_CLIENT_IP_HEADER say how it is read behind proxies). allauth's `consume`
counts POSTs only, and an invite link is opened with a GET: hence this counter."""

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest

from . import rules


def _key(request: HttpRequest) -> str:
    return f"groups:wrong-invite:{get_adapter(request).get_client_ip(request)}"


def invite_guesses_spent(request: HttpRequest) -> bool:
    """Whether the address opened WRONG_INVITES_ALLOWED wrong links in the current window."""
    return (cache.get(_key(request)) or 0) >= rules.WRONG_INVITES_ALLOWED


def wrong_invite_counted(request: HttpRequest) -> None:
    """Count one wrong link; the window starts at the first."""
    key = _key(request)
    if not cache.add(key, 1, timeout=int(rules.WRONG_INVITE_WINDOW.total_seconds())):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls: this one starts a new window
            cache.add(key, 1, timeout=int(rules.WRONG_INVITE_WINDOW.total_seconds()))
