"""The catalog's rules, without the database."""

import datetime as dt
from decimal import Decimal

import pytest

from courses import rules
from courses.rules import (
    Background,
    CostItem,
    CourseFacts,
    PriceRange,
    TargetRole,
    Track,
    certificate_cost,
    months_of_subscription,
    project,
    recommend_track,
    verdict,
    weeks_to_finish,
)

COURSERA = PriceRange(Decimal(49), Decimal(79))
START = dt.date(2026, 11, 26)


def coursera_course(hours=30) -> CostItem:
    return CostItem(
        hours=Decimal(hours), price_model="subscription", platform="Coursera", subscription=COURSERA
    )


# The guide's zero-to-builder path: five Coursera courses, 30 h each (our estimate).
ZERO_TO_BUILDER = [coursera_course() for _ in range(5)]


# --- weeks and months ---


@pytest.mark.parametrize(
    ("total", "per_week", "weeks"),
    [
        (160, 10, 16),
        (161, 10, 17),  # a started week counts
        (20, 6, 4),
        (0, 10, 0),
        (1.5, 0.5, 3),  # exact with decimal fractions
        (Decimal("0.3"), Decimal("0.1"), 3),
    ],
)
def test_weeks_to_finish_rounds_up_to_whole_weeks(total, per_week, weeks):
    assert weeks_to_finish(total, per_week) == weeks


@pytest.mark.parametrize("per_week", [0, -1, Decimal("-0.5")])
def test_weeks_to_finish_refuses_no_time(per_week):
    with pytest.raises(ValueError, match="more than 0"):
        weeks_to_finish(100, per_week)


def test_weeks_to_finish_refuses_negative_totals():
    with pytest.raises(ValueError, match="negative"):
        weeks_to_finish(-1, 5)


@pytest.mark.parametrize(
    ("hours", "per_week", "months"),
    [
        (150, 10, 4),  # 15 weeks = 3.46 months
        (130, 10, 3),  # 13 weeks = exactly 3 months of 52/12 weeks
        (131, 10, 4),
        (1, 10, 1),  # a started month is paid
        (0, 10, 0),
    ],
)
def test_months_of_subscription_count_started_months(hours, per_week, months):
    assert months_of_subscription(hours, per_week) == months


# --- projection and cost ---


@pytest.mark.parametrize(
    ("per_week", "weeks", "finish", "months", "low", "high"),
    [
        # 150 h / 5 = 30 weeks → 26 Nov 2026 + 210 days; 30 weeks / (52/12) = 6.92 → 7 months.
        (5, 30, dt.date(2027, 6, 24), 7, 343, 553),
        # 150 h / 10 = 15 weeks → + 105 days; 3.46 → 4 months: 4 × 49 = 196, 4 × 79 = 316.
        (10, 15, dt.date(2027, 3, 11), 4, 196, 316),
        # 150 h / 20 = 7.5 → 8 weeks → + 56 days; 7.5 weeks / 4.33 = 1.73 → 2 months.
        (20, 8, dt.date(2027, 1, 21), 2, 98, 158),
    ],
)
def test_the_zero_to_builder_path_at_5_10_and_20_hours_a_week(
    per_week, weeks, finish, months, low, high
):
    projection = project(ZERO_TO_BUILDER, per_week, START)

    assert projection.total_hours == 150
    assert projection.weeks == weeks
    assert projection.finish == finish
    assert projection.cost.subscription_months == {"Coursera": months}
    assert projection.cost.certificate == PriceRange(Decimal(low), Decimal(high))
    assert projection.cost.audit_free
    assert projection.realistic


def test_more_than_20_hours_a_week_is_a_second_job():
    projection = project(ZERO_TO_BUILDER, Decimal("20.5"), START)

    assert not projection.realistic
    assert "second job" in projection.unrealistic_reasons[0]


