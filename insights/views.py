"""Staff: how learners use the catalog. An admin page, for whoever may view the catalog (the
Catalog editors group, superusers); it shows counts, never a learner."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from courses.rules import REAL_HOURS_MIN_COMPLETERS

from . import selectors


def catalog_usage(request: HttpRequest) -> HttpResponse:
    # Wrapped in admin_view by the URLconf: staff only, logged in through the admin.
    if not request.user.has_perm("courses.view_course"):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": "How learners use the catalog",
        "usage": selectors.catalog_usage(),
        "min_completers": REAL_HOURS_MIN_COMPLETERS,
    }
    return TemplateResponse(request, "admin/catalog_usage.html", context)
