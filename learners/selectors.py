"""Reads of a learner's own data. Each runs a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import TruncWeek

from courses import rules as course_rules
from courses import selectors as course_selectors
from courses.models import Assignment, Course, Path, PathStep, Skill
from courses.rules import Background, TargetRole, recommend_track

from . import rules
from .calendar import PlannedFinish
from .certificates import CertificateLink, CertificateLinkError, certificate_link, linkedin_add_url
from .charts import Heatmap, heatmap, week_chart
from .models import (
    AccessToken,
    AssignmentCompletion,
    CourseNote,
    CourseProgress,
    Enrollment,
    PlanReset,
    PortfolioProject,
    Profile,
    StudySession,
)
from .prepared import PreparedQuery
from .rules import (
    BACKFILL,
    BareMinimum,
    Pace,
    course_finishes,
    goal_streak,
    heatmap_days,
    pace,
    week_bare_minimum,
    week_series,
    week_start,
)

# The statuses of a course the learner finished.
DONE = (CourseProgress.Status.COMPLETED, CourseProgress.Status.CERTIFIED)

# Apps whose rows can belong to a learner: ours, and allauth's e-mail addresses.
OWNER_APPS = ("learners", "account")


def user_id_of(user) -> int:
    """A user's id, from the user or from the id itself."""
    return user if isinstance(user, int) else user.pk


def _first(query: PreparedQuery, **values):
    """The first row of a prepared query; None when there is none."""
    rows = query(**values)
    return rows[0] if rows else None


_PROFILE = PreparedQuery(lambda *, user: Profile.objects.filter(user=user)[:1], user=int)


def profile_for(*, user) -> Profile:
    """The learner's profile, made on first use (accounts are created by allauth)."""
    profile = _first(_PROFILE, user=user_id_of(user))
    if profile is None:
        profile, _ = Profile.objects.get_or_create(user=user)
    # A profile read back does not hold its user: without this, `profile.user` reads it again.
    profile.user = user
    return profile


_ACTIVE_ENROLLMENT = PreparedQuery(
    lambda *, user: (
        Enrollment.objects.filter(user=user, status=Enrollment.Status.ACTIVE)
        .select_related("path")
        .order_by("pk")[:1]
    ),
    user=int,
)


def active_enrollment(*, user) -> Enrollment | None:
    """The learner's active enrolment, its path loaded (every caller shows the path)."""
    return _first(_ACTIVE_ENROLLMENT, user=user_id_of(user))


def recommended_path(*, profile: Profile) -> Path | None:
    """The first published path of the track the guide's sequencing gives this learner."""
    if not (profile.background and profile.target_role):
        return None
    track = recommend_track(Background(profile.background), TargetRole(profile.target_role))
    return Path.objects.published().filter(track=track).order_by("position", "pk").first()


# What a plan shows of each step's course and what `Course.cost_item` reads.
PLAN_STEP_COLUMNS = (
    "course__title",
    "course__slug",
    "course__estimated_hours",
    "course__price_model",
    "course__one_time_fee_usd",
    "course__audit_free",
    "course__platform__name",
    "course__platform__subscription_min_usd",
    "course__platform__subscription_max_usd",
)


def _published_steps(path: int) -> QuerySet[PathStep]:
    return PathStep.objects.filter(path=path, course__published=True).order_by("position")


# A plan's steps: only the columns of PLAN_STEP_COLUMNS (and no institution).
_PLAN_STEPS = PreparedQuery(
    lambda *, path: (
        _published_steps(path).select_related("course__platform").only(*PLAN_STEP_COLUMNS)
    ),
    path=int,
)


def path_steps(*, path: Path, with_verdict_facts: bool = False) -> list[PathStep]:
    """The path's steps whose course is published, in order, course platform loaded;
    with `with_verdict_facts`, also each course's assignments and skills."""
    steps = _published_steps(path.pk).select_related("course__platform", "course__institution")
    if with_verdict_facts:
        steps = steps.prefetch_related(
            Prefetch("course__assignments", queryset=Assignment.objects.order_by("position")),
            "course__skills",
        )
    return list(steps)


_COURSE_OPEN_TO = PreparedQuery(
    lambda *, user, slug: (
        courses_open_to(user=user).select_related("platform", "institution").filter(slug=slug)
    ),
    user=int,
    slug=str,
)


def course_open_to(*, user, slug: str) -> Course | None:
    """The course at `slug` if it is published, or retired (unpublished) but taken by `user`,
    who keeps it with everything logged on it; its platform and institution loaded."""
    return _first(_COURSE_OPEN_TO, user=user_id_of(user), slug=slug)


