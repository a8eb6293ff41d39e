"""Peer review pages and actions: reviewing a request, asking a group, hiding and reporting a
review, reporting a check-in, and unsubscribing from the weekly digest by the e-mailed link.

Every learner-owned object is scoped: a project to its owner, a request or check-in to its
group's active members; anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from learners.models import PortfolioProject
from learners.unsubscribe import UnsubscribePages, one_click_unsubscribe_view

from . import review_mail, review_services
from .models import CheckIn, Review
from .review_forms import ReportForm, ReviewForm
from .selectors.membership import active_membership
from .selectors.reviews import project_reviews, review_of, reviewable_request


def project_url(project_id: int) -> str:
    return reverse("learners:project_detail", args=[project_id]) + "#peer-reviews"


REVIEW_PAGE = "groups/review_form.html"


def _review_page(
    request: HttpRequest,
    review_request,
    *,
    form: ReviewForm | None = None,
    review: Review | None = None,
    said: str = "",
    status: int = 200,
) -> HttpResponse:
    """The review page, or only its form region for htmx; `said` goes to the page's live
    region. Without a bound `form`, the form shows `review` as saved (or empty)."""
    form = form or ReviewForm(project=review_request.project, review=review)
    context = {
        "form": form,
        "review_request": review_request,
        "review": review,
        # A full page has its messages instead: the live region is for swaps.
        "review_status": said if request.htmx else "",
        "swapped": bool(request.htmx),
    }
    template = f"{REVIEW_PAGE}#review-form" if request.htmx else REVIEW_PAGE
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, group_id: int, request_id: int) -> HttpResponse:
    """The review form: write or change one's review of a request's project. htmx swaps the
    form region; without JavaScript a saved review goes back to the group page (PRG)."""
    review_request = reviewable_request(user=request.user, group_id=group_id, request_id=request_id)
    project = review_request.project
    existing = review_of(reviewer=request.user, project_id=project.pk)
    if request.method != "POST":
        return _review_page(request, review_request, review=existing)
    form = ReviewForm(request.POST, project=project, review=existing)
    if not form.is_valid():
        # The project may have lost its answers since the page was shown: say that instead.
        said = " ".join(form.non_field_errors()) or "Nothing was saved: see the marked answers."
        return _review_page(
            request, review_request, form=form, review=existing, said=said, status=400
        )
    saved, created = review_services.review_save(
        reviewer=request.user,
        review_request=review_request,
        overall=form.cleaned_data["overall"],
        verdicts=form.verdicts(),
        now=timezone.now(),
    )
    verb = "Sent" if created else "Updated"
    said = f"{verb} your review of “{project.title}”. Thank you."
    if request.htmx:
        return _review_page(request, review_request, review=saved, said=said)
    messages.success(request, said)
    return redirect("groups:detail", group_id)


@login_required
@require_POST
def review_delete(request: HttpRequest, group_id: int, request_id: int) -> HttpResponse:
    review_request = reviewable_request(user=request.user, group_id=group_id, request_id=request_id)
    existing = get_object_or_404(Review, reviewer=request.user, project=review_request.project_id)
    review_services.review_delete(reviewer=request.user, review_id=existing.pk)
    said = f"Deleted your review of “{review_request.project.title}”."
    if request.htmx:
        return _review_page(request, review_request, said=said)
    messages.success(request, said)
    return redirect("groups:detail", group_id)


def _reviews_region(
    request: HttpRequest, project: PortfolioProject, said: str, *, refused: bool = False
) -> HttpResponse:
    """The project page's reviews section for htmx, `said` in its live region; `refused`
    marks the ask form's choice as what to correct (400)."""
    context = {
        "project": project,
        "peer_reviews": project_reviews(project=project),
        "review_status": said,
        "swapped": True,
        "ask_refused": refused,
    }
    return render(
        request,
        "groups/_project_reviews.html#reviews",
        context,
        status=400 if refused else 200,
    )


