"""Every form a learner (or a visitor) can submit, fed hostile input by hypothesis.

Random strings (unicode, NUL bytes, very long, HTML/JS), numbers (negative, huge, NaN,
Infinity, many decimals), dates (far past and future, impossible days) and links (javascript:,
data:, ftp:, very long) go into every field, the URL's parameters and the raw request body.
Whatever comes in: never a 5xx, never a script echoed unescaped, never a link other than
http(s) stored, and when the answer is not a success, not one row written.

Each example runs in a savepoint that is rolled back, with a fresh log-in and an empty cache
(allauth's rate limits), so examples do not pile up on each other.
"""

import contextlib
import datetime as dt
from io import StringIO
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.provisional import urls

from courses.models import Assignment, Course, Institution, Path, Platform, Skill, TitleField
from courses.rules import has_hidden_characters
from groups.services import group_start
from learners.models import (
    AssignmentCompletion,
    CourseProgress,
    PortfolioProject,
    Profile,
    StudySession,
)
from learners.plan_services import plan_make
from learners.reminders import unsubscribe_token
from learners.rules import QUARTER_HOUR, TIME_ZONES
from learners.selectors.export import owned_models
from learners.services import enrollment_start
from tests.learners.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db

# Tuned so that the module runs in well under a minute (about 25 s). No example database is
# kept between runs: a failure prints the example that reproduces it.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TODAY = dt.date.today()
REGRESSION = "machine-learning-regression"
ZERO = "from-zero-to-building-ml-models"

# Markers of a script that reached a page unescaped.
UNESCAPED = ("<script>alert(", "<img src=x onerror")

PAYLOADS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 10,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% debug %}",
    "' OR 1=1 --",
    "'; DROP TABLE learners_profile; --",
    "../../../../etc/passwd",
    "%00",
    "\u202e\u200b\ufeff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎓👩‍💻",
    "\r\nSet-Cookie: x=1",
    "[a](javascript:alert(1))",
    "<a href='data:text/html,x'>x</a>",
    "\\",
    "null",
    "None",
    "true",
]
strings = st.one_of(
    st.text(max_size=40),
    st.sampled_from(PAYLOADS),
    # Very long: past every max_length, up to twice the write-up's limit.
    st.builds(
        lambda chunk, times: chunk * times,
        st.sampled_from(["a", "é", "<b>", "\x00", "🎓"]),
        st.integers(min_value=60, max_value=40_001),
    ),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(min_value=-100, max_value=100, places=12).map(str),
    st.sampled_from(
        [
            "NaN",
            "-nan",
            "sNaN",
            "Infinity",
            "-Infinity",
            "inf",
            "1e999999999",
            "1E+5",
            "-0",
            "0.000000001",
            "24.001",
            "1" * 5000,
            "1,5",
            "١٢",
            "0x10",
            "1_0",
            " 7 ",
        ]
    ),
)
dates = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.dates(TODAY - dt.timedelta(days=90), TODAY + dt.timedelta(days=3)).map(dt.date.isoformat),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "0000-01-01",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "-2026-01-01",
            "2026-1-1",
            "12/31/2026",
            "31/12/2026",
            "today",
            "2026-11-26T10:00:00",
        ]
    ),
)
links = st.one_of(
    urls(),
    st.sampled_from(
        [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "ftp://example.com/file",
            "file:///etc/passwd",
            "//evil.example/x",
            "https://",
            "http://[::1",
            "https://exa mple.com",
            "https://example.com/\x00",
            "https://" + "a" * 300 + ".example",
            "https://example.com/" + "x" * 5000,
            "github.com/you/work",
            "https://git\u200bhub.com/you/work",
            "https://example.com/\u202efdp.exe",
            "https://\ufeffexample.com/",
        ]
    ),
    st.builds(
        "{}:{}".format,
        st.sampled_from(["javascript", "data", "ftp", "mailto", "http", "https", "HTTPS"]),
        st.text(max_size=30),
    ),
)
anything = st.one_of(strings, numbers, dates, links)


