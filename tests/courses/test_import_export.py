"""Import and export of the catalog in admin, its edit history, and retiring a course."""

import io
import json
from decimal import Decimal

import pytest
import tablib
from django.test import Client

from courses.catalog import EXTRA_FILES, catalog_load, catalog_load_extra, read_catalog
from courses.models import Assignment, Course, PathStep
from courses.resources import (
    AssignmentResource,
    CourseResource,
    InstitutionResource,
    PathResource,
    PathStepResource,
    PlatformResource,
    SkillResource,
)
from learners.models import (
    AssignmentCompletion,
    CourseNote,
    CourseProgress,
    PortfolioProject,
    StudySession,
)
from tests.learners.factories import ProfileFactory

from .factories import AssignmentFactory, CourseFactory
from .test_admin import CATALOG_MODELS, admin_url

pytestmark = pytest.mark.django_db

RESOURCES = {
    resource.Meta.model: resource
    for resource in (
        PlatformResource,
        InstitutionResource,
        SkillResource,
        CourseResource,
        AssignmentResource,
        PathResource,
        PathStepResource,
    )
}
# The admin's formats, in its order: the form posts the index.
CSV, JSON, XLSX = "0", "1", "2"


@pytest.fixture
def guide_catalog():
    catalog_load(data=read_catalog())


def history_count() -> int:
    return sum(model.history.count() for model in CATALOG_MODELS)


def upload(name: str, content: bytes | str):
    data = content.encode() if isinstance(content, str) else content
    file = io.BytesIO(data)
    file.name = name
    return file


def preview(client, model, name, content, file_format=CSV):
    return client.post(
        admin_url(model, "import"),
        {"resource": "0", "format": file_format, "import_file": upload(name, content)},
    )


def confirm(client, model, response):
    form = response.context["confirm_form"]
    return client.post(admin_url(model, "process_import"), form.initial, follow=True)


def problems(response) -> dict[int, dict[str, list[str]]]:
    """The preview's rows in error: {row number: {field: messages}}."""
    return {row.number: row.error_dict for row in response.context["result"].invalid_rows}


def test_exporting_then_importing_the_catalog_changes_nothing(guide_catalog, editor_client):
    catalog_load_extra()
    before, rows = history_count(), {m: list(m.objects.values()) for m in CATALOG_MODELS}

    for model, resource in RESOURCES.items():
        for file_format, content in ((CSV, resource().export().csv), (JSON, None)):
            content = content or resource().export().json
            response = preview(editor_client, model, f"{model.__name__}.txt", content, file_format)
            result = response.context["result"]
            assert not result.has_errors() and not result.has_validation_errors(), problems(
                response
            )
            assert result.totals["skip"] == model.objects.count()
            assert result.totals["new"] == result.totals["update"] == 0
            confirm(editor_client, model, response)

    assert history_count() == before
    assert {m: list(m.objects.values()) for m in CATALOG_MODELS} == rows


def test_an_xlsx_export_imports_back_unchanged(guide_catalog, editor_client):
    content = CourseResource().export().xlsx

    response = preview(editor_client, Course, "courses.xlsx", content, XLSX)

    assert response.context["result"].totals["skip"] == Course.objects.count()


def test_an_import_previews_then_writes_new_and_updated_rows(guide_catalog, editor_client):
    dataset = CourseResource().export(
        queryset=Course.objects.filter(slug="machine-learning-for-all")
    )
    dataset.append_col(["9.9"], header="rating_new")
    rows = dataset.dict
    rows[0]["rating"] = "9.9"
    new = rows[0] | {"slug": "ml-for-all-again", "title": "ML for All, again"}
    text = tablib.Dataset(*[[r[h] for h in dataset.headers[:-1]] for r in (rows[0], new)])
    text.headers = dataset.headers[:-1]

    response = preview(editor_client, Course, "two.csv", text.csv)

    totals = response.context["result"].totals
    assert (totals["new"], totals["update"]) == (1, 1)
    page = response.content.decode()
    assert "New" in page and "Update" in page
    # The changed rating is marked, with no inline style: the site's CSP refuses them.
    assert "<ins>9.9</ins>" in page
    assert "style=" not in page
    assert not Course.objects.filter(slug="ml-for-all-again").exists()  # a preview writes nothing

    confirm(editor_client, Course, response)

    assert Course.objects.get(slug="machine-learning-for-all").rating == Decimal("9.9")
    added = Course.objects.get(slug="ml-for-all-again")
    assert set(added.skills.values_list("slug", flat=True)) == set(rows[0]["skills"].split(","))
    record = added.history.first()
    assert (record.history_change_reason, record.history_user.username) == (
        "Import of two.csv",
        "editor",
    )


