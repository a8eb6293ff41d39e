"""The readiness map: each check employers make, the learner's evidence for it, and the gaps."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..selectors.certificates import certificates_without_link
from ..selectors.readiness import readiness_map


@login_required
@require_safe
def readiness(request: HttpRequest) -> HttpResponse:
    checks = readiness_map(user=request.user)
    context = {
        "checks": checks,
        "evidenced": sum(check.evidenced for check in checks),
        "unlinked_certificates": certificates_without_link(user=request.user),
    }
    return render(request, "learners/readiness.html", context)
