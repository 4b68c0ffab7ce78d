"""Who does what: each agency's tasks in the plan, by role, as a table (terminal, .csv, .xlsx).

Groups are already expanded by the plan model, an agency named twice in a task is listed once,
and when it is named both to lead and to support, leading wins (``Plan.tasks_for``).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from khcn_docs import tables
from khcn_docs.i18n import t
from khcn_docs.plan import LEAD, SUPPORT, Plan
from khcn_docs.tables import Table

WIDTHS = (4, 34, 36, 36)   # columns of the terminal table: STT, agency, leads, supports


@dataclass(frozen=True)
class Assignment:
    """One agency's row: its id and name, the ids of the tasks it leads and of those it supports."""

    agency_id: str
    name: str
    lead: tuple[str, ...]
    support: tuple[str, ...]


def assignments(plan: Plan) -> list[Assignment]:
    """Return one row per agency with at least one task, in registry order."""
    rows = []
    for aid in plan.assigned_agencies:
        pairs = plan.tasks_for(aid)
        rows.append(Assignment(aid, plan.agency(aid).name,
                               tuple(task.id for task, role in pairs if role == LEAD),
                               tuple(task.id for task, role in pairs if role == SUPPORT)))
    return rows


def headers() -> list[str]:
    """Return the column titles of the exported table, in the active language."""
    return [t(f"agencies.col.{key}") for key in
            ("stt", "id", "name", "lead_count", "lead_ids", "support_count", "support_ids")]


def records(rows: list[Assignment]) -> list[list[object]]:
    """Return the exported table's data rows (numbers as numbers, id lists joined with ", ")."""
    return [[n, r.agency_id, r.name, len(r.lead), ", ".join(r.lead), len(r.support), ", ".join(r.support)]
            for n, r in enumerate(rows, start=1)]


def _cell(text: str, width: int) -> list[str]:
    """Return ``text`` wrapped to ``width`` columns (at least one line)."""
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def format_table(rows: list[Assignment]) -> str:
    """Return the table as text for a terminal: agency, "n: ids" it leads, "n: ids" it supports."""
    titles = [t("agencies.col.stt"), t("agencies.col.name"), t("agencies.col.lead"), t("agencies.col.support")]
    rule = "+".join("-" * (w + (1 if i == 0 else 2)) for i, w in enumerate(WIDTHS))  # "+" under each "|"
    out = [_line(titles), rule]
    for n, r in enumerate(rows, start=1):
        cells = [[str(n)], _cell(r.name, WIDTHS[1]),
                 _cell(f"{len(r.lead)}: {', '.join(r.lead)}" if r.lead else "0", WIDTHS[2]),
                 _cell(f"{len(r.support)}: {', '.join(r.support)}" if r.support else "0", WIDTHS[3])]
        for i in range(max(len(c) for c in cells)):
            out.append(_line([c[i] if i < len(c) else "" for c in cells]))
    out.append(rule)
    out.append(t("agencies.total", count=len(rows)))
    return "\n".join(out)


def _line(cells: list[str]) -> str:
    """Return one text line of the table with ``cells`` padded to their column widths."""
    return "| ".join(f"{c:<{w}} " for c, w in zip(cells, WIDTHS)).rstrip()


def table(rows: list[Assignment]) -> Table:
    """Return the assignments as an exportable table (``tables.py``)."""
    return Table(t("agencies.sheet"), headers(), (6, 22, 44, 10, 60, 10, 60), records(rows))


def write(rows: list[Assignment], csv_path: Path | None, xlsx_path: Path | None) -> list[Path]:
    """Write the requested exports atomically; return the paths written."""
    return tables.write(table(rows), csv_path, xlsx_path)