# Several values for one field, as a tampered form may send.
hostile = st.one_of(anything, st.lists(anything, min_size=2, max_size=3))
# Free text a learner might type.
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=40)


def value(*plausible: st.SearchStrategy) -> st.SearchStrategy:
    """One of the values a real form would send, or a hostile one."""
    return st.one_of(*plausible, hostile)


@st.composite
def form(draw, **plausible: st.SearchStrategy) -> dict:
    """What a real form would send, with some of its fields (none, one… all) replaced by
    hostile values or left out: a bad value also meets otherwise valid ones, and shrinks to
    the fewest fields that matter."""
    data = {name: draw(strategy) for name, strategy in plausible.items()}
    for name in draw(st.lists(st.sampled_from(sorted(plausible)), unique=True)):
        replacement = draw(st.one_of(st.none(), hostile))
        if replacement is None:
            del data[name]
        else:
            data[name] = replacement
    return data


def choices(values) -> st.SearchStrategy:
    return st.sampled_from([str(value) for value in values])


def recent_days() -> st.SearchStrategy:
    return st.dates(TODAY - dt.timedelta(days=30), TODAY).map(dt.date.isoformat)


hours = choices(["0.25", "1", "1.5", "2.75", "8", "24", "0", "0.01", "٣", "３"])
goal_hours = choices(["0.5", "7.5", "10", "80"])
time_zones = choices(
    ["Europe/Berlin", "UTC", "America/New_York", "Asia/Kathmandu", "localtime", "Factory"]
)
web_links = choices(["https://github.com/alice/houses", "http://example.com/demo"])
ticked = st.just("on")


# The database as far as a form could change it


def database_state() -> dict:
    """Every row a learner owns, the users, and the number of rows of every other table of
    the catalog and the learners (many-to-many tables included)."""
    state = {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in owned_models()
    }
    state["users"] = list(get_user_model().objects.order_by("pk").values())
    tables = [
        connection.ops.quote_name(model._meta.db_table)
        for app_label in ("courses", "learners", "groups")
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True)
    ]
    with connection.cursor() as cursor:
        # One query for all the counts: this runs twice per example.
        cursor.execute(f"SELECT {', '.join(f'(SELECT COUNT(*) FROM {t})' for t in tables)}")
        state["counts"] = dict(zip(tables, cursor.fetchone(), strict=True))
    return state


def assert_stored_rows_follow_the_rules() -> None:
    """Links are http(s) with nothing hidden in them, titles hold no hidden characters, hours
    come in quarter hours and time zones are ones the forms offer."""
    for model in owned_models():
        for column in model._meta.concrete_fields:
            if isinstance(column, models.URLField):
                for link in model.objects.exclude(**{column.name: ""}).values_list(
                    column.name, flat=True
                ):
                    assert link.startswith(("http://", "https://")), (column, link)
                    assert not has_hidden_characters(link), (column, link)
            if isinstance(column, TitleField):
                for title in model.objects.values_list(column.name, flat=True):
                    assert not has_hidden_characters(title), (column, title)
    for zone in Profile.objects.values_list("time_zone", flat=True):
        assert zone in TIME_ZONES, zone
    for model in (StudySession, AssignmentCompletion):
        for hours in model.objects.values_list("hours", flat=True):
            assert hours % QUARTER_HOUR == 0, (model, hours)


@contextlib.contextmanager
def example(user=None):
    """A client (logged in as `user`, if given) for one example, whose writes are undone."""
    cache.clear()
    with transaction.atomic():
        client = Client()
        if user is not None:
            client.force_login(user)
        yield client
        transaction.set_rollback(True)


def send(client, method: str, url: str, data: dict, *, htmx: bool = False, accepted=(302,)):
    """Submit `data`: never a 5xx, nothing unescaped, and no write unless `accepted`."""
    before = database_state()
    headers = {"HX-Request": "true"} if htmx else {}
    response = getattr(client, method)(url, data, headers=headers)

    assert response.status_code < 500
    event(f"{method.upper()} {response.status_code}")  # see --hypothesis-show-statistics
    if not getattr(response, "streaming", False):
        page = response.content.decode(errors="replace")
        for marker in UNESCAPED:
            assert marker not in page
    if response.status_code not in accepted:
        assert database_state() == before, f"{response.status_code}: a write on refused input"
    assert_stored_rows_follow_the_rules()
    return response