def courses_open_to(*, user) -> QuerySet[Course]:
    """Published courses, and retired ones the learner has progress on."""
    return Course.objects.filter(
        Q(published=True) | Q(pk__in=CourseProgress.objects.filter(user=user).values("course"))
    )


def progress_by_course(*, user, course_ids) -> dict[int, CourseProgress]:
    return {
        progress.course_id: progress
        for progress in CourseProgress.objects.filter(user=user, course_id__in=course_ids)
    }


def owner_field(model: type[Model]) -> str | None:
    """The name of the model's foreign key to the user; None when it has none."""
    user_model = get_user_model()
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is user_model:
            return field.name
    return None


def owned_models() -> list[type[Model]]:
    """Every model whose rows belong to a learner (export and deletion cover exactly these)."""
    return [
        model
        for app_label in OWNER_APPS
        for model in apps.get_app_config(app_label).get_models()
        if owner_field(model)
    ]


def _hours_grouped(by, day_lookup: str = "gte"):
    """Hours logged on the days `day_lookup` `since` (from it on, or only that day), study
    sessions and assignment work together, summed by `by` (a date expression) in one query:
    each log grouped in SQL and the two read at once (UNION ALL); a key in both is added up
    by `_summed`, which works the same on SQLite."""

    def build(*, user: int, since: dt.date) -> QuerySet:
        def totals(model: type[Model]):
            return (
                model.objects.filter(user=user, **{f"day__{day_lookup}": since})
                .order_by()
                .annotate(key=by)
                .values("key")
                .annotate(total=Sum("hours"))
                .values_list("key", "total")
            )

        return totals(StudySession).union(totals(AssignmentCompletion), all=True)

    return PreparedQuery(build, user=int, since=dt.date)


_HOURS_BY_DAY = _hours_grouped(F("day"))
_HOURS_BY_WEEK = _hours_grouped(TruncWeek("day"))
_HOURS_ON_DAY = _hours_grouped(F("day"), "exact")


def _summed(rows) -> dict[dt.date, Decimal]:
    grouped: dict[dt.date, Decimal] = defaultdict(Decimal)
    for key, total in rows:
        grouped[key] += total
    return dict(grouped)


def hours_by_day(*, user, since: dt.date) -> dict[dt.date, Decimal]:
    """Hours logged per local day from `since` on (one query)."""
    return _summed(_HOURS_BY_DAY(user=user_id_of(user), since=since))


def hours_on_day(*, user, day: dt.date) -> Decimal:
    """Hours the learner logged on `day`: study sessions and assignment work together."""
    return _summed(_HOURS_ON_DAY(user=user_id_of(user), since=day)).get(day, Decimal(0))


def hours_by_week(*, user, since: dt.date) -> dict[dt.date, Decimal]:
    """Hours logged per week, keyed by its Monday, from `since` on (one query)."""
    return _summed(_HOURS_BY_WEEK(user=user_id_of(user), since=since))


def activity_heatmap(*, profile: Profile, now: dt.datetime) -> Heatmap:
    """The learner's year of study days up to their local today (one query)."""
    today = profile.local_today(now)
    return heatmap(hours_by_day(user=profile.user_id, since=heatmap_days(today)[0]), today)


RECENT_ITEMS = 6
CHART_WEEKS = 12


@dataclass(frozen=True)
class Activity:
    day: dt.date
    hours: Decimal
    what: str
    created_at: dt.datetime


def _latest_logs(*, user: int) -> QuerySet:
    """The latest RECENT_ITEMS study sessions and completed assignments, newest first: the two
    read at once (UNION ALL) and sorted in SQL."""
    sessions = (
        StudySession.objects.filter(user=user)
        .order_by()
        .annotate(completed=Value(False))
        .values_list("day", "hours", "created_at", "completed", "course__title", "note")
    )
    completions = (
        AssignmentCompletion.objects.filter(user=user)
        .order_by()
        .annotate(completed=Value(True))
        .values_list("day", "hours", "created_at", "completed", "assignment__title", "note")
    )
    return sessions.union(completions, all=True).order_by("-day", "-created_at")[:RECENT_ITEMS]


_LATEST_LOGS = PreparedQuery(_latest_logs, user=int)


def recent_activity(*, user) -> list[Activity]:
    """The latest study sessions and completed assignments, newest first (one query)."""
    return [
        Activity(
            day,
            hours,
            f"Completed “{title}”" if completed else title or note or "Study",
            created_at,
        )
        for day, hours, created_at, completed, title, note in _LATEST_LOGS(user=user_id_of(user))
    ]