def test_more_than_12_months_is_unrealistic():
    # 150 h at 2.5 h/week = 60 weeks.
    projection = project(ZERO_TO_BUILDER, Decimal("2.5"), START)

    assert projection.weeks == 60
    assert projection.unrealistic_reasons == ("60 weeks is more than 12 months.",)


def test_exactly_12_months_is_still_realistic():
    assert project([coursera_course(52)], 1, START).realistic


def test_a_path_with_no_steps_takes_no_time_and_costs_nothing():
    projection = project([], 10, START)

    assert projection.weeks == 0
    assert projection.finish == START
    assert projection.cost.certificate.is_free
    assert projection.realistic


@pytest.mark.parametrize("per_week", [0, -5])
def test_projection_refuses_no_time(per_week):
    with pytest.raises(ValueError, match="more than 0"):
        project(ZERO_TO_BUILDER, per_week, START)


def test_one_time_fees_add_up_and_do_not_depend_on_pace():
    bootcamp = CostItem(
        hours=Decimal(200),
        price_model="one_time",
        platform="Udacity",
        one_time_fee=Decimal(1000),
        audit_free=False,
    )

    slow = certificate_cost([bootcamp, bootcamp], 5)
    fast = certificate_cost([bootcamp, bootcamp], 20)

    assert slow.certificate == fast.certificate == PriceRange(Decimal(2000), Decimal(2000))
    assert slow.subscription_months == {}
    assert not slow.audit_free


def test_subscription_and_one_time_prices_combine():
    bootcamp = CostItem(
        hours=Decimal(100), price_model="one_time", platform="Udacity", one_time_fee=Decimal(500)
    )

    cost = certificate_cost([coursera_course(40), bootcamp], 10)

    # Coursera: 40 h / 10 = 4 weeks → 1 month; plus the fee.
    assert cost.certificate == PriceRange(Decimal(549), Decimal(579))
    assert cost.one_time_fees == 500


def test_each_subscription_platform_is_paid_for_its_own_months():
    other = CostItem(
        hours=Decimal(30),
        price_model="subscription",
        platform="edX",
        subscription=PriceRange(Decimal(30), Decimal(40)),
    )

    cost = certificate_cost([coursera_course(30), other], 10)

    assert cost.subscription_months == {"Coursera": 1, "edX": 1}
    assert cost.certificate == PriceRange(Decimal(79), Decimal(119))


def test_free_certificates_cost_nothing():
    free = CostItem(hours=Decimal(20), price_model="free", platform="Kaggle")

    assert certificate_cost([free], 10).certificate.is_free


def test_a_subscription_course_needs_its_platforms_price():
    with pytest.raises(ValueError, match="no subscription price"):
        certificate_cost([CostItem(Decimal(10), "subscription", "Nowhere")], 10)


# --- verdict ---


def facts(**overrides) -> CourseFacts:
    values = {
        "assessment_kinds": frozenset({"coding", "quiz"}),
        "workflow_stages": frozenset({"Preprocessing", "Features", "Evaluation"}),
        "missing_workflow_stages": frozenset({"Production"}),
        "backer": "University of Washington",
        "backer_recognised": True,
        "hours": Decimal(30),
    }
    return CourseFacts(**(values | overrides))


def test_a_course_with_all_four_traits_is_worth_pursuing():
    result = verdict(facts(), 10)

    assert [trait.passed for trait in result.traits] == [True, True, True, True]
    assert result.score == 4
    assert result.worth_pursuing
    reasons = [trait.reason for trait in result.traits]
    assert reasons == [
        "Graded work you can show: coding assignments.",
        "Covers 3 of 4 stages: Evaluation, Features and Preprocessing. Missing: Production.",
        "University of Washington is a name hiring managers know.",
        "About 3 weeks at 10 h a week.",
    ]


def test_quizzes_only_build_nothing():
    trait = verdict(facts(assessment_kinds=frozenset({"quiz"})), 10).traits[0]

    assert not trait.passed
    assert trait.reason == "Quizzes only: nothing to show an employer."


