"""Tables a clerk takes into Excel: the assignments (``agencies``) and the report tracking
(``status``), written as .csv (UTF-8 with a BOM, so Excel reads Vietnamese) or .xlsx (bold frozen
header row, wrapped cells, dates as dates shown dd/mm/yyyy), each file atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from khcn_docs import vn
from khcn_docs.outputs import write_atomic


@dataclass(frozen=True)
class Table:
    """A sheet: its name, column titles and widths (in Excel's characters), and its rows (text,
    numbers, dates or None)."""

    sheet: str
    headers: list[str]
    widths: tuple[int, ...]
    rows: list[list[object]]


def csv_bytes(table: Table) -> bytes:
    """Return the table as CSV in UTF-8 with a BOM; dates as dd/mm/yyyy, None as an empty cell."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([[_text(value) for value in row] for row in table.rows])
    return buf.getvalue().encode("utf-8-sig")


def _text(value: object) -> object:
    if isinstance(value, dt.date):
        return vn.short_date(value)
    return "" if value is None else value


def xlsx_bytes(table: Table) -> bytes:
    """Return the table as an .xlsx workbook of one sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = table.sheet[:31]
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for n, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, (dt.date, dt.datetime)):
                cell.number_format = "DD/MM/YYYY"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write(table: Table, csv_path: Path | str | None, xlsx_path: Path | str | None) -> list[Path]:
    """Write the requested exports atomically; return the paths written."""
    written = []
    if csv_path:
        write_atomic(Path(csv_path), csv_bytes(table))
        written.append(Path(csv_path))
    if xlsx_path:
        write_atomic(Path(xlsx_path), xlsx_bytes(table))
        written.append(Path(xlsx_path))
    return written