@dataclass(frozen=True)
class Week:
    """The learner's current week and the weeks before it, as the dashboard shows them."""

    pace: Pace
    series: list[tuple[dt.date, Decimal]]
    streak: int
    bare_minimum: BareMinimum | None  # what keeps the goal, when the week is behind


def learner_week(*, profile: Profile, now: dt.datetime) -> Week:
    # From the earliest day a learner may log, so a streak is never cut short (one query).
    weeks = hours_by_week(user=profile.user, since=profile.joined_on - BACKFILL)
    return _week_from(profile, now, weeks)


def _week_from(profile: Profile, now: dt.datetime, weeks: dict[dt.date, Decimal]) -> Week:
    """The learner's week figures from their hours per week (keyed by Monday)."""
    today = profile.local_today(now)
    this_week = week_start(today)
    goal = profile.weekly_goal_hours
    week_pace = pace(goal, weeks.get(this_week, Decimal(0)), now, profile.zone)
    return Week(
        pace=week_pace,
        series=week_series(weeks, this_week, CHART_WEEKS),
        streak=goal_streak(weeks, this_week, goal),
        bare_minimum=week_bare_minimum(week_pace, today),
    )


def bare_minimum(*, profile: Profile, now: dt.datetime) -> BareMinimum | None:
    """What keeps the learner's weekly goal from `now` on; None unless their week is behind.
    One query: this week's hours."""
    this_week = week_start(profile.local_today(now))
    weeks = hours_by_week(user=profile.user, since=this_week)
    return _week_from(profile, now, weeks).bare_minimum


@dataclass(frozen=True)
class PathStanding:
    """The active path's steps, the learner's progress status on each step's course (absent
    before any), the steps done and left, and the learner's own pace on the finished ones."""

    path: Path
    steps: list[PathStep]
    status: dict[int, str]  # by course id
    done: list[PathStep]
    remaining: list[PathStep]
    done_hours: Decimal  # the advertised hours of the courses done
    multiplier: Decimal | None

    def plan(self) -> course_selectors.PathPlan:
        """What is left, as cost items at the learner's own pace, each counting the hours
        learners really took where there is a median (as of this hour)."""
        return course_selectors.path_plan((step.course for step in self.remaining), self.multiplier)


def _standing_on_path(*, user: int, path: int) -> QuerySet:
    """Each published course of the path: the learner's progress status on it (None before
    any) and the hours they logged on it."""
    progress = CourseProgress.objects.filter(user=user, course=OuterRef("course_id"))
    return (
        _published_steps(path)
        .order_by()
        .annotate(
            progress_status=Subquery(progress.values_list("status")[:1]),
            logged=course_selectors.logged_on_course(user, OuterRef("course_id")),
        )
        .values_list("course_id", "progress_status", "logged")
    )


_STANDING_ON_PATH = PreparedQuery(_standing_on_path, user=int, path=int)


def path_standing(*, user, enrollment: Enrollment) -> PathStanding:
    """Where the learner stands on `enrollment`'s path (two queries: the published steps with
    the columns of PLAN_STEP_COLUMNS, and the learner's progress and hours on their courses)."""
    steps = _PLAN_STEPS(path=enrollment.path_id)
    status, logged = {}, {}
    for course_id, progress_status, hours in _STANDING_ON_PATH(
        user=user_id_of(user), path=enrollment.path_id
    ):
        logged[course_id] = hours
        if progress_status is not None:
            status[course_id] = progress_status
    done = [step for step in steps if status.get(step.course_id) in DONE]
    remaining = [step for step in steps if status.get(step.course_id) not in DONE]
    done_hours = sum((step.course.estimated_hours for step in done), Decimal(0))
    # The learner's own pace on finished courses stretches (or shrinks) the estimates left.
    done_logged = sum((logged[step.course_id] for step in done), Decimal(0))
    multiplier = rules.pace_multiplier(done_logged, done_hours)
    return PathStanding(enrollment.path, steps, status, done, remaining, done_hours, multiplier)


