"""The Permissions-Policy header, which Django 5.2 and django-csp do not send."""

from django.conf import settings


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