# The learner and what they have


@pytest.fixture
def learner(db):
    """Alice, onboarded two months ago and enrolled, with one of each thing she can edit."""
    call_command("load_catalog", stdout=StringIO())
    joined = timezone.now() - dt.timedelta(days=60)
    profile = ProfileFactory(user__username="alice")
    Profile.objects.filter(pk=profile.pk).update(created_at=joined)
    get_user_model().objects.filter(pk=profile.user_id).update(date_joined=joined)
    user = get_user_model().objects.get(pk=profile.user_id)
    enrollment_start(user=user, path=Path.objects.get(slug="from-zero-to-building-ml-models"))
    regression = Course.objects.get(slug=REGRESSION)
    CourseProgress.objects.create(
        user=user, course=regression, status="in_progress", started_on=TODAY - dt.timedelta(7)
    )
    return SimpleNamespace(
        user=user,
        session=StudySession.objects.create(user=user, day=TODAY, hours=1, course=regression),
        project=PortfolioProject.objects.create(user=user, title="House prices"),
        assignment=Assignment.objects.filter(course=regression).order_by("position").first(),
        course_ids=choices(Course.objects.published().values_list("pk", flat=True)),
        checks=choices(
            Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).values_list("pk", flat=True)
        ),
        topics=choices(Skill.objects.filter(kind=Skill.Kind.TOPIC).values_list("pk", flat=True)),
        group=group_start(
            user=user, name="Evening learners", description="", path=None, now=timezone.now()
        ),
        path_ids=choices(Path.objects.values_list("pk", flat=True)),
    )


# Profile and account


@FUZZ
@given(data=st.data())
def test_onboarding_survives_any_input(learner, data):
    fields = form(
        background=choices(Profile.BackgroundChoice.values),
        target_role=choices(Profile.TargetRoleChoice.values),
        weekly_goal_hours=goal_hours,
        time_zone=time_zones,
    )
    with example(learner.user) as client:
        send(client, "post", reverse("learners:onboarding"), data.draw(fields))


@FUZZ
@given(data=st.data())
def test_settings_survive_any_input(learner, data):
    fields = form(
        display_name=text,
        weekly_goal_hours=goal_hours,
        time_zone=time_zones,
        reminder_weekday=choices(range(7)),
        reminder_hour=choices(range(24)),
        reminders_enabled=ticked,
        study_weekdays=st.lists(choices(range(7)), max_size=7),
        study_starts_at=choices(["19:00", "07:30", "00:00", "23:45"]),
    )
    with example(learner.user) as client:
        send(client, "post", reverse("learners:settings"), data.draw(fields))


@FUZZ
@given(password=hostile)
def test_deleting_the_account_with_a_wrong_password_deletes_nothing(learner, password):
    with example(learner.user) as client:
        response = send(
            client, "post", reverse("learners:delete_account"), {"password": password}, accepted=()
        )

        assert response.status_code == 400
        assert get_user_model().objects.filter(pk=learner.user.pk).exists()


# Study hours, course status and assignments


def study_fields(learner) -> st.SearchStrategy:
    return form(
        day=recent_days(),
        hours=hours,
        course=learner.course_ids,
        note=text,
    )


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_logging_hours_survives_any_input(learner, data, htmx):
    with example(learner.user) as client:
        send(
            client,
            "post",
            reverse("learners:log_hours"),
            data.draw(study_fields(learner)),
            htmx=htmx,
            accepted=(200,) if htmx else (302,),
        )