def test_a_file_with_bad_rows_is_refused_whole_naming_each_row_and_field(
    guide_catalog, editor_client
):
    dataset = CourseResource().export(queryset=Course.objects.order_by("slug")[:5])
    good = dataset.dict[0]
    rows = [
        good | {"title": "A good change, never written"},
        dataset.dict[1] | {"rating": "11"},
        dataset.dict[2] | {"estimated_hours": "-3"},
        dataset.dict[3] | {"url": "javascript:alert(1)"},
        dataset.dict[4] | {"institution": "hogwarts", "skills": "regression,wizardry"},
    ]
    broken = tablib.Dataset(*[list(row.values()) for row in rows], headers=dataset.headers)
    before = history_count(), list(Course.objects.values())

    response = preview(editor_client, Course, "broken.csv", broken.csv)

    assert "confirm_form" not in response.context
    found = problems(response)
    assert set(found) == {2, 3, 4, 5}
    assert found[2]["rating"] == ["The rating is out of 10: give a number from 0 to 10."]
    assert found[3]["estimated_hours"] == ["Hours must be at least 0.5."]
    assert "Enter a valid URL." in found[4]["url"]
    assert found[5]["institution"] == ["No institution has the slug “hogwarts”."]
    assert found[5]["skills"] == ["No skill has the slug “wizardry”."]
    assert "No institution has the slug “hogwarts”." in response.content.decode()
    assert (history_count(), list(Course.objects.values())) == before


def test_two_steps_at_one_position_are_refused(guide_catalog, editor_client):
    steps = PathStepResource().export(queryset=PathStep.objects.filter(position__lte=2))
    rows = steps.dict
    duplicate = rows[1] | {"path": rows[0]["path"], "position": rows[0]["position"]}
    file = tablib.Dataset(*[list(r.values()) for r in (rows[0], duplicate)], headers=steps.headers)

    response = preview(editor_client, PathStep, "steps.csv", file.csv)

    assert problems(response) == {
        2: {"position": ["Row 1 has the same path and position: give each row its own."]}
    }


def test_an_exam_with_assignments_is_refused(guide_catalog, editor_client):
    rows = CourseResource().export(queryset=Course.objects.filter(slug="machine-learning-for-all"))
    row = rows.dict[0] | {"program_type": "certification_exam", "price_model": "one_time"}
    row["one_time_fee_usd"] = "200"
    file = tablib.Dataset(list(row.values()), headers=rows.headers)

    found = problems(preview(editor_client, Course, "exam.csv", file.csv))

    assert found[1]["program_type"] == [
        "A certification exam has no assignments: remove them first."
    ]


def test_a_5_mb_file_gets_a_clear_message(editor_client):
    response = preview(editor_client, Course, "big.csv", "slug,title\n" + "x," * 2_700_000)

    assert response.status_code == 200
    assert [e.replace("\xa0", " ") for e in response.context["form"].errors["import_file"]] == [
        "This file is 5.1 MB: an import takes at most 2.0 MB. Split it, or check it is the "
        "right file."
    ]


@pytest.mark.parametrize(
    ("file_format", "content"),
    [(XLSX, b"PK\x03\x04 not really a workbook"), (JSON, "{not json"), (CSV, b"\xff\xfe\x00bad")],
)
def test_a_malformed_file_gets_a_clear_message(editor_client, file_format, content):
    response = preview(editor_client, Course, "bad", content, file_format)

    assert response.status_code == 200
    errors = response.context["form"].errors.get("import_file") or [
        str(e.error) for e in response.context["result"].base_errors
    ]
    assert errors, "a malformed file must be refused with a message"
    assert "could not be read" in errors[0] or "slug" in errors[0]


