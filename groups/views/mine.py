"""The learner's groups, and starting one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from .. import rules, services
from ..forms import GroupForm
from ..selectors.membership import groups_of
from ..selectors.reviews import digests_on_for


@login_required
@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    context = {
        "groups": groups_of(user=request.user),
        "digests_on": digests_on_for(user=request.user),
    }
    return render(request, "groups/list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_start(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = services.group_start(user=request.user, now=timezone.now(), **form.cleaned_data)
        said = f"“{group.name}” is started. Send its invite link to the people you study with."
        messages.success(request, said)
        return redirect("groups:manage", group_id=group.pk)
    context = {"form": form, "max_members": rules.MAX_MEMBERS}
    return render(request, "groups/start.html", context, status=400 if form.errors else 200)