def path_figures(*, profile: Profile, enrollment: Enrollment, today: dt.date) -> dict:
    """The active path's steps with their progress, what is done, when the rest ends at the
    learner's own pace, and how that stands against their target date. Four queries at most."""
    standing = path_standing(user=profile.user, enrollment=enrollment)
    plan = standing.plan()
    projection = course_rules.project(plan.items, profile.weekly_goal_hours, today)
    return {
        "steps": [
            (step, CourseProgress.Status(standing.status.get(step.course_id, "planned")))
            for step in standing.steps
        ],
        "steps_done": len(standing.done),
        "hours_done": standing.done_hours,
        "hours_total": sum((step.course.estimated_hours for step in standing.steps), Decimal(0)),
        "pace_multiplier": standing.multiplier,
        "plan": plan,
        "projection": projection,
        "target_status": rules.target_status(profile.target_finish_on, projection.finish),
    }


def target_status(*, profile: Profile, today: dt.date) -> rules.TargetStatus | None:
    """The learner's projected finish against their target; None without a target or a path."""
    if profile.target_finish_on is None:
        return None
    enrollment = active_enrollment(user=profile.user)
    if enrollment is None:
        return None
    return path_figures(profile=profile, enrollment=enrollment, today=today)["target_status"]


_LATEST_PLAN_RESET = PreparedQuery(
    lambda *, user: PlanReset.objects.filter(user=user)[:1], user=int
)


def latest_plan_reset(*, user) -> PlanReset | None:
    return _first(_LATEST_PLAN_RESET, user=user_id_of(user))


_COURSE_PROGRESS = PreparedQuery(
    lambda *, user, course: CourseProgress.objects.filter(user=user, course=course),
    user=int,
    course=int,
)


def course_progress(*, user, course) -> CourseProgress | None:
    """The learner's standing in `course`; None until they first change it."""
    return _first(_COURSE_PROGRESS, user=user_id_of(user), course=course.pk)


_COURSES_IN_PROGRESS = PreparedQuery(
    lambda *, user: (
        CourseProgress.objects.filter(user=user, status=CourseProgress.Status.IN_PROGRESS)
        .values("user")
        .annotate(count=Count("pk"))
        .values_list("count")
    ),
    user=int,
)


def courses_in_progress(*, user) -> int:
    """How many courses the learner has in progress at once (one COUNT query)."""
    counted = _first(_COURSES_IN_PROGRESS, user=user_id_of(user))
    return counted[0] if counted else 0


_ASSIGNMENTS = PreparedQuery(
    lambda *, course: Assignment.objects.filter(course=course).order_by("position"), course=int
)
_COMPLETIONS_IN_COURSE = PreparedQuery(
    lambda *, user, course: AssignmentCompletion.objects.filter(
        user=user, assignment__course=course
    ),
    user=int,
    course=int,
)


def assignment_checklist(*, user, course) -> list[tuple[Assignment, AssignmentCompletion | None]]:
    """The course's assignments in order, each with the learner's completion or None: two
    queries, however many assignments."""
    assignments = _ASSIGNMENTS(course=course.pk)
    completions = {
        completion.assignment_id: completion
        for completion in _COMPLETIONS_IN_COURSE(user=user_id_of(user), course=course.pk)
    }
    return [(assignment, completions.get(assignment.pk)) for assignment in assignments]


def projects_of(*, user) -> list[PortfolioProject]:
    """The learner's projects, latest edit first, with their skills (two queries)."""
    return list(PortfolioProject.objects.filter(user=user).prefetch_related("skills"))


class CompletedEvidence(NamedTuple):
    """A completed assignment as evidence of a check: when, what, and in which course."""

    day: dt.date
    assignment_title: str
    course_title: str


@dataclass(frozen=True)
class CheckReadiness:
    """One employer check: what evidences it and, for a gap, the path step that would teach it."""

    check: Skill
    completions: list[CompletedEvidence]
    projects: list[PortfolioProject]
    next_step: PathStep | None

    @property
    def evidenced(self) -> bool:
        return bool(self.completions or self.projects)


def _employer_checks() -> QuerySet[Skill]:
    return Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).order_by("position", "name")


_EMPLOYER_CHECKS = PreparedQuery(_employer_checks)
# A project comes back once for each check it is tagged with.
_CHECKED_PROJECTS = PreparedQuery(
    lambda *, user: (
        PortfolioProject.objects.filter(user=user, skills__kind=Skill.Kind.EMPLOYER_CHECK)
        .annotate(check_id=F("skills"))
        .only("title", "public")
    ),
    user=int,
)
# Rows, not model instances: a completion comes back once for each check it evidences.
_CHECK_EVIDENCE = PreparedQuery(
    lambda *, user: (
        AssignmentCompletion.objects.filter(
            user=user, assignment__skills__kind=Skill.Kind.EMPLOYER_CHECK
        )
        .annotate(check_id=F("assignment__skills"))
        .order_by("-day", "assignment__title")
        .values_list("check_id", "day", "assignment__title", "assignment__course__title")
    ),
    user=int,
)
_COURSES_DONE = PreparedQuery(
    lambda *, user: CourseProgress.objects.filter(user=user, status__in=DONE).values_list(
        "course_id"
    ),
    user=int,
)


