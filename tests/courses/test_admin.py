"""The staff's catalog admin, driven through Django's real admin views and forms."""

from decimal import Decimal

import factory
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Assignment, Course, Institution, Path, PathStep, Platform, Skill
from tests.courses.factories import (
    AssignmentFactory,
    CourseFactory,
    InstitutionFactory,
    PathFactory,
    PathStepFactory,
    PlatformFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

CATALOG_MODELS = [Platform, Institution, Skill, Course, Assignment, Path, PathStep]


@pytest.fixture
def editor(django_user_model):
    """Staff, not superuser: all it may do comes from the *Catalog editors* group."""
    user = django_user_model.objects.create_user("editor", password="unused", is_staff=True)
    user.groups.add(Group.objects.get(name="Catalog editors"))
    return user


@pytest.fixture
def editor_client(editor):
    # Its own client, so that a test can also look at the site as an anonymous visitor.
    client = Client()
    client.force_login(editor)
    return client


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:courses_{model._meta.model_name}_{view}", args=args)


def inline_form(prefix, rows, initial=0):
    """An inline formset as the admin posts it: management form, then one entry per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def course_form(platform, institution, assignments=(), **fields):
    """The course add form with every field filled as an editor would, and its assignments."""
    data = {
        "title": "Regression from the admin",
        "slug": "regression-from-the-admin",
        "platform": platform.pk,
        "institution": institution.pk,
        "program_type": Course.ProgramType.UNIVERSITY_SPECIALIZATION,
        "part_of": "Machine Learning Specialization",
        "level": Course.Level.INTERMEDIATE,
        "published": "on",
        "rating": "9.7",
        "estimated_hours": "30",
        "non_programmer_friendly": "",
        "price_model": Course.PriceModel.SUBSCRIPTION,
        "one_time_fee_usd": "",
        "audit_free": "on",
        "url": "https://www.coursera.org/learn/ml-regression",
        "summary": "Linear regression, regularisation and the bias-variance trade-off.",
        **inline_form("assignments", list(assignments)),
    }
    data.update(fields)
    return data


def step_row(step, **changes):
    row = {
        "id": step.pk,
        "path": step.path_id,
        "position": step.position,
        "course": step.course_id,
        "why_here": step.why_here,
    }
    return row | changes


def path_form(path, existing=(), new=()):
    """The path's change form: every field as it is, the existing steps, then new steps."""
    data = {
        "title": path.title,
        "slug": path.slug,
        "track": path.track,
        "audience": path.audience,
        "summary": path.summary,
        "position": path.position,
        **inline_form("steps", [*existing, *new], initial=len(existing)),
    }
    if path.published:
        data["published"] = "on"
    return data


def form_errors(response):
    """What the admin refused, to make a failed assertion readable."""
    if response.context is None:
        return response.status_code
    errors = [response.context["adminform"].form.errors]
    for inline in response.context["inline_admin_formsets"]:
        errors += [inline.formset.non_form_errors(), *inline.formset.errors]
    return errors


def row_counts():
    return {model.__name__: model.objects.count() for model in CATALOG_MODELS}


def test_the_catalog_editors_group_holds_exactly_the_catalog_permissions():
    group = Group.objects.get(name="Catalog editors")

    # add, change, delete, view, import and export of each of the seven catalog models; the
    # history models' own permissions are not needed (history goes by the model's).
    expected = Permission.objects.filter(
        content_type__app_label="courses",
        content_type__model__in=[m._meta.model_name for m in CATALOG_MODELS],
    )
    assert set(group.permissions.all()) == set(expected)
    assert expected.count() == 6 * len(CATALOG_MODELS)


@pytest.mark.parametrize("model", CATALOG_MODELS)
def test_an_editor_opens_every_catalog_list_and_add_page(editor_client, model):
    assert editor_client.get(admin_url(model)).status_code == 200
    assert editor_client.get(admin_url(model, "add")).status_code == 200


def test_an_editor_opens_a_course_and_a_path_to_change_them(editor_client):
    step = PathStepFactory()

    course_page = editor_client.get(admin_url(Course, "change", step.course.pk))
    path_page = editor_client.get(admin_url(Path, "change", step.path.pk))

    assert course_page.status_code == 200
    assert path_page.status_code == 200


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/user/add/"])
def test_an_editor_is_refused_the_user_accounts(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_the_course_form_fills_the_slug_from_the_title_and_filters_skills(editor_client):
    page = editor_client.get(admin_url(Course, "add")).content.decode()

    assert "data-prepopulated-fields" in page
    assert "&quot;#id_title&quot;" in page  # the slug follows the title as it is typed
    assert 'class="selectfilter"' in page  # filter_horizontal's widget for skills


def test_a_paths_steps_pick_their_course_by_autocomplete(editor_client):
    step = PathStepFactory()

    page = editor_client.get(admin_url(Path, "change", step.path.pk)).content.decode()

    assert 'name="steps-0-course"' in page
    assert "admin-autocomplete" in page
    assert "&quot;#id_title&quot;" in page  # the path's slug follows its title too


@pytest.mark.parametrize(
    ("model", "parent_factory", "child_factory", "parent_field"),
    [
        (Course, CourseFactory, AssignmentFactory, "course"),
        (Path, PathFactory, PathStepFactory, "path"),
    ],
)
def test_inline_rows_show_in_position_order(
    editor_client, model, parent_factory, child_factory, parent_field
):
    parent = parent_factory()
    for position in (3, 1, 2):
        child_factory(**{parent_field: parent, "position": position})

    response = editor_client.get(admin_url(model, "change", parent.pk))

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.position for form in formset.initial_forms] == [1, 2, 3]


def test_an_editor_adds_a_course_with_two_assignments_then_puts_it_into_a_path(editor_client):
    platform = PlatformFactory()
    institution = InstitutionFactory(name="University of Washington")
    regression = SkillFactory(name="Regression")
    path = PathFactory()
    first = PathStepFactory(path=path, position=1)

    response = editor_client.post(
        admin_url(Course, "add"),
        course_form(
            platform,
            institution,
            url="www.coursera.org/learn/ml-regression",
            skills=[regression.pk],
            assignments=[
                {"position": 1, "title": "Predict house prices", "kind": "notebook",
                 "estimated_hours": "4", "is_estimate": "on"},
                {"position": 2, "title": "Ridge and lasso", "kind": "coding",
                 "estimated_hours": "3.5"},
            ],
        ),
    )  # fmt: skip

    assert response.status_code == 302, form_errors(response)
    course = Course.objects.get(slug="regression-from-the-admin")
    assert course.institution == institution
    assert course.url == "https://www.coursera.org/learn/ml-regression"
    assert course.published
    assert list(course.skills.all()) == [regression]
    assert list(course.assignments.values_list("position", "title", "kind", "estimated_hours")) == [
        (1, "Predict house prices", "notebook", Decimal(4)),
        (2, "Ridge and lasso", "coding", Decimal("3.5")),
    ]

    response = editor_client.post(
        admin_url(Path, "change", path.pk),
        path_form(
            path,
            existing=[step_row(first)],
            new=[{"path": path.pk, "position": 2, "course": course.pk, "why_here": "Next up."}],
        ),
    )

    assert response.status_code == 302, form_errors(response)
    assert list(path.steps.values_list("position", "course", "why_here")) == [
        (1, first.course_id, first.why_here),
        (2, course.pk, "Next up."),
    ]


def test_a_course_added_in_the_admin_is_public_until_it_is_unpublished(editor_client, client):
    course_list = reverse("courses:list")
    response = editor_client.post(
        admin_url(Course, "add"), course_form(PlatformFactory(), InstitutionFactory())
    )
    assert response.status_code == 302, form_errors(response)
    course = Course.objects.get(slug="regression-from-the-admin")

    assert course.title in client.get(course_list).content.decode()
    assert client.get(course.get_absolute_url()).status_code == 200

    editor_client.post(admin_url(Course), {"action": "unpublish", "_selected_action": [course.pk]})

    assert client.get(course.get_absolute_url()).status_code == 404
    assert course.title not in client.get(course_list).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rating", "11", "The rating is out of 10: give a number from 0 to 10."),
        ("rating", "-1", "The rating is out of 10: give a number from 0 to 10."),
        ("estimated_hours", "-3", "Hours must be at least 0.5."),
        ("estimated_hours", "0", "Hours must be at least 0.5."),
        ("one_time_fee_usd", "-5", "A price cannot be negative."),
    ],
)
def test_an_impossible_course_figure_is_refused_beside_its_field(
    editor_client, field, value, message
):
    platform, institution = PlatformFactory(), InstitutionFactory()
    before = row_counts()

    response = editor_client.post(
        admin_url(Course, "add"),
        course_form(
            platform,
            institution,
            assignments=[{"position": 1, "title": "Quiz", "kind": "quiz", "estimated_hours": "1"}],
            **{field: value},
        ),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["adminform"].form.errors[field] == [message]
    assert row_counts() == before


def test_a_one_time_price_without_its_fee_is_refused_beside_the_fee(editor_client):
    platform, institution = PlatformFactory(), InstitutionFactory()

    response = editor_client.post(
        admin_url(Course, "add"),
        course_form(platform, institution, price_model=Course.PriceModel.ONE_TIME),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"one_time_fee_usd": ["A one-time price model needs the fee."]}
    assert not Course.objects.exists()


def test_an_assignment_with_negative_hours_is_refused_and_its_course_is_not_written(
    editor_client,
):
    response = editor_client.post(
        admin_url(Course, "add"),
        course_form(
            PlatformFactory(),
            InstitutionFactory(),
            assignments=[{"position": 1, "title": "Quiz", "kind": "quiz", "estimated_hours": "-1"}],
        ),
    )

    assert response.status_code == 200
    assert "Hours must be at least 0.5." in response.content.decode()
    assert not Course.objects.exists()
    assert not Assignment.objects.exists()


def test_a_duplicate_step_position_is_refused_beside_the_step_and_nothing_is_written(
    editor_client,
):
    path = PathFactory()
    first = PathStepFactory(path=path, position=1)
    second = PathStepFactory(path=path, position=2)
    newcomer = CourseFactory()
    before = row_counts()

    response = editor_client.post(
        admin_url(Path, "change", path.pk),
        path_form(
            path,
            existing=[step_row(first), step_row(second, why_here="Changed, and not saved.")],
            new=[{"path": path.pk, "position": 2, "course": newcomer.pk, "why_here": "Also 2."}],
        ),
    )

    assert response.status_code == 200
    assert "Two steps of a path cannot share a position." in response.content.decode()
    new_step = response.context["inline_admin_formsets"][0].formset.forms[2]
    assert new_step.errors == {"position": ["Two steps of a path cannot share a position."]}
    assert row_counts() == before
    assert list(path.steps.values_list("position", "course", "why_here")) == [
        (1, first.course_id, first.why_here),
        (2, second.course_id, second.why_here),
    ]


def test_a_new_path_whose_steps_share_a_position_is_not_written(editor_client):
    courses = CourseFactory.create_batch(2)
    before = row_counts()

    response = editor_client.post(
        admin_url(Path, "add"),
        {
            "title": "Zero to builder",
            "slug": "zero-to-builder",
            "track": Path.Track.BUILDER,
            "audience": "Programmers new to machine learning.",
            "position": 0,
            "published": "on",
            **inline_form(
                "steps",
                [{"position": 1, "course": course.pk, "why_here": "First."} for course in courses],
            ),
        },
    )

    assert response.status_code == 200
    assert "Two steps of a path cannot share a position." in response.content.decode()
    assert row_counts() == before


def test_a_course_appears_only_once_in_a_path(editor_client):
    step = PathStepFactory(position=1)
    before = row_counts()

    response = editor_client.post(
        admin_url(Path, "change", step.path.pk),
        path_form(
            step.path,
            existing=[step_row(step)],
            new=[{"path": step.path_id, "position": 2, "course": step.course_id, "why_here": "!"}],
        ),
    )

    assert response.status_code == 200
    assert "A course appears only once in a path." in response.content.decode()
    assert row_counts() == before


def test_an_editor_swaps_two_steps_by_editing_their_positions_in_one_save(editor_client):
    path = PathFactory()
    first = PathStepFactory(path=path, position=1)
    second = PathStepFactory(path=path, position=2)

    response = editor_client.post(
        admin_url(Path, "change", path.pk),
        path_form(path, existing=[step_row(first, position=2), step_row(second, position=1)]),
    )

    assert response.status_code == 302, form_errors(response)
    # The test's transaction never commits: check the deferred constraint now, as COMMIT would.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert list(path.steps.values_list("course", flat=True)) == [second.course_id, first.course_id]


def test_deleting_steps_someone_else_already_deleted_still_saves_the_path(editor_client):
    path = PathFactory()
    steps = PathStepFactory.create_batch(3, path=path)
    form = path_form(path, existing=[step_row(step, DELETE="on") for step in steps])
    # Another editor deletes two of them after this page was shown.
    PathStep.objects.filter(pk__in=[steps[0].pk, steps[1].pk]).delete()

    response = editor_client.post(admin_url(Path, "change", path.pk), form)

    assert response.status_code == 302, form_errors(response)
    assert not path.steps.exists()


def test_an_editor_swaps_two_assignments_positions_in_one_save(editor_client):
    course = CourseFactory()
    first = AssignmentFactory(course=course, position=1)
    second = AssignmentFactory(course=course, position=2)

    def row(assignment, position):
        return {
            "id": assignment.pk,
            "course": course.pk,
            "position": position,
            "title": assignment.title,
            "kind": assignment.kind,
            "estimated_hours": assignment.estimated_hours,
        }

    data = course_form(course.platform, course.institution, title=course.title, slug=course.slug)
    data.update(inline_form("assignments", [row(first, 2), row(second, 1)], initial=2))
    response = editor_client.post(admin_url(Course, "change", course.pk), data)

    assert response.status_code == 302, form_errors(response)
    # The test's transaction never commits: check the deferred constraint now, as COMMIT would.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert sorted(course.assignments.values_list("pk", "position")) == sorted(
        [(first.pk, 2), (second.pk, 1)]
    )


