"""A learner's own plan: made from their path, skipped, added to, reordered and given back;
the dashboard, calendar, reminder, readiness and public page follow it; staff's changes to the
path never overwrite it."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Course, Path, PathStep, Skill
from learners import plan_services
from learners.models import CourseProgress, Plan, PlanStep
from learners.plan_rules import MAX_PLAN_STEPS
from learners.reminders import next_assignment
from learners.selectors.calendar import planned_finishes
from learners.selectors.readiness import readiness_of
from learners.services import enrollment_start
from tests.courses.factories import AssignmentFactory, CourseFactory, PathStepFactory

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("learners:dashboard")
PLAN = reverse("learners:plan")
ZERO = "from-zero-to-building-ml-models"
# Monday 7 December 2026, midday in Berlin (the learners' zone).
NOW = dt.datetime(2026, 12, 7, 11, tzinfo=dt.UTC)
COURSERA_LINK = "https://www.coursera.org/account/accomplishments/verify/ABC123XYZ?utm_source=x"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def zero_path(catalog):
    return Path.objects.get(slug=ZERO)


@pytest.fixture
def enrolled(alice, zero_path):
    enrollment_start(user=alice, path=zero_path)
    return alice


@pytest.fixture
def planned(enrolled, zero_path):
    plan_services.plan_make(user=enrolled, path=zero_path)
    return enrolled


def steps_of(user) -> list[PlanStep]:
    return list(PlanStep.objects.filter(user=user).select_related("course").order_by("position"))


def slugs_of(user) -> list[str]:
    return [step.course.slug for step in steps_of(user)]


def official_slugs(path) -> list[str]:
    return list(path.steps.order_by("position").values_list("course__slug", flat=True))


def step_url(name: str, step: PlanStep) -> str:
    return reverse(f"learners:{name}", args=[step.pk])


def exam(**fields) -> Course:
    return CourseFactory(
        title="Professional ML Engineer exam",
        program_type=Course.ProgramType.CERTIFICATION_EXAM,
        price_model=Course.PriceModel.ONE_TIME,
        one_time_fee_usd=Decimal(200),
        estimated_hours=None,
        **fields,
    )


# --- Making a path one's own ---------------------------------------------------------------


def test_until_a_learner_makes_the_path_theirs_the_dashboard_offers_it(alice_client, enrolled):
    page = alice_client.get(DASHBOARD).content.decode()

    assert "Make this path mine" in page
    assert reverse("learners:plan_make", args=[ZERO]) in page
    assert not Plan.objects.exists()


def test_make_this_path_mine_copies_its_steps_in_order_with_why_here(
    alice_client, enrolled, zero_path
):
    response = alice_client.post(reverse("learners:plan_make", args=[ZERO]), follow=True)

    assert response.redirect_chain[-1][0] == PLAN
    assert "is now your own plan" in response.content.decode()
    assert slugs_of(enrolled) == official_slugs(zero_path)
    assert [step.position for step in steps_of(enrolled)] == [1, 2, 3, 4, 5]
    first = zero_path.steps.order_by("position").first()
    assert steps_of(enrolled)[0].why == first.why_here
    assert "Change my plan" in alice_client.get(DASHBOARD).content.decode()


def test_make_this_path_mine_from_the_path_page_enrols_first(alice_client, alice, zero_path):
    alice_client.post(reverse("learners:plan_make", args=[ZERO]))

    assert alice.enrollments.get(status="active").path == zero_path
    assert len(steps_of(alice)) == 5


def test_a_second_make_keeps_the_plan_as_it_is(alice_client, planned):
    first = steps_of(planned)[0]
    plan_services.plan_step_skip(user=planned, step_id=first.pk, reason="known")

    alice_client.post(reverse("learners:plan_make", args=[ZERO]))

    assert steps_of(planned)[0].skipped_reason == "known"


def test_the_path_page_offers_make_this_path_mine_to_a_signed_in_learner_only(
    client, alice, zero_path
):
    url = zero_path.get_absolute_url()
    make = reverse("learners:plan_make", args=[ZERO])

    assert make not in client.get(url).content.decode()
    client.force_login(alice)
    assert make in client.get(url).content.decode()


# --- Skip, add, move, remove ----------------------------------------------------------------


def dashboard_count(client) -> str:
    page = client.get(DASHBOARD).content.decode()
    return page.split('id="path-count">')[1].split("</p>")[0]


def test_a_skipped_step_is_struck_through_not_counted_and_can_be_taken_back(alice_client, planned):
    first = steps_of(planned)[0]
    before = alice_client.get(DASHBOARD).content.decode()
    assert "150 h take" in before

    response = alice_client.post(
        step_url("plan_step_skip", first), {f"skip-{first.pk}-reason": "known"}, follow=True
    )

    page = response.content.decode()
    assert "Skipped “" in page
    assert f'<del><a href="{reverse("learners:my_course", args=[first.course.slug])}"' in page
    assert "0 of 4 courses done (1 skipped)" in dashboard_count(alice_client)
    assert "120 h take" in alice_client.get(DASHBOARD).content.decode()

    alice_client.post(step_url("plan_step_unskip", first))

    assert "0 of 5 courses done" in dashboard_count(alice_client)


def test_a_certificate_skip_needs_its_issuer_and_a_good_link(alice_client, planned):
    first = steps_of(planned)[0]
    prefix = f"skip-{first.pk}"

    response = alice_client.post(
        step_url("plan_step_skip", first),
        {f"{prefix}-reason": "certificate", f"{prefix}-url": "javascript:alert(1)"},
    )

    assert response.status_code == 400
    assert "https://" in response.content.decode()
    assert steps_of(planned)[0].skipped_reason == ""


def hold_certificate(client, step: PlanStep) -> None:
    prefix = f"skip-{step.pk}"
    client.post(
        step_url("plan_step_skip", step),
        {
            f"{prefix}-reason": "certificate",
            f"{prefix}-url": COURSERA_LINK,
            f"{prefix}-earned_on": "2026-03-02",
        },
    )


def test_a_coursera_certificate_held_elsewhere_is_evidence_on_readiness_and_the_public_page(
    client, alice_client, planned
):
    step = steps_of(planned)[0]
    step.course.skills.add(
        *Course.objects.get(pk=step.course_id).skills.model.objects.filter(kind="employer_check")[
            :1
        ]
    )
    check = step.course.skills.filter(kind="employer_check").first()

    hold_certificate(alice_client, step)

    step.refresh_from_db()
    assert step.certificate_issuer == "Coursera"  # read from the link
    assert (
        step.certificate_url == "https://www.coursera.org/account/accomplishments/verify/ABC123XYZ"
    )
    readiness = alice_client.get(reverse("learners:readiness")).content.decode()
    card = readiness.split(f'id="check-{check.slug}"')[1].split("</article>")[0]
    assert "Evidenced" in card
    assert f"Certificate for {step.course.title}" in card and "earned elsewhere" in card
    profile = planned.profile
    profile.public_portfolio, profile.public_slug = True, "alice"
    profile.save()
    public = client.get(reverse("learners:public_portfolio", args=["alice"])).content.decode()
    assert "Earned elsewhere" in public
    assert "ABC123XYZ" in public
    assert "https://www.coursera.org/account/accomplishments/verify/ABC123XYZ" in public
    assert "0 of 4 courses" in public


def test_an_added_program_counts_at_the_learners_pace_and_can_be_removed(alice_client, planned):
    extra = CourseFactory(title="Deep Learning Specialization", estimated_hours=Decimal(40))

    response = alice_client.post(
        reverse("learners:plan_step_add"),
        {"course": extra.pk, "position": "2", "why": "My job needs it now."},
        follow=True,
    )

    assert "as step 2" in response.content.decode()
    assert slugs_of(planned)[1] == extra.slug
    assert steps_of(planned)[1].why == "My job needs it now."
    page = alice_client.get(DASHBOARD).content.decode()
    assert "0 of 6 courses done" in page and "190 h take" in page and "Added by you" in page

    alice_client.post(step_url("plan_step_remove", steps_of(planned)[1]))

    assert extra.slug not in slugs_of(planned)
    assert [step.position for step in steps_of(planned)] == [1, 2, 3, 4, 5]


def test_an_exam_with_no_hours_is_named_by_the_projection_never_guessed(alice_client, planned):
    before = alice_client.get(DASHBOARD).content.decode()
    added = exam()

    alice_client.post(reverse("learners:plan_step_add"), {"course": added.pk, "position": "1"})

    page = alice_client.get(DASHBOARD).content.decode()
    assert "0 of 6 courses done" in page
    assert "hours not known" in page
    assert f"no source gives the hours of <strong>{added.title}</strong>" in page
    # The finish date counts the known hours only, as before.
    assert "150 h take" in page and "150 h take" in before


def test_a_step_of_the_path_is_skipped_not_removed(alice_client, planned):
    first = steps_of(planned)[0]

    response = alice_client.post(step_url("plan_step_remove", first), follow=True)

    assert "skipped rather than removed" in response.content.decode()
    assert len(steps_of(planned)) == 5


def test_a_course_is_at_most_once_in_a_plan(alice_client, planned):
    first = steps_of(planned)[0]

    response = alice_client.post(
        reverse("learners:plan_step_add"), {"course": first.course_id, "position": "1"}
    )

    assert response.status_code == 400
    assert len(steps_of(planned)) == 5
    with pytest.raises(ValidationError, match="already in your plan"):
        plan_services.plan_step_add(user=planned, course=first.course, position=1)


def test_moves_up_and_down_and_at_the_edges(alice_client, planned):
    original = slugs_of(planned)
    first, _, third, _, last = steps_of(planned)

    alice_client.post(step_url("plan_step_move", first), {"direction": "up"})
    alice_client.post(step_url("plan_step_move", last), {"direction": "down"})
    assert slugs_of(planned) == original

    response = alice_client.post(step_url("plan_step_move", third), {"direction": "up"})
    assert response["Location"] == f"{PLAN}#step-{third.pk}"
    alice_client.post(step_url("plan_step_move", third), {"direction": "up"})
    alice_client.post(step_url("plan_step_move", first), {"direction": "down"})

    assert slugs_of(planned) == [original[2], original[1], original[0], original[3], original[4]]
    assert [step.position for step in steps_of(planned)] == [1, 2, 3, 4, 5]
    refused = alice_client.post(step_url("plan_step_move", first), {"direction": "sideways"})
    assert refused.status_code == 302


def test_the_plan_page_has_move_buttons_that_need_no_javascript(alice_client, planned):
    page = alice_client.get(PLAN).content.decode()

    for step in steps_of(planned):
        assert f'action="{step_url("plan_step_move", step)}"' in page
    assert page.count('name="direction" value="up"') == 5
    assert "data-hx" not in page.split('id="steps-heading"')[1]


def test_a_plan_holds_at_most_forty_steps(planned):
    for course in CourseFactory.create_batch(MAX_PLAN_STEPS - 5):
        plan_services.plan_step_add(user=planned, course=course, position=1)
    assert len(steps_of(planned)) == MAX_PLAN_STEPS

    with pytest.raises(ValidationError, match="at most 40 steps"):
        plan_services.plan_step_add(user=planned, course=CourseFactory(), position=1)

    assert [step.position for step in steps_of(planned)] == list(range(1, MAX_PLAN_STEPS + 1))


def test_back_to_the_official_path_says_what_is_lost_then_does_it(alice_client, planned, zero_path):
    first = steps_of(planned)[0]
    hold_certificate(alice_client, first)
    added = CourseFactory(title="Deep Learning Specialization")
    plan_services.plan_step_add(user=planned, course=added, position=1)
    url = reverse("learners:plan_to_official")

    confirm = alice_client.get(url).content.decode()

    lost = confirm.split('id="what-is-lost"')[1].split("</ul>")[0]
    assert "your order of the steps" in lost
    assert first.course.title in lost and "certificate you hold" in lost
    assert "Deep Learning Specialization" in lost
    assert Plan.objects.filter(user=planned).exists()

    alice_client.post(url)

    assert not Plan.objects.filter(user=planned).exists()
    assert not PlanStep.objects.filter(user=planned).exists()
    assert "0 of 5 courses done" in dashboard_count(alice_client)


# --- Everything follows the plan ------------------------------------------------------------


def test_the_calendar_and_the_reminder_follow_the_plan(planned, zero_path):
    first, second, third, *_ = steps_of(planned)
    for step in (first, second, third):
        AssignmentFactory(course=step.course, position=0, title=f"Start of {step.course.title}")
    plan_services.plan_step_skip(user=planned, step_id=first.pk, reason="known")
    plan_services.plan_step_move(user=planned, step_id=third.pk, offset=-2)
    extra = CourseFactory(title="Added course", estimated_hours=Decimal(16))
    plan_services.plan_step_add(user=planned, course=extra, position=6)

    finishes = planned_finishes(profile=planned.profile, now=NOW)

    keys = [finish.key for finish in finishes]
    assert first.course.slug not in keys
    assert keys[:2] == [third.course.slug, second.course.slug]
    assert extra.slug in keys
    assert "own plan" in finishes[0].description
    assert next_assignment(user=planned).course == third.course


def test_a_plan_entirely_done_says_so(alice_client, planned):
    for step in steps_of(planned)[1:]:
        CourseProgress.objects.create(user=planned, course=step.course, status="completed")
    plan_services.plan_step_skip(user=planned, step_id=steps_of(planned)[0].pk, reason="known")

    page = alice_client.get(DASHBOARD).content.decode()

    assert "4 of 4 courses done (1 skipped)" in page
    assert "Every course of this path is done" in page
    assert next_assignment(user=planned) is None


# --- When staff change the official path ----------------------------------------------------


def test_a_course_the_path_gains_is_offered_once_to_a_learner_with_a_plan(
    alice_client, planned, zero_path
):
    other = Client()
    bob = ProfileFactory(user__username="bob").user
    enrollment_start(user=bob, path=zero_path)
    other.force_login(bob)
    new = CourseFactory(title="A new course on the path")
    PathStepFactory(path=zero_path, course=new, position=6, why_here="Staff added it.")

    page = alice_client.get(DASHBOARD).content.decode()
    assert "Your path now has" in page and "Add it to my plan" in page and "No thanks" in page
    assert new.slug not in slugs_of(planned)
    # Without a plan of their own, a learner just gets the course.
    assert "A new course on the path" in other.get(DASHBOARD).content.decode()

    alice_client.post(reverse("learners:plan_offer", args=[new.slug]), {"answer": "decline"})

    assert "Your path now has" not in alice_client.get(DASHBOARD).content.decode()
    assert new.slug not in slugs_of(planned)


def test_accepting_the_offer_puts_the_course_at_its_place_on_the_path(
    alice_client, planned, zero_path
):
    # The path's unique positions are checked at commit: they may pass one another here.
    PathStep.objects.filter(path=zero_path, position__gte=3).update(position=F("position") + 1)
    new = CourseFactory(title="Third on the path now")
    PathStepFactory(path=zero_path, course=new, position=3, why_here="Staff put it third.")

    alice_client.post(reverse("learners:plan_offer", args=[new.slug]), {"answer": "add"})

    assert slugs_of(planned)[2] == new.slug
    assert steps_of(planned)[2].why == "Staff put it third."
    assert "Your path now has" not in alice_client.get(DASHBOARD).content.decode()


def test_a_course_the_path_loses_stays_in_the_plan_marked(alice_client, planned, zero_path):
    removed = zero_path.steps.order_by("position").last()
    removed.delete()

    page = alice_client.get(DASHBOARD).content.decode()

    assert removed.course.slug in slugs_of(planned)
    assert "No longer on the official path" in page
    assert "0 of 5 courses done" in page


# --- Query counts -------------------------------------------------------------------------


def test_the_dashboards_query_count_is_the_same_from_5_to_40_plan_steps(
    alice_client, planned, django_assert_num_queries
):
    steps = steps_of(planned)
    CourseProgress.objects.create(user=planned, course=steps[0].course, status="completed")
    plan_services.plan_step_skip(user=planned, step_id=steps[1].pk, reason="known")
    plan_services.plan_step_add(user=planned, course=exam(), position=1)
    with CaptureQueriesContext(connection) as small:
        assert alice_client.get(DASHBOARD).status_code == 200

    for course in CourseFactory.create_batch(MAX_PLAN_STEPS - 6):
        plan_services.plan_step_add(user=planned, course=course, position=2)
    assert len(steps_of(planned)) == MAX_PLAN_STEPS

    with django_assert_num_queries(len(small)):
        assert alice_client.get(DASHBOARD).status_code == 200


def test_readinesss_next_step_follows_the_plan(planned):
    check = Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).first()
    first, second, *_ = steps_of(planned)
    for step in (first, second):
        step.course.skills.add(check)

    def next_course():
        [item] = [item for item in readiness_of(user=planned).checks if item.check == check]
        return item.next_course.url if item.next_course else None

    assert next_course() == first.course.get_absolute_url()
    plan_services.plan_step_skip(user=planned, step_id=first.pk, reason="not_for_me")
    assert next_course() == second.course.get_absolute_url()


def test_making_another_path_mine_asks_first_then_switches_and_replaces_the_plan(
    alice_client, planned
):
    other = Path.objects.exclude(slug=ZERO).first()
    first = steps_of(planned)[0]
    plan_services.plan_step_skip(user=planned, step_id=first.pk, reason="known")
    make = reverse("learners:plan_make", args=[other.slug])

    asked = alice_client.post(make)

    page = asked.content.decode()
    assert asked.status_code == 200 and f"Make “{other.title}” your plan instead?" in page
    assert f"your skips of “{first.course.title}”" in page
    assert Plan.objects.get(user=planned).path.slug == ZERO

    alice_client.post(make, {"replace": "yes"})

    assert planned.enrollments.get(status="active").path == other
    assert slugs_of(planned) == official_slugs(other)
    assert Plan.objects.get(user=planned).path == other


def test_without_a_plan_its_pages_send_the_learner_to_the_dashboard(alice_client, enrolled):
    for url in (PLAN, reverse("learners:plan_to_official")):
        response = alice_client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == DASHBOARD
        assert "Make your path your own first" in response.content.decode()
    assert alice_client.post(reverse("learners:plan_step_add"), {}).status_code == 404


def test_with_only_an_exam_of_unknown_hours_left_no_date_is_guessed(alice_client, planned):
    for step in steps_of(planned):
        CourseProgress.objects.create(user=planned, course=step.course, status="completed")
    added = exam()
    plan_services.plan_step_add(user=planned, course=added, position=6)

    page = alice_client.get(DASHBOARD).content.decode()

    assert "5 of 6 courses done" in page
    assert f"no source gives the hours of <strong>{added.title}</strong>" in page
    assert "you would finish around" not in page
    assert "Every course of this path is done" not in page


def test_an_offer_answered_with_anything_else_changes_nothing(alice_client, planned, zero_path):
    new = CourseFactory(title="A new course on the path")
    PathStepFactory(path=zero_path, course=new, position=6, why_here="Staff added it.")

    response = alice_client.post(
        reverse("learners:plan_offer", args=[new.slug]), {"answer": "maybe"}, follow=True
    )

    assert "nothing was changed" in response.content.decode()
    assert "Your path now has" in response.content.decode()
    assert new.slug not in slugs_of(planned)
    assert not Plan.objects.get(user=planned).declined_courses.exists()
