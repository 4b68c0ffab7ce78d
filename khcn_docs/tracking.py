"""Report tracking in a real SQLite file kept with the outputs (``output/<plan>/theo-doi.sqlite``).

Separate from the build manifest (``state.py``): its own file, and every table prefixed ``track_``.
Each reporting year is its own cycle: rows are keyed by (plan, agency, year). The schema carries
a version in ``PRAGMA user_version``; every change runs in a transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from khcn_docs import state, vn
from khcn_docs.errors import StateError
from khcn_docs.i18n import t
from khcn_docs.outputs import make_folder, require_writable

SCHEMA_VERSION = 1
DB_NAME = "theo-doi.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS track_report (
    plan TEXT NOT NULL, agency TEXT NOT NULL, year INTEGER NOT NULL,
    received TEXT NOT NULL, recorded_at TEXT NOT NULL,
    PRIMARY KEY (plan, agency, year));
CREATE TABLE IF NOT EXISTS track_reminder (
    plan TEXT NOT NULL, agency TEXT NOT NULL, year INTEGER NOT NULL, round INTEGER NOT NULL,
    issued TEXT NOT NULL, due TEXT NOT NULL, file TEXT NOT NULL,
    PRIMARY KEY (plan, agency, year, round));
"""


@dataclass(frozen=True)
class Reminder:
    """A reminder that was sent: round (1, 2, …), date issued, new date asked for, file written."""

    agency: str
    year: int
    round: int
    issued: dt.date
    due: dt.date
    file: str


class Tracker:
    """An open tracking database for one plan (``plan_key`` is the spec's file stem)."""

    def __init__(self, path: Path, plan_key: str):
        self.path, self.plan_key = Path(path), plan_key
        make_folder(self.path.parent)
        require_writable(self.path.parent, self.path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=state.BUSY_SECONDS)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StateError(t("track.db_unusable", path=self.path, detail=exc)) from None

    def _migrate(self) -> None:
        """Create the tables of a new file; refuse a file written by a newer schema."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StateError(t("track.db_newer", path=self.path, found=version, known=SCHEMA_VERSION))
        if version < SCHEMA_VERSION:
            with self.transaction() as conn:
                for statement in filter(str.strip, SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def transaction(self):
        """Run the block in one transaction: committed at the end, rolled back on any error."""
        state.begin_write(self.conn, self.path, "track.locked")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    # ------------------------------------------------------------ reports
    def record_report(self, agency: str, year: int, received: dt.date) -> dt.date | None:
        """Record ``agency``'s report for ``year`` received on ``received``; return the date it replaced, if any."""
        with self.transaction() as conn:
            before = self.report_date(agency, year)
            conn.execute("INSERT OR REPLACE INTO track_report VALUES (?, ?, ?, ?, ?)",
                         (self.plan_key, agency, year, received.isoformat(), dt.datetime.now().isoformat()))
        return before

    def cancel_report(self, agency: str, year: int) -> dt.date | None:
        """Remove the record of ``agency``'s report for ``year`` (recorded by mistake); return the
        date it had, or None when there was none."""
        with self.transaction() as conn:
            before = self.report_date(agency, year)
            conn.execute("DELETE FROM track_report WHERE plan=? AND agency=? AND year=?", (self.plan_key, agency, year))
        return before

    def report_date(self, agency: str, year: int) -> dt.date | None:
        """Return the date ``agency``'s report for ``year`` was received, or None if it was not."""
        row = self.conn.execute("SELECT received FROM track_report WHERE plan=? AND agency=? AND year=?",
                                (self.plan_key, agency, year)).fetchone()
        return dt.date.fromisoformat(row[0]) if row else None

    def agencies(self) -> set[str]:
        """Return the ids of every agency the plan's reports and reminders were recorded for."""
        rows = self.conn.execute("SELECT agency FROM track_report WHERE plan=? UNION "
                                 "SELECT agency FROM track_reminder WHERE plan=?", (self.plan_key,) * 2)
        return {aid for (aid,) in rows}

    # ------------------------------------------------------------ reminders
    def reminders(self, agency: str, year: int) -> list[Reminder]:
        """Return the reminders sent to ``agency`` for ``year``, first round first."""
        rows = self.conn.execute(
            "SELECT agency, year, round, issued, due, file FROM track_reminder "
            "WHERE plan=? AND agency=? AND year=? ORDER BY round", (self.plan_key, agency, year)).fetchall()
        return [Reminder(a, y, r, dt.date.fromisoformat(i), dt.date.fromisoformat(d), f)
                for a, y, r, i, d, f in rows]

    def record_reminders(self, reminders: list[Reminder]) -> list[Reminder]:
        """Record the reminders of one letter in one transaction (its file already written); return those new."""
        added = []
        with self.transaction() as conn:
            for rem in reminders:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO track_reminder VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (self.plan_key, rem.agency, rem.year, rem.round, rem.issued.isoformat(),
                     rem.due.isoformat(), rem.file))
                if cur.rowcount == 1:
                    added.append(rem)
        return added


def default_path(plan_folder: Path) -> Path:
    """Return where the tracking database lives by default: ``<plan folder>/theo-doi.sqlite``."""
    return Path(plan_folder) / DB_NAME


def parse_day(text: str) -> dt.date:
    """Return the date written ``dd/mm/yyyy`` (or ``dd-mm-yyyy``, ``dd.mm.yyyy``) or ``yyyy-mm-dd``;
    raise ValueError otherwise (a two-digit year, ``16/11/24``, is not guessed)."""
    text = text.strip()
    day = vn.parse_dmy(text)
    if day is not None:
        return day
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)
