"""How much a catalog file may hold, checked before it is read whole: a small file can still
unpack to a lot (an XLSX is a zip), hold 200,000 rows or one cell of 150 million characters,
and the preview would then run past the worker's timeout.

Each check stops at the first limit broken and names it; a file these cannot read is left to
the import's own reader, which says so.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Sequence

import openpyxl
from django.template.defaultfilters import filesizeformat

# The whole catalog is some 30 rows, its longest cell 275 characters. A preview checks and
# writes (then rolls back) each row: 5,000 new platforms took 43 s, past gunicorn's 30 s
# timeout, and 1,000 took 17 s on a busy 2-core machine; 500 took 2.6 s.
MAX_ROWS = 500
MAX_CELL_CHARS = 10_000
MAX_UNPACKED_BYTES = 10 * 1024 * 1024

TOO_MANY_ROWS = (
    f"This file has more than {MAX_ROWS:,} rows: an import takes at most {MAX_ROWS:,}. "
    "Split it into smaller files."
)


def cell_too_long(row: int, length: int | None = None) -> str:
    size = f"of {length:,} characters" if length else "too long to read"
    return (
        f"Row {row} has a cell {size}: a cell holds at most {MAX_CELL_CHARS:,} characters. "
        "Check it is the right file."
    )


def unpacks_too_big(size: int) -> str:
    return (
        f"This workbook unpacks to {filesizeformat(size)}: an import takes at most "
        f"{filesizeformat(MAX_UNPACKED_BYTES)} unpacked. Split it, or check it is the right file."
    )


def rows_problem(rows: Iterable[Sequence]) -> str | None:
    """The first limit `rows` (a header, then data) break, reading no further than it."""
    for number, row in enumerate(rows):
        if number > MAX_ROWS:
            return TOO_MANY_ROWS
        for value in row:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                return cell_too_long(number, len(value))
    return None


def csv_problem(content: bytes) -> str | None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    rows = csv.reader(io.StringIO(text))
    try:
        return rows_problem(rows)
    except csv.Error:
        # The csv module's own field limit (128 K) is far above ours: a cell past it.
        return cell_too_long(rows.line_num)


def json_problem(content: bytes) -> str | None:
    try:
        items = json.loads(content)
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    return rows_problem(
        [[], *(list(item.values()) if isinstance(item, dict) else [item] for item in items)]
    )


def xlsx_problem(content: bytes) -> str | None:
    """The unpacked size first, from the zip's directory (reading nothing), then the rows,
    streamed (openpyxl's read-only mode) until a limit is broken."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return None
    if unpacked > MAX_UNPACKED_BYTES:
        return unpacks_too_big(unpacked)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            return rows_problem(book.active.iter_rows(values_only=True))
        finally:
            book.close()
    except Exception:
        # openpyxl fails in many ways on a broken workbook: the import's reader refuses it.
        return None


CHECKS = {"csv": csv_problem, "json": json_problem, "xlsx": xlsx_problem}


def file_problem(content: bytes, file_format: str) -> str | None:
    """Which limit a file of `file_format` ("csv", "json", "xlsx") breaks, or None."""
    check = CHECKS.get(file_format)
    return check(content) if check else None