def test_no_assignments_build_nothing():
    assert not verdict(facts(assessment_kinds=frozenset()), 10).traits[0].passed


def test_every_building_kind_is_named():
    kinds = frozenset({"notebook", "capstone", "coding"})

    reason = verdict(facts(assessment_kinds=kinds), 10).traits[0].reason

    assert (
        reason == "Graded work you can show: coding assignments, notebooks and a capstone project."
    )


def test_two_stages_are_not_the_full_workflow():
    trait = verdict(
        facts(
            workflow_stages=frozenset({"Features", "Evaluation"}),
            missing_workflow_stages=frozenset({"Preprocessing", "Production"}),
        ),
        10,
    ).traits[1]

    assert not trait.passed
    assert trait.reason == (
        "Covers 2 of 4 stages: Evaluation and Features. Missing: Preprocessing and Production."
    )


def test_modelling_only_covers_no_stage():
    trait = verdict(facts(workflow_stages=frozenset()), 10).traits[1]

    assert not trait.passed
    assert "none of" in trait.reason


def test_a_platform_only_credential_has_no_backer():
    trait = verdict(facts(backer=None, backer_recognised=False), 10).traits[2]

    assert not trait.passed
    assert "platform-only" in trait.reason


def test_an_unrecognised_backer_fails():
    trait = verdict(facts(backer="Acme Academy", backer_recognised=False), 10).traits[2]

    assert not trait.passed
    assert trait.reason == "Acme Academy is not widely recognised by employers."


def test_the_timeline_depends_on_the_learners_hours():
    long_course = facts(hours=Decimal(600))

    assert verdict(long_course, 12).traits[3].passed  # 50 weeks
    assert not verdict(long_course, 10).traits[3].passed  # 60 weeks
    assert not verdict(facts(), 25).traits[3].passed  # a second job
    assert verdict(facts(hours=Decimal(5)), Decimal("7.5")).traits[3].reason == (
        "About 1 week at 7.5 h a week."
    )


def test_three_traits_are_enough_and_two_are_not():
    three = verdict(facts(assessment_kinds=frozenset({"quiz"})), 10)
    two = verdict(facts(assessment_kinds=frozenset({"quiz"}), backer=None), 10)

    assert (three.score, three.worth_pursuing) == (3, True)
    assert (two.score, two.worth_pursuing) == (2, False)


def exam(**overrides) -> CourseFacts:
    """Google Cloud's ML engineer exam as the verdict sees it: a 2-hour test, no coursework."""
    values = {
        "assessment_kinds": frozenset(),
        "backer": "Google Cloud",
        "hours": Decimal(2),
        "is_exam": True,
    }
    return facts(**(values | overrides))


def test_an_exam_alone_builds_nothing():
    trait = verdict(exam(), 10).traits[0]

    assert not trait.passed
    assert trait.reason == (
        "An exam alone builds nothing to show: pair it with portfolio projects that "
        "prove the same skills."
    )


def test_an_exam_is_never_worth_pursuing_on_its_own():
    result = verdict(exam(), 10)

    assert result.score == 3  # workflow, backer and timeline pass
    assert not result.worth_pursuing
    assert result.needs_portfolio_work
    assert result.worth_beside_portfolio_work


def test_a_weak_exam_is_not_worth_it_even_beside_portfolio_work():
    result = verdict(exam(backer="Acme Academy", backer_recognised=False), 10)

    assert result.score == 2
    assert not result.worth_pursuing
    assert not result.worth_beside_portfolio_work


def test_exam_questions_listed_as_quizzes_still_build_nothing():
    assert not verdict(exam(assessment_kinds=frozenset({"coding"})), 10).traits[0].passed


def test_a_course_needs_no_portfolio_work_to_be_worth_pursuing():
    result = verdict(facts(), 10)

    assert not result.needs_portfolio_work
    assert not result.worth_beside_portfolio_work


# --- recommendation ---


