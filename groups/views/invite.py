"""Joining a group by its invite link: signed in first (the log-in comes back here), then the
group and a Join button with the sharing choice.

A wrong link is a 404, like an address that never existed, and counts against the client's
address: past the limit every invite link answers 429, right or wrong, so that guessing
learns nothing. An expired link and a full group are each a 410 (Gone: this link no longer
takes anyone in), with a page that says which.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .. import rules, services
from ..forms import SharingForm
from ..models import StudyGroup
from ..selectors.membership import group_for_invite, is_member
from ..throttle import invite_guesses_spent, wrong_invite_counted


def _closed(request: HttpRequest, group: StudyGroup, reason: str, status: int) -> HttpResponse:
    return render(
        request,
        "groups/invite_closed.html",
        {
            "group": group,
            "reason": reason,
            "max_members": rules.MAX_MEMBERS,
            "invite_days": rules.INVITE_LIFETIME.days,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, group_id: int, token: str) -> HttpResponse:
    if invite_guesses_spent(request):
        response = render(request, "429.html", status=429)
        response["Retry-After"] = str(int(rules.WRONG_INVITE_WINDOW.total_seconds()))
        return response
    group = group_for_invite(group_id=group_id)
    if group is None or not rules.invite_matches(token, group.invite_token):
        wrong_invite_counted(request)
        raise Http404("No such invite link.")
    if is_member(user=request.user, group_id=group.pk):
        messages.info(request, f"You are a member of “{group.name}” already.")
        return redirect("groups:detail", group_id=group.pk)
    if rules.invite_expired(group.invite_created_at, timezone.now()):
        return _closed(request, group, "expired", 410)
    if rules.group_full(group.member_count):
        return _closed(request, group, "full", 410)
    form = SharingForm(
        request.POST if request.method == "POST" else None, initial={"shares_week": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.group_join(
                user=request.user, group_id=group.pk, shares_week=form.cleaned_data["shares_week"]
            )
        except services.GroupFull:
            return _closed(request, group, "full", 410)
        messages.success(request, f"Welcome to “{group.name}”.")
        return redirect("groups:detail", group_id=group.pk)
    return render(request, "groups/join.html", {"group": group, "form": form})
