"""The group page, to its members only (anyone else gets 404): each member's week, the weekly
check-ins, the sharing choice, and leaving.

The members' week and the check-ins are regions htmx swaps; without JavaScript each form
posts and redirects back (PRG), or shows the page again with what to correct (400).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learners.models import Profile
from learners.selectors.profile import profile_for

from .. import services
from ..forms import CheckInForm, SharingForm
from ..models import CheckIn, Membership
from ..selectors.membership import active_membership
from ..selectors.reviews import group_review_requests
from ..selectors.week import group_page, this_week_of

PAGE = "groups/group.html"


def _page(
    request: HttpRequest,
    membership: Membership,
    *,
    region: str | None = None,
    check_in_form: CheckInForm | None = None,
    announce: str = "",
    status: int = 200,
    profile: Profile | None = None,
) -> HttpResponse:
    """The group page, or only its `region` (a partial) for htmx; `announce` is said in the
    page's live region. `profile` is the viewer's, when the caller read it already."""
    profile = profile or profile_for(user=request.user)
    context = group_page(membership=membership, profile=profile, now=timezone.now())
    context["check_in_form"] = check_in_form or CheckInForm(instance=context["own_check_in"])
    context["sharing_form"] = SharingForm(initial={"shares_week": membership.shares_week})
    context["review_requests"] = group_review_requests(user=request.user, group=membership.group)
    context["announce"] = announce
    context["changed"] = bool(announce)
    return render(request, f"{PAGE}#{region}" if region else PAGE, context, status=status)


def _done(
    request: HttpRequest,
    membership: Membership,
    region: str,
    said: str,
    profile: Profile | None = None,
) -> HttpResponse:
    """After a change: the changed region for htmx, else back to the page's region (PRG)."""
    if request.htmx:
        return _page(request, membership, region=region, announce=said, profile=profile)
    messages.success(request, said)
    return redirect(reverse("groups:detail", args=[membership.group_id]) + f"#{region}")


@login_required
@require_safe
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    return _page(request, active_membership(user=request.user, group_id=group_id))


@login_required
@require_POST
def sharing(request: HttpRequest, group_id: int) -> HttpResponse:
    membership = active_membership(user=request.user, group_id=group_id)
    form = SharingForm(request.POST)
    form.is_valid()  # a checkbox: ticked or not, never invalid
    shares = form.cleaned_data["shares_week"]
    services.sharing_set(membership=membership, shares_week=shares)
    said = (
        "You share your week with the group: your hours against your goal, and your streak."
        if shares
        else "Your week is private: the group sees only your name."
    )
    return _done(request, membership, "members", said)


@login_required
@require_POST
def check_in(request: HttpRequest, group_id: int) -> HttpResponse:
    """Post (or replace) the member's check-in for their own week."""
    membership = active_membership(user=request.user, group_id=group_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            said = "Nothing was saved: see the check-in form."
            return _page(
                request,
                membership,
                region="check-ins",
                check_in_form=form,
                announce=said,
                status=400,
            )
        return _page(request, membership, check_in_form=form, status=400)
    profile = profile_for(user=request.user)
    week = this_week_of(profile=profile, now=timezone.now())
    services.check_in_save(membership=membership, week_start=week, **form.cleaned_data)
    said = f"Check-in saved for the week of {week:%-d %B}."
    return _done(request, membership, "check-ins", said, profile=profile)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in_edit(request: HttpRequest, group_id: int, check_in_id: int) -> HttpResponse:
    """Edit one of the member's own check-ins (of any week shown)."""
    membership = active_membership(user=request.user, group_id=group_id)
    own = get_object_or_404(CheckIn, pk=check_in_id, group_id=group_id, user=request.user)
    form = CheckInForm(request.POST if request.method == "POST" else None, instance=own)
    if request.method == "POST" and form.is_valid():
        services.check_in_edit(check_in=own, **form.cleaned_data)
        messages.success(request, f"Check-in for the week of {own.week_start:%-d %B} saved.")
        return redirect(reverse("groups:detail", args=[group_id]) + "#check-ins")
    context = {"group": membership.group, "check_in": own, "form": form}
    return render(request, "groups/check_in_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def check_in_delete(request: HttpRequest, group_id: int, check_in_id: int) -> HttpResponse:
    membership = active_membership(user=request.user, group_id=group_id)
    own = get_object_or_404(CheckIn, pk=check_in_id, group_id=group_id, user=request.user)
    services.check_in_delete(membership=membership, check_in_id=own.pk)
    said = f"Check-in for the week of {own.week_start:%-d %B} deleted."
    return _done(request, membership, "check-ins", said)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request: HttpRequest, group_id: int) -> HttpResponse:
    """GET asks to confirm; POST leaves (an owner's group passes on, or goes when empty)."""
    membership = active_membership(user=request.user, group_id=group_id)
    group = membership.group
    if request.method == "POST":
        left = services.group_leave(membership=membership)
        said = f"You left “{group.name}”." if left else f"You left “{group.name}”: it is deleted."
        messages.success(request, said)
        return redirect("groups:list")
    context = {"group": group, "is_owner": group.owner_id == request.user.pk}
    return render(request, "groups/leave.html", context)
