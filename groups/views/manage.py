"""What the owner of a group does with it: its invite link, its name, its members (remove one,
hand the group to one) and deleting it. Anyone but the owner gets 404 here, members included.

The invite link, the group's details and the members are regions htmx swaps; without
JavaScript each form posts and redirects back (PRG).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import rules, services
from ..forms import GroupForm
from ..models import StudyGroup
from ..selectors.membership import active_membership, membership_in
from ..selectors.week import group_members

PAGE = "groups/manage.html"


def _owned(request: HttpRequest, group_id: int) -> StudyGroup:
    """The group if the signed-in learner is a member and its owner; 404 otherwise."""
    group = active_membership(user=request.user, group_id=group_id).group
    if group.owner_id != request.user.pk:
        raise Http404("No such group.")
    return group


def _page(
    request: HttpRequest,
    group: StudyGroup,
    *,
    region: str | None = None,
    form: GroupForm | None = None,
    announce: str = "",
    status: int = 200,
) -> HttpResponse:
    invite_path = reverse("groups:join", args=[group.pk, group.invite_token])
    context = {
        "group": group,
        "form": form or GroupForm(instance=group),
        "members": group_members(group=group),
        "invite_url": request.build_absolute_uri(invite_path) if group.invite_token else "",
        "invite_expires_at": group.invite_expires_at(),
        "max_members": rules.MAX_MEMBERS,
        "announce": announce,
        "changed": bool(announce),
    }
    return render(request, f"{PAGE}#{region}" if region else PAGE, context, status=status)


def _done(request: HttpRequest, group: StudyGroup, region: str, said: str) -> HttpResponse:
    if request.htmx:
        return _page(request, group, region=region, announce=said)
    messages.success(request, said)
    return redirect(reverse("groups:manage", args=[group.pk]) + f"#{region}")


@login_required
@require_safe
def manage(request: HttpRequest, group_id: int) -> HttpResponse:
    return _page(request, _owned(request, group_id))


@login_required
@require_POST
def rename(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _owned(request, group_id)
    form = GroupForm(request.POST, instance=StudyGroup.objects.get(pk=group.pk))
    if not form.is_valid():
        said = "Nothing was saved: see the form."
        if request.htmx:
            return _page(request, group, region="details", form=form, announce=said, status=400)
        return _page(request, group, form=form, status=400)
    services.group_rename(group=group, **form.cleaned_data)
    return _done(request, group, "details", f"Saved: the group is “{group.name}”.")


@login_required
@require_POST
def invite_renew(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _owned(request, group_id)
    services.invite_renew(group=group, now=timezone.now())
    said = "A new invite link is ready: the old one stopped working."
    return _done(request, group, "invite", said)


@login_required
@require_POST
def member_remove(request: HttpRequest, group_id: int, membership_id: int) -> HttpResponse:
    group = _owned(request, group_id)
    membership = membership_in(group=group, membership_id=membership_id)
    try:
        services.member_remove(group=group, membership=membership)
    except ValidationError as error:
        return _done(request, group, "members", " ".join(error.messages))
    return _done(request, group, "members", "The member is removed from the group.")


@login_required
@require_POST
def hand_over(request: HttpRequest, group_id: int, membership_id: int) -> HttpResponse:
    """Make another member the owner: this page is no longer the learner's, so back to the
    group's page."""
    group = _owned(request, group_id)
    membership = membership_in(group=group, membership_id=membership_id)
    try:
        services.ownership_hand(group=group, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The group has a new owner: you are a member now.")
    return redirect("groups:detail", group_id=group.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, group_id: int) -> HttpResponse:
    """GET asks to confirm; POST deletes the group, its check-ins with it."""
    group = _owned(request, group_id)
    if request.method == "POST":
        services.group_delete(group=group)
        messages.success(request, f"“{group.name}” is deleted.")
        return redirect("groups:list")
    return render(request, "groups/delete.html", {"group": group})