def readiness_map(*, user) -> list[CheckReadiness]:
    """Every employer check in order, with its evidence and the next step towards it.

    The next step is the first course of the learner's active path, not yet completed, that
    teaches the check (None when there is none). Six queries, however much there is: a
    completion or project tagged with several checks comes back once for each.
    """
    checks = _EMPLOYER_CHECKS()
    completions = defaultdict(list)
    for check_id, *evidence in _CHECK_EVIDENCE(user=user_id_of(user)):
        completions[check_id].append(CompletedEvidence(*evidence))
    projects = defaultdict(list)
    for project in _CHECKED_PROJECTS(user=user_id_of(user)):
        projects[project.check_id].append(project)
    steps = (
        PathStep.objects.filter(
            path__enrollments__user=user,
            path__enrollments__status=Enrollment.Status.ACTIVE,
            course__published=True,
        )
        .select_related("course")
        .only("course__slug", "course__title")
        .prefetch_related(Prefetch("course__skills", queryset=_employer_checks().only("pk")))
        .order_by("position")
    )
    done = {course_id for (course_id,) in _COURSES_DONE(user=user_id_of(user))}
    next_steps: dict[int, PathStep] = {}
    for step in steps:
        if step.course_id not in done:
            for check in step.course.skills.all():
                next_steps.setdefault(check.pk, step)
    return [
        CheckReadiness(check, completions[check.pk], projects[check.pk], next_steps.get(check.pk))
        for check in checks
    ]


@dataclass(frozen=True)
class PublicPortfolio:
    """What a learner's public page shows: nothing that is not meant for recruiters."""

    profile: Profile
    path: Path | None
    steps_done: int
    steps_total: int
    certificates: list["Certificate"]
    projects: list[PortfolioProject]


@dataclass(frozen=True)
class Certificate:
    """An earned certificate as a recruiter checks it, and as LinkedIn's form takes it."""

    progress: CourseProgress
    link: CertificateLink | None  # None: no link given, or one we would not show
    age: str | None  # "3 months ago"; None without the date it was earned
    organization: str
    linkedin_url: str


def certificate_of(progress: CourseProgress, today: dt.date) -> Certificate:
    """`progress` (certified, its course's institution and platform loaded) as a certificate."""
    try:
        link = certificate_link(progress.certificate_url) if progress.certificate_url else None
    except CertificateLinkError:
        link = None
    course = progress.course
    organization = (course.institution or course.platform).name
    return Certificate(
        progress=progress,
        link=link,
        age=rules.time_ago(progress.certified_on, today) if progress.certified_on else None,
        organization=organization,
        linkedin_url=linkedin_add_url(
            name=course.title,
            organization=organization,
            issued_on=progress.certified_on,
            cert_url=link.url if link else "",
            cert_id=link.credential_id if link else None,
        ),
    )


_CERTIFICATES_WITHOUT_LINK = PreparedQuery(
    lambda *, user: (
        CourseProgress.objects.filter(
            user=user, status=CourseProgress.Status.CERTIFIED, certificate_url=""
        )
        .select_related("course")
        .only("course__slug", "course__title")
        .order_by("course__title")
    ),
    user=int,
)


def certificates_without_link(*, user) -> list[CourseProgress]:
    """The learner's certificates with no verification link yet, course loaded (one query)."""
    return _CERTIFICATES_WITHOUT_LINK(user=user_id_of(user))


_PUBLISHED_PROFILE = PreparedQuery(
    lambda *, slug: Profile.objects.filter(
        public_portfolio=True, public_slug=slug, user__is_active=True
    )[:1],
    slug=str,
)
_CERTIFIED = PreparedQuery(
    lambda *, user: (
        CourseProgress.objects.filter(user=user, status=CourseProgress.Status.CERTIFIED)
        .select_related("course__institution", "course__platform")
        .order_by(F("certified_on").desc(nulls_last=True), "course__title")
    ),
    user=int,
)