@pytest.mark.parametrize(
    ("background", "role", "track"),
    [
        (Background.PROGRAMMER, TargetRole.DATA_SCIENTIST, Track.BUILDER),
        (Background.PROGRAMMER, TargetRole.ML_ENGINEER, Track.BUILDER),
        (Background.PROGRAMMER, TargetRole.MLOPS, Track.MLOPS),
        (Background.PROGRAMMER, TargetRole.NON_ENGINEERING, Track.LITERACY),
        # Non-programmers start with literacy, whatever the role: the guide warns against
        # code-heavy courses abandoned after two weeks.
        (Background.NON_PROGRAMMER, TargetRole.DATA_SCIENTIST, Track.LITERACY),
        (Background.NON_PROGRAMMER, TargetRole.ML_ENGINEER, Track.LITERACY),
        (Background.NON_PROGRAMMER, TargetRole.MLOPS, Track.LITERACY),
        (Background.NON_PROGRAMMER, TargetRole.NON_ENGINEERING, Track.LITERACY),
    ],
)
def test_recommendation_follows_the_guides_sequencing(background, role, track):
    assert recommend_track(background, role) == track


def test_the_guides_workloads_are_single_courses_and_specializations():
    assert [(w.low_hours, w.high_hours) for w in rules.GUIDE_WORKLOADS] == [(20, 40), (80, 160)]


# --- links ---


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://github.com/ada/churn", True),
        ("HTTP://example.com/notebook.ipynb", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("ftp://files.example.com/model.pkl", False),
        ("", False),
    ],
)
def test_only_http_and_https_links_are_shown(url, shown):
    assert rules.is_web_link(url) is shown


# Hidden characters


@pytest.mark.parametrize(
    "text",
    [
        "a\u202eb",  # right-to-left override
        "a\u2066b\u2069",  # left-to-right isolate … pop
        "a\u200fb",  # right-to-left mark
        "a\u200bb",  # zero-width space
        "a\u200db",  # zero-width joiner
        "a\ufeffb",  # zero-width no-break space (BOM)
        "a\u2060b",  # word joiner
        "a\u00adb",  # soft hyphen
    ],
)
def test_direction_and_zero_width_characters_are_hidden_ones(text):
    assert rules.has_hidden_characters(text)
    assert rules.without_hidden_characters(text) == text[0] + text[2:].rstrip("\u2069")


@pytest.mark.parametrize("text", ["House prices", "Réseaux de neurones", "機械学習", "مرحبا", "🎓"])
def test_visible_text_in_any_script_is_kept(text):
    assert not rules.has_hidden_characters(text)
    assert rules.without_hidden_characters(text) == text


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.com/work", None),
        ("HTTP://example.com", None),
        ("javascript:alert(1)", "Give a link starting with http:// or https://."),
        ("https://exa\u200bmple.com/", rules.HIDDEN_IN_LINK),
        ("https://example.com/\u202efdp.exe", rules.HIDDEN_IN_LINK),
    ],
)
def test_a_web_link_is_http_and_visible(url, problem):
    assert rules.web_link_problem(url) == problem


# --- hours learners really took ---


@pytest.mark.parametrize(
    ("values", "middle"),
    [
        ([], None),
        ([Decimal(7)], Decimal(7)),
        ([Decimal(30), Decimal(10), Decimal(20)], Decimal(20)),
        ([Decimal(10), Decimal(40), Decimal(20), Decimal(30)], Decimal(25)),
    ],
)
def test_the_median_is_the_middle_value(values, middle):
    assert rules.median(values) == middle


def test_real_hours_need_five_completers():
    assert rules.real_hours(Decimal(17), 4) is None
    assert rules.real_hours(None, 9) is None
    assert rules.real_hours(16.75, 5) == rules.RealHours(Decimal("16.8"), 5)


def test_a_learners_pace_scales_a_course():
    assert rules.scaled(coursera_course(30), Decimal("1.5")).hours == Decimal(45)