@pytest.mark.parametrize(("model", "make"), [(Course, CourseFactory), (Path, PathFactory)])
def test_publish_and_unpublish_actions_change_the_selection_and_say_how_many(
    editor_client, model, make
):
    hidden = make.create_batch(2, published=False)
    shown = make(published=True)
    untouched = make(published=False)
    selection = [obj.pk for obj in [*hidden, shown]]
    plural = model._meta.verbose_name_plural

    response = editor_client.post(
        admin_url(model), {"action": "publish", "_selected_action": selection}, follow=True
    )

    assert f"2 {plural} published. 1 already was." in response.content.decode()
    assert set(model.objects.filter(published=True).values_list("pk", flat=True)) == set(selection)
    untouched.refresh_from_db()
    assert not untouched.published

    response = editor_client.post(
        admin_url(model), {"action": "unpublish", "_selected_action": selection}, follow=True
    )

    assert f"3 {plural} unpublished." in response.content.decode()
    assert not model.objects.filter(published=True).exists()
    # Each change is in the object's history, under the editor's name.
    assert LogEntry.objects.filter(object_id=str(shown.pk), user__username="editor").count() == 1


def test_publishing_a_course_moves_its_last_update_time(editor_client):
    course = CourseFactory(published=False)
    before = course.updated_at

    editor_client.post(admin_url(Course), {"action": "publish", "_selected_action": [course.pk]})

    course.refresh_from_db()
    assert course.updated_at > before