def public_portfolio(*, slug: str, now: dt.datetime) -> PublicPortfolio | None:
    """The portfolio published at `slug`; None unless its learner turned it on and their
    account is active (staff deactivating an account take its page down)."""
    profile = _first(_PUBLISHED_PROFILE, slug=slug)
    if profile is None:
        return None
    user = profile.user_id
    enrollment = active_enrollment(user=user)
    steps = _STANDING_ON_PATH(user=user, path=enrollment.path_id) if enrollment else []
    today = profile.local_today(now)
    projects = PortfolioProject.objects.filter(user=user, public=True).prefetch_related(
        "skills", "courses"
    )
    return PublicPortfolio(
        profile=profile,
        path=enrollment.path if enrollment else None,
        steps_done=sum(status in DONE for _, status, _ in steps),
        steps_total=len(steps),
        certificates=[certificate_of(progress, today) for progress in _CERTIFIED(user=user)],
        projects=list(projects),
    )


_COURSE_NOTE = PreparedQuery(
    lambda *, user, course: CourseNote.objects.filter(user=user, course=course),
    user=int,
    course=int,
)


def course_note(*, user, course) -> CourseNote | None:
    return _first(_COURSE_NOTE, user=user_id_of(user), course=course.pk)


def access_tokens_of(*, user) -> list[AccessToken]:
    """The learner's API tokens, newest first: names and dates only, never a digest."""
    return list(AccessToken.objects.filter(user=user).only("name", "created_at", "last_used_at"))


def access_token_by_digest(*, digest: str) -> AccessToken | None:
    """The token with this digest, its learner loaded (the API acts as them); None for a
    deactivated account, whose tokens stop working with it."""
    return (
        AccessToken.objects.filter(digest=digest, user__is_active=True)
        .select_related("user")
        .first()
    )


def calendar_profile(*, profile_id: int) -> Profile | None:
    """The profile whose calendar feed is asked for, its user loaded (the feed names them);
    None for a deactivated account."""
    return (
        Profile.objects.filter(pk=profile_id, user__is_active=True).select_related("user").first()
    )


def planned_finishes(*, profile: Profile, now: dt.datetime) -> list[PlannedFinish]:
    """When each course left on the active path is projected to end, one after another at
    the learner's weekly goal and own pace, and the learner's target date (five queries)."""
    finishes = []
    enrollment = active_enrollment(user=profile.user_id)
    if enrollment:
        standing = path_standing(user=profile.user_id, enrollment=enrollment)
        days = course_finishes(
            [item.hours for item in standing.plan().items],
            profile.weekly_goal_hours,
            profile.local_today(now),
        )
        finishes += [
            PlannedFinish(
                key=step.course.slug,
                summary=f"Projected finish: {step.course.title}",
                day=day,
                description=f"A course of your path “{standing.path.title}”.",
            )
            for step, day in zip(standing.remaining, days, strict=True)
        ]
    if profile.target_finish_on:
        finishes.append(
            PlannedFinish(
                key="target",
                summary="Your target finish date",
                day=profile.target_finish_on,
                description="The day you mean to finish your path by.",
            )
        )
    return finishes


def study_sessions_between(
    *, user, first: dt.date | None, last: dt.date | None
) -> list[StudySession]:
    """The learner's study sessions from `first` to `last` (each optional, both included),
    latest first, with their course (one query)."""
    sessions = StudySession.objects.filter(user=user).select_related("course")
    if first:
        sessions = sessions.filter(day__gte=first)
    if last:
        sessions = sessions.filter(day__lte=last)
    return list(sessions)


def dashboard_figures(*, profile: Profile, now: dt.datetime) -> dict:
    """Everything the dashboard shows but its forms: the week, the chart, the year of study
    days, recent activity and, with an active path, its figures, target and last reset."""
    today = profile.local_today(now)
    # One read of the learner's days serves the week's figures, the chart and the heatmap: from
    # the earliest day a learner may log (the streak), or the heatmap's first day if earlier.
    since = min(profile.joined_on - BACKFILL, heatmap_days(today)[0])
    days = hours_by_day(user=profile.user, since=since)
    week = _week_from(profile, now, rules.hours_by_week_of(days))
    enrollment = active_enrollment(user=profile.user)
    figures = {
        "profile": profile,
        "enrollment": enrollment,
        "week": week,
        "chart": week_chart(week.series, profile.weekly_goal_hours),
        "activity": heatmap(days, today),
        "recent": recent_activity(user=profile.user),
    }
    if enrollment:
        figures |= path_figures(profile=profile, enrollment=enrollment, today=today)
        figures["last_reset"] = latest_plan_reset(user=profile.user)
    return figures
