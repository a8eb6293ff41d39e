"""The site's URLs plus `/bench/bare/`: a view rendering a trivial template, the floor each
page's throughput is compared with. Loaded only by `certguide.bench_settings`."""

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


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site_urlpatterns]
