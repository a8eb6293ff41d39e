"""The catalog's rules as pure functions: no database, no Django models.

Verdict (is a program worth pursuing?), projection (when will a path be finished, at what
cost?) and recommendation (which path fits a learner?) follow the guide in shared/seeds/.
"""

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

Hours = int | float | Decimal | Fraction | str

# The guide: "A 12-month, 20-hours-per-week commitment is not a free certificate
# program — it's a second job."
MAX_REALISTIC_WEEKS = 52
MAX_REALISTIC_HOURS_PER_WEEK = 20
# Preprocessing, feature engineering, evaluation, production: covering most of them is what
# separates a program from one "focused purely on algorithm theory".
WORKFLOW_STAGES = 4
FULL_WORKFLOW_MIN_STAGES = 3
WORTH_PURSUING_MIN_TRAITS = 3
WEEKS_PER_MONTH = Fraction(52, 12)
# The guide's yardstick ("2–4 months at 10 hours per week"), used when a learner has said nothing.
DEFAULT_HOURS_PER_WEEK = Decimal(10)


class AssessmentKind(StrEnum):
    QUIZ = "quiz"
    CODING = "coding"
    NOTEBOOK = "notebook"
    CAPSTONE = "capstone"


# Assessments that leave the learner with something to show.
BUILDING_KINDS = {
    AssessmentKind.CODING: "coding assignments",
    AssessmentKind.NOTEBOOK: "notebooks",
    AssessmentKind.CAPSTONE: "a capstone project",
}


class Track(StrEnum):
    BUILDER = "builder"
    LITERACY = "literacy"
    MLOPS = "mlops"


class Background(StrEnum):
    PROGRAMMER = "programmer"
    NON_PROGRAMMER = "non_programmer"


class TargetRole(StrEnum):
    DATA_SCIENTIST = "data_scientist"
    ML_ENGINEER = "ml_engineer"
    MLOPS = "mlops"
    NON_ENGINEERING = "non_engineering"


class Workload(NamedTuple):
    label: str
    low_hours: int
    high_hours: int


# The guide: single-course certificates take 20–40 hours; Coursera specializations
# are listed at 80–160 hours (2–4 months at 10 h/week).
GUIDE_WORKLOADS = (
    Workload("A single-course certificate", 20, 40),
    Workload("A university specialization", 80, 160),
)


def _exact(value: Hours) -> Fraction:
    # Decimal strings such as "0.1" stay exact, so 1.5 h ÷ 0.5 h/week is 3 weeks, not 3.0000001.
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def _positive_hours_per_week(hours_per_week: Hours) -> Fraction:
    per_week = _exact(hours_per_week)
    if per_week <= 0:
        raise ValueError("Hours per week must be more than 0.")
    return per_week


def weeks_to_finish(total_hours: Hours, hours_per_week: Hours) -> int:
    """Whole weeks needed to study `total_hours` at `hours_per_week` (a started week counts)."""
    per_week = _positive_hours_per_week(hours_per_week)
    total = _exact(total_hours)
    if total < 0:
        raise ValueError("Total hours cannot be negative.")
    return math.ceil(total / per_week)


def months_of_subscription(total_hours: Hours, hours_per_week: Hours) -> int:
    """Whole months of subscription paid while studying `total_hours` (a started month counts)."""
    weeks = _exact(total_hours) / _positive_hours_per_week(hours_per_week)
    return math.ceil(weeks / WEEKS_PER_MONTH)


def unrealistic_reasons(weeks: int, hours_per_week: Hours) -> tuple[str, ...]:
    """Why a plan of `weeks` at `hours_per_week` is not one a learner can realistically hit."""
    reasons = []
    if _exact(hours_per_week) > MAX_REALISTIC_HOURS_PER_WEEK:
        reasons.append(
            f"More than {MAX_REALISTIC_HOURS_PER_WEEK} hours a week is a second job, "
            "not a study plan."
        )
    if weeks > MAX_REALISTIC_WEEKS:
        reasons.append(f"{weeks} weeks is more than 12 months.")
    return tuple(reasons)