def catalog_rows(model, count):
    """`count` rows of `model`, each pointing at related rows of its own."""
    if model is Platform:
        # The factory gets or creates Coursera: give each platform a name of its own.
        return PlatformFactory.create_batch(count, name=factory.Sequence(lambda n: f"Platform {n}"))
    factories = {
        Institution: InstitutionFactory,
        Skill: SkillFactory,
        Course: CourseFactory,
        Assignment: AssignmentFactory,
        Path: PathFactory,
        PathStep: PathStepFactory,
    }
    return factories[model].create_batch(count)


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model))
    assert response.status_code == 200
    return len(queries), response.context["cl"].result_count


@pytest.mark.parametrize("model", CATALOG_MODELS)
def test_a_changelist_makes_as_many_queries_for_30_rows_as_for_3(editor_client, model):
    catalog_rows(model, 3)
    few, shown = changelist_queries(editor_client, model)
    assert shown == 3

    catalog_rows(model, 27)
    many, shown = changelist_queries(editor_client, model)

    assert shown == 30
    assert many == few


def test_the_admin_refuses_hidden_characters_in_a_link_and_takes_them_out_of_a_title(
    editor_client,
):
    platform, institution = PlatformFactory(), InstitutionFactory()

    refused = editor_client.post(
        admin_url(Course, "add"),
        course_form(platform, institution, url="https://www.coursera\u200b.org/learn/x"),
    )
    assert refused.status_code == 200
    assert "Take out the invisible characters" in refused.content.decode()
    assert not Course.objects.exists()

    saved = editor_client.post(
        admin_url(Course, "add"),
        course_form(platform, institution, title="Regression\u202e from the admin\u200b"),
    )
    assert saved.status_code == 302
    assert Course.objects.get().title == "Regression from the admin"


def test_hidden_characters_never_reach_a_title_even_without_validation():
    """Rows made without a form (the loader, the shell, an import) are cleaned when written."""
    course = CourseFactory(title="Deep\u200b learning\u202e")

    course.refresh_from_db()
    assert course.title == "Deep learning"