@FUZZ
@given(data=st.data())
def test_editing_hours_survives_any_input(learner, data):
    with example(learner.user) as client:
        url = reverse("learners:edit_hours", args=[learner.session.pk])
        send(client, "post", url, data.draw(study_fields(learner)))


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_setting_a_course_status_survives_any_input(learner, data, htmx):
    fields = form(
        status=choices(CourseProgress.Status.values),
        started_on=recent_days(),
        completed_on=recent_days(),
        certified_on=recent_days(),
        certificate_url=web_links,
    )
    with example(learner.user) as client:
        send(
            client,
            "post",
            reverse("learners:course_status", args=[REGRESSION]),
            data.draw(fields),
            htmx=htmx,
            accepted=(200,) if htmx else (302,),
        )


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_completing_an_assignment_survives_any_input(learner, data, htmx):
    prefix = f"assignment-{learner.assignment.pk}"
    fields = form(
        **{
            f"{prefix}-day": recent_days(),
            f"{prefix}-hours": hours,
            f"{prefix}-link": web_links,
            f"{prefix}-note": text,
        }
    )
    url = reverse("learners:assignment_complete", args=[REGRESSION, learner.assignment.pk])
    with example(learner.user) as client:
        send(
            client,
            "post",
            url,
            data.draw(fields),
            htmx=htmx,
            accepted=(200,) if htmx else (302,),
        )


# A learner's own plan


@FUZZ
@given(data=st.data())
def test_skipping_a_step_of_ones_own_plan_survives_any_input(learner, data):
    with example(learner.user) as client:
        plan = plan_make(user=learner.user, path=Path.objects.get(slug=ZERO))
        step = plan.steps.order_by("position").first()
        prefix = f"skip-{step.pk}"
        fields = form(
            **{
                f"{prefix}-reason": choices(["certificate", "known", "not_for_me"]),
                f"{prefix}-issuer": text,
                f"{prefix}-url": choices(
                    [
                        "https://www.coursera.org/verify/ABC123?utm_source=x",
                        "https://example.com/certificate",
                    ]
                ),
                f"{prefix}-earned_on": recent_days(),
            }
        )
        url = reverse("learners:plan_step_skip", args=[step.pk])
        send(client, "post", url, data.draw(fields))


@FUZZ
@given(data=st.data())
def test_adding_a_program_to_ones_own_plan_survives_any_input(learner, data):
    with example(learner.user) as client:
        plan_make(user=learner.user, path=Path.objects.get(slug=ZERO))
        fields = form(
            course=learner.course_ids,
            position=choices(["1", "3", "6", "40"]),
            why=text,
        )
        send(client, "post", reverse("learners:plan_step_add"), data.draw(fields))


# Portfolio


def project_fields(learner) -> st.SearchStrategy:
    answers = {name: text for name, _ in PortfolioProject.INTERVIEW_QUESTIONS}
    return form(
        title=choices(["House prices", "Churn model", "\u202eChurn\u200b model"]),
        summary=text,
        write_up=text,
        repo_url=web_links,
        demo_url=web_links,
        public=ticked,
        courses=st.lists(learner.course_ids, max_size=3),
        employer_checks=st.lists(learner.checks, max_size=3),
        topics=st.lists(learner.topics, max_size=3),
        **answers,
    )


def assert_project_page_is_safe(client, response) -> None:
    """A saved project's page shows its write-up and links without anything unescaped."""
    if response.status_code == 302:
        page = client.get(response["Location"]).content.decode()
        for marker in UNESCAPED:
            assert marker not in page
        assert 'href="javascript' not in page.lower()


@FUZZ
@given(data=st.data())
def test_creating_a_project_survives_any_input(learner, data):
    with example(learner.user) as client:
        url = reverse("learners:project_new")
        response = send(client, "post", url, data.draw(project_fields(learner)))
        assert_project_page_is_safe(client, response)


@FUZZ
@given(data=st.data())
def test_editing_a_project_survives_any_input(learner, data):
    with example(learner.user) as client:
        url = reverse("learners:project_edit", args=[learner.project.pk])
        response = send(client, "post", url, data.draw(project_fields(learner)))
        assert_project_page_is_safe(client, response)


@FUZZ
@given(data=st.data())
def test_publishing_the_portfolio_survives_any_input(learner, data):
    fields = form(
        public_portfolio=ticked,
        public_slug=choices(["alice", "alice-ml", "al", "Alice_ML"]),
    )
    with example(learner.user) as client:
        send(client, "post", reverse("learners:portfolio_publish"), data.draw(fields))