# --- Links ------------------------------------------------------------------------------

WEB_SCHEMES = ("http://", "https://")


def is_web_link(url: str) -> bool:
    """Whether a link is one to show people: http(s) only (no javascript:, data: or ftp:)."""
    return url.lower().startswith(WEB_SCHEMES)


# Hidden characters: Unicode's format characters (category Cf) draw nothing, yet change what
# text shows. Direction controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C) reorder it,
# so that "gnp.exe" after U+202E reads "exe.png"; zero-width ones (U+200B–200D, U+2060, U+FEFF,
# the soft hyphen U+00AD) hide inside it, so that two different addresses look the same.
# Titles lose them (an emoji sequence joined by U+200D falls into its parts, a small price);
# links refuse them, since taking one out would change where the link goes.
def has_hidden_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cf" for char in text)


def without_hidden_characters(text: str) -> str:
    if not has_hidden_characters(text):
        return text
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


# A lone surrogate (U+D800–U+DFFF) is half of a UTF-16 pair, not a character: JSON's "\ud800"
# decodes to one, and UTF-8, so PostgreSQL, cannot store it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
BROKEN_CHARACTER = (
    "Take out the broken character (a lone UTF-16 surrogate, such as \\ud800): text cannot be "
    "saved with it."
)


def has_lone_surrogates(text: str) -> bool:
    return LONE_SURROGATE.search(text) is not None


def without_lone_surrogates(text: str) -> str:
    """`text` with each lone surrogate shown as U+FFFD, so that a page can say where it was."""
    return LONE_SURROGATE.sub("\ufffd", text)


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIKE_A_FORMULA = (
    "Start it with a letter or a digit: a spreadsheet runs a cell starting with =, +, -, @, "
    "a tab or a carriage return as a formula."
)


def looks_like_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


NOT_A_WEB_LINK = "Give a link starting with http:// or https://."
HIDDEN_IN_LINK = (
    "Take out the invisible characters (direction or zero-width marks): they can make a link "
    "look like another."
)


def web_link_problem(url: str) -> str | None:
    """Why `url` is not a link to show people, or None when it is one: http(s), and nothing
    hidden in it, host included."""
    if not is_web_link(url):
        return NOT_A_WEB_LINK
    if has_hidden_characters(url):
        return HIDDEN_IN_LINK
    return None


# --- Cost -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceRange:
    low: Decimal
    high: Decimal

    def __add__(self, other: "PriceRange") -> "PriceRange":
        return PriceRange(self.low + other.low, self.high + other.high)

    def times(self, count: int) -> "PriceRange":
        return PriceRange(self.low * count, self.high * count)

    @property
    def is_free(self) -> bool:
        return self.high == 0


FREE = PriceRange(Decimal(0), Decimal(0))


@dataclass(frozen=True)
class CostItem:
    """One course as the cost rule sees it."""

    hours: Decimal
    price_model: str  # "subscription", "one_time", "free" or "not_known"
    platform: str
    subscription: PriceRange | None = None
    one_time_fee: Decimal | None = None
    audit_free: bool = True


def scaled(item: CostItem, multiplier: Decimal) -> CostItem:
    """The course at a learner's own pace: 1.3 takes 30 % longer."""
    return replace(item, hours=item.hours * multiplier)


@dataclass(frozen=True)
class Cost:
    certificate: PriceRange
    subscription_months: dict[str, int] = field(default_factory=dict)
    one_time_fees: Decimal = Decimal(0)
    audit_free: bool = True
    # Platforms of courses whose price no source gave: the total leaves them out.
    prices_not_known: tuple[str, ...] = ()