def test_import_and_export_are_for_catalog_editors_and_superusers(django_user_model):
    staff = django_user_model.objects.create_user("staff", password="unused", is_staff=True)
    client = Client()
    client.force_login(staff)

    assert client.get(admin_url(Course, "import")).status_code == 403
    assert client.get(admin_url(Course, "export")).status_code == 403


def test_an_editor_sees_import_and_export_on_each_catalog_list(editor_client):
    for model in CATALOG_MODELS:
        page = editor_client.get(admin_url(model)).content.decode()
        assert admin_url(model, "import") in page
        assert admin_url(model, "export") in page


def test_load_catalog_extra_creates_the_programs_and_never_overwrites(guide_catalog):
    created = catalog_load_extra()

    assert created["courses"] == 10
    exam = Course.objects.get(slug="google-cloud-professional-machine-learning-engineer")
    assert (exam.program_type, exam.one_time_fee_usd, exam.estimated_hours) == (
        Course.ProgramType.CERTIFICATION_EXAM,
        Decimal(200),
        Decimal(2),
    )
    assert exam.source.startswith("https://cloud.google.com/")
    assert not Course.objects.get(slug="aws-certified-machine-learning-specialty").published
    assert Course.objects.get(slug="practical-deep-learning-for-coders").estimated_hours is None

    exam.one_time_fee_usd = Decimal(250)
    exam.save()
    assert sum(catalog_load_extra().values()) == 0
    exam.refresh_from_db()
    assert exam.one_time_fee_usd == Decimal(250)


def test_every_extra_file_is_in_the_admin_import_format(guide_catalog, editor_client):
    for resource, path in EXTRA_FILES:
        response = preview(editor_client, resource.Meta.model, path.name, path.read_text())
        assert problems(response) == {}
        confirm(editor_client, resource.Meta.model, response)

    assert Course.objects.filter(slug="machine-learning-crash-course").exists()


def test_the_course_page_shows_the_source_and_the_exam_honestly(guide_catalog, client):
    catalog_load_extra()

    page = " ".join(
        client.get("/courses/google-cloud-professional-machine-learning-engineer/")
        .content.decode()
        .split()
    )

    assert "Source: Length and fee from Google Cloud" in page
    assert "check before you enrol" in page
    assert (
        'href="https://cloud.google.com/certification/practice-exam/machine-learning-engineer"'
        in page
    )
    assert "$200 exam fee" in page
    assert "Exam length</dt> <dd>2 h (preparation not counted)" in page
    assert "Worth it only beside portfolio work" in page
    unknown = client.get("/courses/practical-deep-learning-for-coders/").content.decode()
    assert "Not known" in unknown
    assert "No source gives its hours" in unknown


# --- history ---


def test_an_admin_edit_is_recorded_with_who_and_what(guide_catalog, editor_client):
    course = Course.objects.get(slug="machine-learning-for-all")
    data = {
        "title": course.title,
        "slug": course.slug,
        "platform": course.platform_id,
        "institution": course.institution_id,
        "program_type": course.program_type,
        "level": course.level,
        "published": "on",
        "rating": "7.5",
        "estimated_hours": course.estimated_hours,
        "price_model": course.price_model,
        "audit_free": "on",
        "summary": course.summary,
        "skills": list(course.skills.values_list("pk", flat=True)),
        "assignments-TOTAL_FORMS": 0,
        "assignments-INITIAL_FORMS": 0,
        "assignments-MIN_NUM_FORMS": 0,
        "assignments-MAX_NUM_FORMS": 1000,
    }
    response = editor_client.post(admin_url(Course, "change", course.pk), data)
    assert response.status_code == 302

    latest = course.history.filter(history_type="~").first()
    delta = latest.diff_against(latest.prev_record)
    assert latest.history_user.username == "editor"
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "rating"] == [
        ("rating", course.rating, Decimal("7.5"))
    ]
    history_page = editor_client.get(admin_url(Course, "history", course.pk)).content.decode()
    assert "rating" in history_page.lower() and "editor" in history_page