# Study groups


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_starting_and_renaming_a_group_survive_any_input(learner, data, htmx):
    fields = form(name=text, path=learner.path_ids, description=text)
    with example(learner.user) as client:
        send(client, "post", reverse("groups:start"), data.draw(fields))
        rename = reverse("groups:rename", args=[learner.group.pk])
        send(client, "post", rename, data.draw(fields), htmx=htmx, accepted=(200, 302))


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_checking_in_survives_any_input(learner, data, htmx):
    fields = form(did=text, next=text, stuck=text)
    url = reverse("groups:check_in", args=[learner.group.pk])
    with example(learner.user) as client:
        send(client, "post", url, data.draw(fields), htmx=htmx, accepted=(200, 302))


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_the_sharing_choice_survives_any_input(learner, data, htmx):
    url = reverse("groups:sharing", args=[learner.group.pk])
    with example(learner.user) as client:
        send(
            client, "post", url, data.draw(form(shares_week=ticked)), htmx=htmx, accepted=(200, 302)
        )


# The public pages' GET forms


@FUZZ
@given(data=st.data(), htmx=st.booleans(), logged_in=st.booleans())
def test_the_catalog_filters_survive_any_query(learner, data, htmx, logged_in):
    fields = form(
        q=choices(["regression", "ml"]),
        platform=choices(Platform.objects.values_list("slug", flat=True)),
        institution=choices(Institution.objects.values_list("slug", flat=True)),
        program_type=choices(Course.ProgramType.values),
        level=choices(Course.Level.values),
        skill=choices(Skill.objects.values_list("slug", flat=True)),
        non_programmer=ticked,
        free_to_audit=ticked,
        page=choices(["1", "2", "999"]),
    )
    with example(learner.user if logged_in else None) as client:
        response = send(client, "get", "/courses/", data.draw(fields), htmx=htmx, accepted=())
        assert response.status_code == 200


@FUZZ
@given(
    url=st.sampled_from(
        ["/", f"/courses/{REGRESSION}/", "/paths/from-zero-to-building-ml-models/"]
    ),
    hours_per_week=value(goal_hours),
    htmx=st.booleans(),
    logged_in=st.booleans(),
)
def test_the_hours_per_week_forms_survive_any_query(learner, url, hours_per_week, htmx, logged_in):
    with example(learner.user if logged_in else None) as client:
        response = send(
            client, "get", url, {"hours_per_week": hours_per_week}, htmx=htmx, accepted=()
        )
        assert response.status_code == 200


@FUZZ
@given(skill=value(st.just("regression")))
def test_a_new_project_for_any_skill_in_the_query_opens_the_form(learner, skill):
    with example(learner.user) as client:
        response = send(client, "get", reverse("learners:project_new"), {"skill": skill})
        assert response.status_code == 200


# Reminders: the one-click unsubscribe takes anyone's POST, without CSRF


@FUZZ
@given(
    token=st.one_of(strings, st.sampled_from(["x:y", "a" * 27, "1:abc:def"])),
    body=form(**{"List-Unsubscribe": st.just("One-Click")}),
)
def test_unsubscribing_with_a_forged_token_changes_nothing(learner, token, body):
    url = reverse("learners:unsubscribe", args=["TOKEN"]).replace("TOKEN", quote(token, safe=""))
    with example() as client:
        response = send(client, "post", url, body, accepted=())
        assert response.status_code in (400, 404)


@FUZZ
@given(suffix=strings)
def test_an_unsubscribe_token_with_anything_appended_changes_nothing(learner, suffix):
    token = unsubscribe_token(user_id=learner.user.pk) + suffix
    url = reverse("learners:unsubscribe", args=["TOKEN"]).replace("TOKEN", quote(token, safe=""))
    with example() as client:
        response = send(client, "post", url, {}, accepted=() if suffix else (200,))
        assert response.status_code in ((400, 404) if suffix else (200,))


# Accounts (allauth)