def certificate_cost(items: Iterable[CostItem], hours_per_week: Hours) -> Cost:
    """What the certificates cost at this pace.

    A subscription is paid per platform for the months its courses take (studied one after
    another); one-time fees add up; free certificates cost nothing. Auditing is free only when
    every course can be audited.
    """
    _positive_hours_per_week(hours_per_week)
    items = list(items)
    subscription_hours: dict[str, Decimal] = defaultdict(Decimal)
    subscription_prices: dict[str, PriceRange] = {}
    one_time = Decimal(0)
    not_known = []
    for item in items:
        if item.price_model == "subscription":
            if item.subscription is None:
                raise ValueError(f"{item.platform} has no subscription price.")
            subscription_hours[item.platform] += item.hours
            subscription_prices[item.platform] = item.subscription
        elif item.price_model == "one_time":
            one_time += item.one_time_fee or Decimal(0)
        elif item.price_model == "not_known":
            not_known.append(item.platform)
    months = {
        platform: months_of_subscription(hours, hours_per_week)
        for platform, hours in subscription_hours.items()
    }
    total = PriceRange(one_time, one_time)
    for platform, count in months.items():
        total += subscription_prices[platform].times(count)
    return Cost(
        certificate=total,
        subscription_months=months,
        one_time_fees=one_time,
        audit_free=all(item.audit_free for item in items),
        prices_not_known=tuple(not_known),
    )


# --- Hours learners really took -------------------------------------------------------

# Fewer completers than this say more about those learners than about the course.
REAL_HOURS_MIN_COMPLETERS = 5


def median(values: Iterable[Decimal]) -> Decimal | None:
    """The middle value (the mean of the two middle ones for an even count); None for none."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class RealHours:
    """The median of the hours completers of a course logged on it, and how many they are."""

    median: Decimal
    completers: int


def real_hours(median_hours: Decimal | None, completers: int) -> RealHours | None:
    """What to show beside the advertised hours: None below REAL_HOURS_MIN_COMPLETERS."""
    if median_hours is None or completers < REAL_HOURS_MIN_COMPLETERS:
        return None
    return RealHours(Decimal(str(median_hours)).quantize(Decimal("0.1")), completers)


# --- Projection -------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    total_hours: Decimal
    hours_per_week: Decimal
    weeks: int
    start: dt.date
    finish: dt.date
    cost: Cost
    unrealistic_reasons: tuple[str, ...]

    @property
    def realistic(self) -> bool:
        return not self.unrealistic_reasons


def project(items: Sequence[CostItem], hours_per_week: Hours, start: dt.date) -> Projection:
    """When the courses `items` are done at `hours_per_week` from `start`, and their cost."""
    per_week = _positive_hours_per_week(hours_per_week)
    total = sum((item.hours for item in items), Decimal(0))
    weeks = weeks_to_finish(total, per_week)
    return Projection(
        total_hours=total,
        hours_per_week=Decimal(per_week.numerator) / Decimal(per_week.denominator),
        weeks=weeks,
        start=start,
        finish=start + dt.timedelta(weeks=weeks),
        cost=certificate_cost(items, per_week),
        unrealistic_reasons=unrealistic_reasons(weeks, per_week),
    )


# --- Verdict ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseFacts:
    """What the verdict looks at for one course."""

    assessment_kinds: frozenset[str]
    workflow_stages: frozenset[str]
    missing_workflow_stages: frozenset[str]
    backer: str | None
    backer_recognised: bool
    hours: Decimal | None  # None: no source gives them
    # A professional certification exam: a fee and a test, no coursework.
    is_exam: bool = False


@dataclass(frozen=True)
class Trait:
    key: str
    label: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class Verdict:
    traits: tuple[Trait, ...]
    # An exam proves knowledge but leaves nothing to show: never worth pursuing on its own.
    needs_portfolio_work: bool = False

    @property
    def score(self) -> int:
        return sum(trait.passed for trait in self.traits)

    @property
    def worth_pursuing(self) -> bool:
        return self.score >= WORTH_PURSUING_MIN_TRAITS and not self.needs_portfolio_work

    @property
    def worth_beside_portfolio_work(self) -> bool:
        """An exam that would pass the guide's bar if projects showed what it tests."""
        return self.needs_portfolio_work and self.score >= WORTH_PURSUING_MIN_TRAITS