def test_a_revert_brings_back_an_earlier_version(guide_catalog, editor_client):
    course = Course.objects.get(slug="machine-learning-for-all")
    original = course.history.earliest()
    course.rating = Decimal(3)
    course._change_reason = "A mistake"
    course.save()

    form = (
        editor_client.get(f"{admin_url(Course, 'history', course.pk)}{original.history_id}/")
        .context["adminform"]
        .form
    )
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {
        "skills": [skill.pk for skill in data.get("skills", [])],
        "published": "on" if data.get("published") else "",
        "audit_free": "on" if data.get("audit_free") else "",
    }
    data = {k: v for k, v in data.items() if v != ""}
    response = editor_client.post(
        f"{admin_url(Course, 'history', course.pk)}{original.history_id}/", data
    )

    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    course.refresh_from_db()
    assert course.rating == original.rating
    assert course.history.first().history_user.username == "editor"


# --- retiring a course ---


@pytest.fixture
def taken_course(guide_catalog):
    """A course a learner completed, with hours logged on it."""
    course = Course.objects.get(slug="machine-learning-for-all")
    profile = ProfileFactory()
    CourseProgress.objects.create(
        user=profile.user, course=course, status=CourseProgress.Status.COMPLETED
    )
    StudySession.objects.create(user=profile.user, course=course, day="2026-11-02", hours=3)
    return course, profile.user


PROTECTED = "would require deleting the following protected related objects"


def refused_deletion(editor_client, course) -> str:
    """The admin's delete page for `course`, after trying both ways to delete it."""
    page = editor_client.get(admin_url(Course, "delete", course.pk)).content.decode()
    editor_client.post(admin_url(Course, "delete", course.pk), {"post": "yes"})
    editor_client.post(
        admin_url(Course),
        {"action": "delete_selected", "_selected_action": [course.pk], "post": "yes"},
    )
    return page


def test_deleting_a_course_with_progress_is_refused_by_djangos_protection(
    taken_course, editor_client
):
    course, learner = taken_course

    page = refused_deletion(editor_client, course)

    assert PROTECTED in page
    assert learner.email not in page
    assert Course.objects.filter(pk=course.pk).exists()
    assert StudySession.objects.filter(course=course).exists()


@pytest.mark.parametrize("record", ["hours", "completion", "notes"])
def test_any_learner_row_on_a_course_protects_it(editor_client, record):
    course = CourseFactory()
    assignment = AssignmentFactory(course=course, position=1)
    user = ProfileFactory().user
    if record == "hours":
        StudySession.objects.create(user=user, course=course, day="2026-11-02", hours=3)
    elif record == "completion":
        AssignmentCompletion.objects.create(user=user, assignment=assignment, day="2026-11-02")
    else:
        CourseNote.objects.create(user=user, course=course, text="Week 2 is hard.")

    page = refused_deletion(editor_client, course)

    assert PROTECTED in page
    assert Course.objects.filter(pk=course.pk).exists()
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_a_course_nobody_took_can_be_deleted(editor_client):
    course = CourseFactory()

    editor_client.post(admin_url(Course, "delete", course.pk), {"post": "yes"})

    assert not Course.objects.filter(pk=course.pk).exists()


def test_unpublishing_keeps_the_learners_data(taken_course, editor_client, client):
    course, learner = taken_course
    editor_client.post(admin_url(Course), {"action": "unpublish", "_selected_action": [course.pk]})
    course.refresh_from_db()
    client.force_login(learner)

    assert not course.published
    assert course.slug not in client.get("/courses/").content.decode()
    assert client.get(course.get_absolute_url()).status_code == 404
    assert client.get(f"/my/courses/{course.slug}/").status_code == 200
    export = json.loads(client.get("/settings/export/").content)
    assert course.pk in [row["course"] for row in export["data"]["learners.CourseProgress"]]
    assert course.history.first().history_change_reason == "Unpublished from the list"


def test_a_project_that_names_a_deleted_course_keeps_its_other_courses(editor_client):
    # Django has no on_delete for a plain many-to-many link, and a link model of its own would
    # leave the links out of the learner's data export (the serializers skip such fields).
    kept, deleted = CourseFactory(), CourseFactory()
    project = PortfolioProject.objects.create(user=ProfileFactory().user, title="Churn model")
    project.courses.add(kept, deleted)

    editor_client.post(admin_url(Course, "delete", deleted.pk), {"post": "yes"})

    assert not Course.objects.filter(pk=deleted.pk).exists()
    assert list(project.courses.all()) == [kept]
