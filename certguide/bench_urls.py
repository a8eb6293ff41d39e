"""The site's URLs plus two bare views, the floors each page is compared with: `/bench/bare/`
renders a trivial template; `/bench/bare-signed-in/` also loads the session and the user (as
every signed-in page does) and shows the user's name. Loaded only by `certguide.bench_settings`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_safe

from .urls import urlpatterns as site_urlpatterns

BARE = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>'
    "</head><body><p>{{ title }}</p></body></html>"
)


@require_safe
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BARE.render({"title": "bare"}, request))


@login_required
@require_safe
def bare_signed_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BARE.render({"title": request.user.get_username()}, request))


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/bare-signed-in/", bare_signed_in, name="bench_bare_signed_in"),
    *site_urlpatterns,
]