def _named(names: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c" (sets sorted, so the wording is stable)."""
    ordered = sorted(names) if isinstance(names, set | frozenset) else list(names)
    if len(ordered) <= 1:
        return "".join(ordered)
    return ", ".join(ordered[:-1]) + " and " + ordered[-1]


def builds_something(facts: CourseFacts) -> Trait:
    building = [BUILDING_KINDS[kind] for kind in BUILDING_KINDS if kind in facts.assessment_kinds]
    label = "Assessments make you build something"
    if facts.is_exam:
        return Trait(
            "builds",
            label,
            False,
            "An exam alone builds nothing to show: pair it with portfolio projects that "
            "prove the same skills.",
        )
    if building:
        kinds = _named(building)
        return Trait("builds", label, True, f"Graded work you can show: {kinds}.")
    if facts.assessment_kinds:
        return Trait("builds", label, False, "Quizzes only: nothing to show an employer.")
    return Trait("builds", label, False, "No graded assignments are listed.")


def full_workflow(facts: CourseFacts) -> Trait:
    label = "Covers the full workflow, not just modelling"
    covered = len(facts.workflow_stages)
    passed = covered >= FULL_WORKFLOW_MIN_STAGES
    if not covered:
        reason = "Covers none of preprocessing, features, evaluation or production."
    else:
        reason = f"Covers {covered} of {WORKFLOW_STAGES} stages: {_named(facts.workflow_stages)}."
        if facts.missing_workflow_stages:
            reason += f" Missing: {_named(facts.missing_workflow_stages)}."
    return Trait("workflow", label, passed, reason)


def recognised_backer(facts: CourseFacts) -> Trait:
    label = "A recognised institution backs it"
    if facts.backer is None:
        return Trait(
            "backer", label, False, "A platform-only credential: no institution behind it."
        )
    if facts.backer_recognised:
        return Trait("backer", label, True, f"{facts.backer} is a name hiring managers know.")
    return Trait("backer", label, False, f"{facts.backer} is not widely recognised by employers.")


def realistic_timeline(facts: CourseFacts, hours_per_week: Hours) -> Trait:
    label = "A timeline you can realistically hit"
    if facts.hours is None:
        return Trait(
            "timeline", label, False, "No source gives its hours: the workload is unknown."
        )
    weeks = weeks_to_finish(facts.hours, hours_per_week)
    per_week = f"{Decimal(str(hours_per_week)).normalize():f}"
    problems = unrealistic_reasons(weeks, hours_per_week)
    if problems:
        return Trait("timeline", label, False, " ".join(problems))
    plural = "" if weeks == 1 else "s"
    return Trait("timeline", label, True, f"About {weeks} week{plural} at {per_week} h a week.")


def verdict(facts: CourseFacts, hours_per_week: Hours) -> Verdict:
    """The guide's four traits, each passed or failed with its reason."""
    return Verdict(
        (
            builds_something(facts),
            full_workflow(facts),
            recognised_backer(facts),
            realistic_timeline(facts, hours_per_week),
        ),
        needs_portfolio_work=facts.is_exam,
    )


# --- Recommendation ---------------------------------------------------------------------


def recommend_track(background: Background, role: TargetRole) -> Track:
    """The guide's sequencing: literacy for non-programmers and non-engineering roles, the
    supervised foundation then production for MLOps, else the zero-to-builder sequence."""
    if background == Background.NON_PROGRAMMER or role == TargetRole.NON_ENGINEERING:
        return Track.LITERACY
    if role == TargetRole.MLOPS:
        return Track.MLOPS
    return Track.BUILDER
