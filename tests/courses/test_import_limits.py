"""Files small on the wire that would hold a worker for long: too many rows, a huge cell, a
workbook that unpacks big. Each is refused quickly, naming the limit it broke."""

import io
import json
import time
import zipfile

import openpyxl
import pytest

from courses import import_limits
from courses.admin import IMPORT_MAX_BYTES
from courses.import_limits import MAX_CELL_CHARS, MAX_ROWS, file_problem
from courses.models import Platform

from .test_import_export import CSV, JSON, XLSX, preview

SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows_xml: str) -> bytes:
    """An XLSX whose sheet holds `rows_xml` (<row> elements) as written: openpyxl itself would
    take seconds to write 200,000 rows."""
    book = openpyxl.Workbook()
    book.active.append(["slug"])
    made = io.BytesIO()
    book.save(made)
    source = zipfile.ZipFile(io.BytesIO(made.getvalue()))
    sheet = source.read(SHEET).decode()
    # Drop the one-cell dimension openpyxl wrote: a read-only reader reads no further.
    sheet = sheet.replace('<dimension ref="A1:A1" />', "")
    head, _, rest = sheet.partition("<sheetData>")
    _, _, tail = rest.partition("</sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = (
                source.read(name)
                if name != SHEET
                else f"{head}<sheetData>{rows_xml}</sheetData>{tail}"
            )
            target.writestr(name, data)
    return out.getvalue()


def numbers_rows(count: int) -> str:
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>slug</t></is></c></row>'
    return header + "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, count + 2)
    )


def text_row(text: str) -> str:
    return f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'


@pytest.fixture(scope="module")
def rows_200_000() -> bytes:
    return workbook(numbers_rows(200_000))


def test_200_000_rows_in_a_small_workbook_are_refused_at_once(rows_200_000):
    assert len(rows_200_000) < IMPORT_MAX_BYTES

    started = time.monotonic()
    problem = file_problem(rows_200_000, "xlsx")

    assert problem == import_limits.TOO_MANY_ROWS
    assert time.monotonic() - started < 5


def test_rows_up_to_the_limit_pass():
    assert file_problem(workbook(numbers_rows(MAX_ROWS)), "xlsx") is None
    assert file_problem(workbook(numbers_rows(MAX_ROWS + 1)), "xlsx") == import_limits.TOO_MANY_ROWS


def test_a_workbook_that_unpacks_big_is_refused_before_it_is_read():
    content = workbook(text_row("x" * 20_000_000))
    assert len(content) < 100_000

    started = time.monotonic()
    problem = file_problem(content, "xlsx")

    assert problem == import_limits.unpacks_too_big(zipfile_size(content))
    assert "unpacks to 19.1\xa0MB" in problem
    assert time.monotonic() - started < 1


def zipfile_size(content: bytes) -> int:
    return sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(content)).infolist())


@pytest.mark.parametrize(
    ("file_format", "content"),
    [
        ("xlsx", workbook(text_row("x" * (MAX_CELL_CHARS + 1)))),
        ("csv", f"slug,name\np,{'x' * (MAX_CELL_CHARS + 1)}\n".encode()),
        ("json", json.dumps([{"slug": "p", "name": "x" * (MAX_CELL_CHARS + 1)}]).encode()),
    ],
)
def test_a_cell_over_the_limit_is_refused_with_its_row(file_format, content):
    row = 0 if file_format == "xlsx" else 1
    assert file_problem(content, file_format) == import_limits.cell_too_long(
        row, MAX_CELL_CHARS + 1
    )


def test_a_csv_cell_past_the_csv_modules_own_limit_is_refused_too():
    content = f"slug,name\np,{'x' * 200_000}\n".encode()

    assert file_problem(content, "csv") == import_limits.cell_too_long(2)


@pytest.mark.parametrize(
    ("file_format", "content"),
    [
        ("csv", "slug,name\n" + "p,n\n" * (MAX_ROWS + 1)),
        ("json", json.dumps([{"slug": "p"}] * (MAX_ROWS + 1))),
    ],
)
def test_too_many_rows_of_text_are_refused(file_format, content):
    assert file_problem(content.encode(), file_format) == import_limits.TOO_MANY_ROWS


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a workbook", b"\xff\xfe", b"{"])
def test_unreadable_files_are_left_to_the_reader(content):
    assert {file_problem(content, name) for name in ("xlsx", "csv", "json")} == {None}


@pytest.mark.django_db
def test_the_admin_answers_a_200_000_row_workbook_within_seconds(editor_client, rows_200_000):
    started = time.monotonic()
    response = preview(editor_client, Platform, "rows.xlsx", rows_200_000, XLSX)

    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [import_limits.TOO_MANY_ROWS]
    assert not Platform.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file_format", "content"),
    [
        (XLSX, workbook(text_row("x" * 20_000_000))),
        (CSV, f"slug,name\np,{'x' * 50_000}\n"),
        (JSON, json.dumps([{"slug": "p", "name": "x" * 50_000}])),
    ],
)
def test_the_admin_refuses_a_huge_cell_naming_the_limit(editor_client, file_format, content):
    started = time.monotonic()
    response = preview(editor_client, Platform, "huge", content, file_format)

    assert time.monotonic() - started < 5
    (error,) = response.context["form"].errors["import_file"]
    assert "a cell holds at most 10,000 characters" in error or "unpacks to" in error
    assert len(response.content) < 100_000
