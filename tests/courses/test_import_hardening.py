"""The admin import against files made to hurt: formulas, broken characters, loose booleans,
altered confirmations; and the export that never hands a spreadsheet a live formula."""

import io
import json

import openpyxl
import pytest
import tablib

from courses.models import Course, Platform
from courses.resources import CourseResource

from .factories import CourseFactory
from .test_admin import admin_url
from .test_import_export import CSV, JSON, XLSX, confirm, preview, problems

pytestmark = pytest.mark.django_db

HEADERS = ["slug", "name", "url", "audit_free", "subscription_min_usd", "financial_aid"]
FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("https://evil.example","click")', "+1+1", "@SUM(1)"]


def platforms_csv(*rows: dict) -> str:
    base = {"url": "https://example.com", "audit_free": "1", "financial_aid": "0"}
    data = tablib.Dataset(headers=HEADERS)
    for row in rows:
        data.append([{**base, **row}.get(header, "") for header in HEADERS])
    return data.csv


@pytest.mark.parametrize("name", [*FORMULAS, "-2", "\tTab", "\rReturn"])
def test_a_name_starting_like_a_formula_is_a_row_error(editor_client, name):
    content = platforms_csv({"slug": "fine", "name": "Fine"}, {"slug": "evil", "name": name})

    response = preview(editor_client, Platform, "platforms.csv", content)

    assert problems(response) == {
        2: {
            "name": [
                "Start it with a letter or a digit: a spreadsheet runs a cell starting "
                "with =, +, -, @, a tab or a carriage return as a formula."
            ]
        }
    }
    assert not Platform.objects.exists()


def test_a_slug_starting_like_a_formula_is_a_row_error(editor_client):
    content = platforms_csv({"slug": "=1+1", "name": "Evil"})

    response = preview(editor_client, Platform, "platforms.csv", content)

    assert list(problems(response)[1]) == ["slug"]


@pytest.mark.parametrize("column", ["name", "slug", "url"])
def test_a_lone_surrogate_in_an_import_file_is_a_row_error(editor_client, column):
    row = {"slug": "fine", "name": "Fine", "url": "https://example.com", "audit_free": True}
    row[column] += "\ud800"
    content = json.dumps([row])
    assert "\\ud800" in content

    response = preview(editor_client, Platform, "platforms.json", content, JSON)

    assert response.status_code == 200
    assert problems(response) == {1: {column: [rules_message()]}}
    assert not Platform.objects.exists()


def rules_message() -> str:
    from courses.rules import BROKEN_CHARACTER

    return BROKEN_CHARACTER


@pytest.mark.parametrize("spelling", ["maybe", "yes", "2", "tru"])
def test_a_boolean_column_takes_only_the_documented_spellings(editor_client, spelling):
    content = platforms_csv({"slug": "p", "name": "P", "audit_free": spelling})

    response = preview(editor_client, Platform, "platforms.csv", content)

    assert problems(response) == {
        1: {"audit_free": [f"Give 1 or 0 (or true or false), not “{spelling}”."]}
    }


@pytest.mark.parametrize(("spelling", "value"), [("1", True), ("true", True), ("FALSE", False)])
def test_the_documented_spellings_import(editor_client, spelling, value):
    content = platforms_csv({"slug": "p", "name": "P", "audit_free": spelling})

    confirm(editor_client, Platform, preview(editor_client, Platform, "p.csv", content))

    assert Platform.objects.get(slug="p").audit_free is value


@pytest.mark.parametrize("file_name", ["nonexistent-key", "../../../etc/passwd", ""])
@pytest.mark.parametrize("file_format", ["0", "7", "x"])
def test_an_altered_confirmation_is_400_with_a_message(editor_client, file_name, file_format):
    response = editor_client.post(
        admin_url(Platform, "process_import"),
        {
            "import_file_name": file_name,
            "original_file_name": "platforms.csv",
            "format": file_format,
            "resource": "0",
        },
    )

    assert response.status_code == 400
    assert "this confirmation names no previewed file" in response.content.decode()
    assert not Platform.objects.exists()


def test_an_altered_format_on_a_real_preview_is_400(editor_client):
    response = preview(editor_client, Platform, "p.csv", platforms_csv({"slug": "p", "name": "P"}))
    form = response.context["confirm_form"]

    refused = editor_client.post(
        admin_url(Platform, "process_import"), {**form.initial, "format": "9"}
    )

    assert refused.status_code == 400
    assert not Platform.objects.exists()


def export(client, file_format: str) -> bytes:
    response = client.post(
        admin_url(Platform, "export"),
        {"format": file_format, "resource": "0"}
        | {f"platformresource_{name}": "on" for name in HEADERS},
    )
    assert response.status_code == 200, response.content[:500]
    return response.content


@pytest.fixture
def formula_platforms():
    # Typed in the admin's own form, which takes any name: the export must not run them.
    for number, name in enumerate(FORMULAS):
        Platform.objects.create(slug=f"p{number}", name=name, url="https://example.com")


def test_the_xlsx_export_has_no_live_formula(editor_client, formula_platforms):
    book = openpyxl.load_workbook(io.BytesIO(export(editor_client, XLSX)))

    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert cells
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    names = {cell.value for cell in cells}
    assert "cmd|' /C calc'!A0" in names


def test_the_csv_export_has_no_leading_equals(editor_client, formula_platforms):
    rows = tablib.Dataset().load(export(editor_client, CSV).decode(), format="csv").dict

    assert rows
    assert not [row["name"] for row in rows if row["name"].startswith("=")]


def test_an_admin_xlsx_export_imports_back_unchanged(editor_client):
    """The escape turns cells into text (None into "None"): an export still imports back."""
    course = CourseFactory(institution=None, estimated_hours=None, rating=None)
    response = editor_client.post(
        admin_url(Course, "export"),
        {"format": XLSX, "resource": "0"}
        | {f"courseresource_{name}": "on" for name in CourseResource.Meta.fields},
    )
    assert response.status_code == 200

    preview_page = preview(editor_client, Course, "courses.xlsx", response.content, XLSX)

    assert not problems(preview_page)
    assert preview_page.context["result"].totals["skip"] == 1
    assert Course.objects.get(pk=course.pk).institution is None