@login_required
@require_POST
def review_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask one of the learner's groups to review their project `pk`; htmx swaps the reviews
    section. A group the learner is not in is a 404, like any group of others."""
    project = get_object_or_404(PortfolioProject, pk=pk, user=request.user)
    group = request.POST.get("group", "")
    if not group.isdecimal():
        said = "Choose one of your groups to ask. Nothing was sent."
        if request.htmx:
            return _reviews_region(request, project, said, refused=True)
        messages.error(request, said)
        return redirect(project_url(project.pk))
    asked = review_services.review_request_create(
        user=request.user, project_id=project.pk, group_id=int(group)
    )
    said = f"Asked {asked.group.name} to review “{project.title}”."
    if request.htmx:
        return _reviews_region(request, project, said)
    messages.success(request, said)
    return redirect(project_url(project.pk))


def _owned_review(request: HttpRequest, pk: int, review_id: int) -> Review:
    return get_object_or_404(
        Review.objects.select_related("project"),
        pk=review_id,
        project=pk,
        project__user=request.user,
    )


@login_required
@require_POST
def review_hide(request: HttpRequest, pk: int, review_id: int) -> HttpResponse:
    """Hide a review of one's project, or show it again; htmx swaps the reviews section."""
    hidden = request.POST.get("hidden") == "1"
    review_obj = _owned_review(request, pk, review_id)
    review_services.review_hide(owner=request.user, review_id=review_obj.pk, hidden=hidden)
    status = "Review hidden: it counts nowhere now." if hidden else "Review shown again."
    if request.htmx:
        return _reviews_region(request, review_obj.project, status)
    messages.success(request, status)
    return redirect(project_url(pk))


def _report_page(
    request: HttpRequest, *, what: str, back: str, back_to: str, report
) -> HttpResponse:
    """GET shows the report form; a valid POST files the report through `report(reason)`.
    htmx swaps the form for the thanks (said in the page's live region) or for itself with
    what to correct; without JavaScript a filed report goes `back` (PRG)."""
    # Bound on any POST: the reason is optional, so even an empty body files a report.
    form = ReportForm(request.POST if request.method == "POST" else None)
    reported = request.method == "POST" and form.is_valid()
    if reported:
        report(form.cleaned_data["reason"])
        said = f"Thank you: staff will look at this {what}. It stays up until they act."
        if not request.htmx:
            messages.success(request, said)
            return redirect(back)
    elif form.errors and request.htmx:
        said = "Nothing was sent: see the reason."
    else:
        said = ""
    context = {
        "form": form,
        "what": what,
        "back": back,
        "back_to": back_to,
        "reported": reported,
        "report_status": said,
        "swapped": bool(request.htmx and said),
    }
    template = "groups/report.html#report-form" if request.htmx else "groups/report.html"
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_report(request: HttpRequest, pk: int, review_id: int) -> HttpResponse:
    review_obj = _owned_review(request, pk, review_id)
    return _report_page(
        request,
        what="review",
        back=project_url(pk),
        back_to="Back to your project",
        report=lambda reason: review_services.report_review(
            reporter=request.user, review=review_obj, reason=reason
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in_report(request: HttpRequest, group_id: int) -> HttpResponse:
    """Report the check-in `?check_in=<id>` of the member's group."""
    membership = active_membership(user=request.user, group_id=group_id)
    check_in_id = request.GET.get("check_in", "")
    if not check_in_id.isdecimal():
        raise Http404("No check-in of this group is named.")
    check_in = get_object_or_404(CheckIn, pk=check_in_id, group=membership.group)
    return _report_page(
        request,
        what="check-in",
        back=reverse("groups:detail", args=[group_id]),
        back_to=f"Back to “{membership.group.name}”",
        report=lambda reason: review_services.report_check_in(
            reporter=request.user, check_in=check_in, reason=reason
        ),
    )


@login_required
@require_POST
def digest_setting(request: HttpRequest) -> HttpResponse:
    """Turn the weekly group digest on or off (the groups page's form); htmx swaps the switch's
    section, without JavaScript the groups page comes back (PRG)."""
    on = request.POST.get("digests") == "on"
    review_services.digests_set(user=request.user, on=on)
    said = (
        "You get the weekly group digest at your reminder hour."
        if on
        else "No more weekly group digests."
    )
    if request.htmx:
        context = {"digests_on": on, "digest_status": said}
        return render(request, "groups/_digest_setting.html#digest", context)
    messages.success(request, said)
    return redirect(reverse("groups:list") + "#digest")


# RFC 8058 one-click unsubscribe, as the hour reminders': exempt from CSRF, as the mail provider
# POSTs without a token. GET asks to confirm; POST stops the group digests.
digest_unsubscribe = one_click_unsubscribe_view(
    user_id_of=review_mail.digest_unsubscribe_user_id,
    turn_off=lambda user_id: review_services.digests_off(user_id=user_id),
    pages=UnsubscribePages.one_template("groups/digest_unsubscribe.html"),
)