@FUZZ
@given(data=st.data())
def test_signing_up_survives_any_input(learner, data):
    fields = form(
        email=st.emails(),
        password1=st.just(PASSWORD),
        password2=st.just(PASSWORD),
    )
    with example() as client:
        send(client, "post", reverse("account_signup"), data.draw(fields))


@FUZZ
@given(data=st.data())
def test_logging_in_with_any_input_logs_no_one_in(learner, data):
    fields = form(
        login=st.one_of(st.just(learner.user.email), st.emails()),
        password=text,
        remember=ticked,
    )
    with example() as client:
        response = send(client, "post", reverse("account_login"), data.draw(fields), accepted=())
        assert response.status_code in (200, 429)
        assert SESSION_KEY not in client.session


@FUZZ
@given(data=st.data())
def test_changing_the_password_with_a_wrong_one_changes_nothing(learner, data):
    fields = form(
        oldpassword=text,
        password1=st.just("a-new-long-password-9"),
        password2=st.just("a-new-long-password-9"),
    )
    with example(learner.user) as client:
        send(client, "post", reverse("account_change_password"), data.draw(fields), accepted=())


@FUZZ
@given(email=value(st.emails(), st.just("alice@example.com")))
def test_asking_for_a_password_reset_survives_any_input(learner, email):
    with example() as client:
        send(client, "post", reverse("account_reset_password"), {"email": email})


# What is not a form field: URL parameters and the request body


PATH_PARAMETERS = [
    "/my/courses/{}/",
    "/my/courses/{}/status/",
    f"/my/courses/{REGRESSION}/assignments/{{}}/complete/",
    f"/my/courses/{REGRESSION}/assignments/{{}}/undo/",
    "/hours/{}/edit/",
    "/hours/{}/delete/",
    "/portfolio/{}/",
    "/portfolio/{}/edit/",
    "/portfolio/{}/delete/",
    "/paths/{}/enrol/",
    "/paths/{}/make-mine/",
    "/my/plan/steps/{}/move/",
    "/my/plan/steps/{}/skip/",
    "/my/plan/offers/{}/",
    "/u/{}/",
    "/courses/{}/",
    "/paths/{}/",
    "/groups/{}/",
    "/groups/{}/manage/",
    "/groups/1/join/{}/",
    "/groups/{}/join/x/",
]


@FUZZ
@given(
    pattern=st.sampled_from(PATH_PARAMETERS),
    parameter=st.one_of(strings, numbers, st.integers(min_value=10**6, max_value=10**40)),
    method=st.sampled_from(["get", "post"]),
)
def test_any_url_parameter_gets_an_answer_not_an_error(learner, pattern, parameter, method):
    url = pattern.format(quote(str(parameter), safe="") or "x")
    with example(learner.user) as client:
        # A POST that finds its object may act on it (undo, delete): that is a success.
        send(client, method, url, {}, accepted=(302,) if method == "post" else ())


POST_URLS = [
    "/start/",
    "/settings/",
    "/settings/delete/",
    "/hours/log/",
    "/portfolio/new/",
    "/portfolio/publish/",
    f"/my/courses/{REGRESSION}/status/",
    "/my/plan/add/",
    "/accounts/login/",
    "/accounts/signup/",
]
CONTENT_TYPES = [
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz",
    "multipart/form-data",
    "text/plain",
    "application/xml",
    "",
]


@FUZZ
@given(
    url=st.sampled_from(POST_URLS),
    content_type=st.sampled_from(CONTENT_TYPES),
    body=st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(str.encode),
        st.sampled_from(
            [
                b'{"weekly_goal_hours": "NaN", "password": "\\u0000"}',
                b"[" * 1000,
                b'--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n\x00\r\n--xyz--',
                b"a=%00&a=%ff%fe&b=" + b"x" * 5000,
                b"\xff\xfe\x00",
            ]
        ),
    ),
)
def test_any_request_body_gets_an_answer_not_an_error(learner, url, content_type, body):
    with example(learner.user) as client:
        before = database_state()
        response = client.generic("POST", url, body, content_type=content_type)

        assert response.status_code < 500
        if response.status_code != 302:
            assert database_state() == before
