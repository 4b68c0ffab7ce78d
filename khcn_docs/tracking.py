"""Report tracking in a real SQLite file kept with the outputs (``output/<plan>/theo-doi.sqlite``).

Separate from the build manifest (``state.py``): its own file, and every table prefixed ``track_``.
Each reporting year is its own cycle: rows are keyed by (plan, agency, year). The schema carries
a version in ``PRAGMA user_version``; every change runs in a transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from khcn_docs import buildlock, state
from khcn_docs.errors import StateError, WriteError
from khcn_docs.i18n import t
from khcn_docs.outputs import make_folder, require_writable
from khcn_docs.paths import own_file

SCHEMA_VERSION = 1
DB_NAME = "theo-doi.sqlite"
MANIFEST_TABLE = "units"  # the build manifest's (state.py): that file is not a tracking file
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
    """An open tracking database for one plan (``plan_key`` is the spec's file stem, its first
    version's for a revision: ``reminders.tracked_as``).

    Opened for writing (``received``, ``remind``), a missing file is created by the first change
    (``started`` is then True), so a command refused before recording anything leaves no file and
    no folder behind; until then it reads as an empty file. Opened ``read_only`` (``status``),
    nothing on disk changes (but for the rollback of a change a killed command left half made:
    ``_roll_back``), and a missing file reads as one with nothing recorded (``found`` is False).
    Either way the file must be a sound tracking file of this plan: not another plan's, not the
    build manifest, not damaged (``StateError``)."""

    def __init__(self, path: Path, plan_key: str, read_only: bool = False):
        self.path, self.plan_key = Path(path), plan_key
        self.found = self.path.exists()  # False: a new file is started (or, read only, none is read)
        self.started = False  # True once this tracker created the file (its first change)
        if not read_only:
            require_writable(self.path.parent, self.path)
        if self.found or not read_only:
            state.require_short(self.path, "track.path_too_long")
        self.conn = None
        self._open(read_only or not self.found)

    def _open(self, read_only: bool) -> None:
        """Connect (``read_only``: without writing; a missing file reads as an empty one) and check
        the file is a sound tracking file of this plan; return None."""
        try:
            with self.said():
                self.conn = self._connect(read_only)
                self._identify()
                if not read_only:
                    self._migrate()
                self._require_own()
        except BaseException:
            self.close()  # a refused file is not kept open (Windows would keep it locked)
            raise

    def _start(self) -> None:
        """Create the tracking file (and its folder) before the first change to a tracker opened for
        writing on a missing file; return None (it exists already: nothing to do)."""
        if self.found or self.started:
            return
        make_folder(self.path.parent)
        self._reopen()
        self.started = True  # said once the file is there (not before a failure to make it)

    def _reopen(self) -> None:
        """Reconnect for writing to the file now there (started by this tracker, or by the holder
        of the lock it waited for), which it read as missing; return None."""
        self.close()
        self.found = True
        self._open(False)

    def _connect(self, read_only: bool) -> sqlite3.Connection:
        """Return a connection to the file (read only: opened so that nothing can be written, or an
        empty database in memory when there is no tracking table to read)."""
        if not read_only:
            return sqlite3.connect(self.path, isolation_level=None, timeout=state.BUSY_SECONDS)
        if self.found:
            conn = self._connect_read_only()
            if _tables(conn) or conn.execute("PRAGMA user_version").fetchone()[0]:
                return conn
            conn.close()  # an empty file: nothing recorded yet
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.executescript(SCHEMA)
        return conn

    def _connect_read_only(self) -> sqlite3.Connection:
        """Return a connection that cannot write to the file, once the change a command stopped
        midway left half made is undone (``_roll_back``: a read-only connection cannot do it)."""
        uri = f"{self.path.absolute().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=state.BUSY_SECONDS)
        try:
            _tables(conn)
        except sqlite3.OperationalError as exc:
            conn.close()
            if "readonly" not in str(exc) or not journal_of(self.path).exists():  # SQLITE_READONLY_ROLLBACK
                raise
            self._roll_back()
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=state.BUSY_SECONDS)
        return conn

    def _roll_back(self) -> None:
        """Undo the change a ``received`` or ``remind`` killed midway left half made (SQLite's
        journal beside the file, "hot"), as any connection that may write does on opening; return
        None. Raise StateError, saying so, when the folder or file cannot be written here."""
        if not (os.access(self.path.parent, os.W_OK) and os.access(self.path, os.W_OK)):
            raise StateError(t("track.interrupted", path=self.path, journal=journal_of(self.path),
                               folder=self.path.parent))
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=state.BUSY_SECONDS)
        try:
            _tables(conn)  # the first read rolls the journal back
        finally:
            conn.close()

    def _identify(self) -> None:
        """Refuse a file that is not a sound tracking file: the build manifest, another SQLite file,
        one written by a newer schema, or a damaged one (``PRAGMA quick_check``: a damaged page
        anywhere, not only the first one read)."""
        tables = _tables(self.conn)
        if MANIFEST_TABLE in tables:
            raise StateError(t("track.db_manifest", path=self.path))
        if tables and not any(name.startswith("track_") for name in tables):
            raise StateError(t("track.db_foreign", path=self.path, tables=", ".join(sorted(tables))))
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StateError(t("track.db_newer", path=self.path, found=version, known=SCHEMA_VERSION))
        problem = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":  # "*** in database main ***\nPage 4: …": said on one line
            where = " ".join(problem.replace("*** in database main ***", "").split())
            raise sqlite3.DatabaseError(f"database disk image is malformed ({where})")

    def _require_own(self) -> None:
        """Refuse a file holding reports or reminders of other plans only (``--db`` given another
        plan's file), naming those plans; an empty file, or one shared with other plans, is kept."""
        plans = [row[0] for row in self.conn.execute(
            "SELECT plan FROM track_report UNION SELECT plan FROM track_reminder ORDER BY 1")]
        if plans and self.plan_key not in plans:
            raise StateError(t("track.db_other_plan", path=self.path, plans=", ".join(plans), plan=self.plan_key))

    def _migrate(self) -> None:
        """Create the tables of a new file; return None."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            with self.transaction() as conn:
                for statement in filter(str.strip, SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def said(self):
        """Run the block, turning SQLite's errors into the clerk's: the file held by another program
        (any kind of lock: ``StateError``), not writable there (a full disk, no permission, a folder
        in the way of its journal: ``WriteError``, the file being sound), or unreadable (damaged,
        not a database: ``StateError``)."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            kind = state.sqlite_problem(exc)
            if kind == "locked":
                raise StateError(t("track.locked", path=self.path)) from None
            if kind is None:
                raise StateError(t("track.db_unusable", path=self.path, detail=exc)) from None
            raise WriteError(t("track.write_failed", path=self.path, reason=self._reason(kind, exc))) from None

    def _reason(self, kind: str, exc: sqlite3.DatabaseError) -> str:
        """Return why the file could not be read or written (``kind``: ``full`` or ``io``), what to
        do, and that the file is sound (said of a file only, not of a folder in its place)."""
        journal = journal_of(self.path)
        if self.path.is_dir():
            return t("track.io.folder")
        if kind == "full":
            said = t("track.io.full")
        elif os.path.lexists(journal) and not journal.is_file():
            said = t("track.io.in_the_way", journal=journal)
        elif not all(os.access(p, os.W_OK) for p in (self.path.parent, self.path) if p.exists()):
            said = t("track.io.denied", folder=self.path.parent)
        else:
            said = t("track.io.other", detail=exc)
        return f"{said}. {t('track.io.sound')}"

    @contextmanager
    def exclusive(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold this tracking file's own lock (``.<name>.lock`` beside it) for the block: one
        ``remind`` at a time, so each finds what the one before recorded and the letters on disk
        always match the rows; ``on_wait`` is called once before waiting for another holder."""
        make_folder(self.path.parent)
        with buildlock.held(self.path.parent, on_wait, name=lock_of(self.path).name):
            if not self.found and self.path.exists():  # the holder waited for started the file: read it
                self._reopen()
            yield

    @contextmanager
    def transaction(self):
        """Run the block in one transaction: committed at the end, rolled back on any error (a
        missing file is created first: ``_start``). Inside another, the block is part of that one
        (several records made all or none: ``reminders.record_reports``)."""
        if self.conn is not None and self.conn.in_transaction:
            yield self.conn
            return
        self._start()
        with self.said():
            state.begin_write(self.conn, self.path, "track.locked")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None

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
        with self.said():
            row = self.conn.execute("SELECT received FROM track_report WHERE plan=? AND agency=? AND year=?",
                                    (self.plan_key, agency, year)).fetchone()
        return dt.date.fromisoformat(row[0]) if row else None

    def agencies(self) -> set[str]:
        """Return the ids of every agency the plan's reports and reminders were recorded for."""
        with self.said():
            rows = self.conn.execute("SELECT agency FROM track_report WHERE plan=? UNION "
                                     "SELECT agency FROM track_reminder WHERE plan=?", (self.plan_key,) * 2).fetchall()
        return {aid for (aid,) in rows}

    def rename_agency(self, old: str, new: str) -> tuple[int, list[int]]:
        """Record under ``new`` the plan's reports and reminders recorded under ``old`` (an agency
        whose id changed in the registry), in one transaction; a year ``new`` already has a report
        (or reminders) of is left as it is, and ``old``'s of that year stay under ``old``. Return
        (how many rows moved, the years left under ``old``)."""
        moved, plan = 0, self.plan_key
        with self.transaction() as conn:
            taken = [year for (year,) in conn.execute(  # a year is moved whole, or left whole
                "SELECT year FROM track_report WHERE plan=? AND agency=? UNION "
                "SELECT year FROM track_reminder WHERE plan=? AND agency=?", (plan, new) * 2)]
            kept = f" AND year NOT IN ({', '.join('?' * len(taken))})" if taken else ""
            for table in ("track_report", "track_reminder"):
                moved += conn.execute(f"UPDATE {table} SET agency=? WHERE plan=? AND agency=?{kept}",
                                      (new, plan, old, *taken)).rowcount
            left = conn.execute("SELECT year FROM track_report WHERE plan=? AND agency=? UNION "
                                "SELECT year FROM track_reminder WHERE plan=? AND agency=? ORDER BY 1",
                                (plan, old) * 2).fetchall()
        return moved, [year for (year,) in left]

    # ------------------------------------------------------------ reminders
    def reminders(self, agency: str, year: int) -> list[Reminder]:
        """Return the reminders sent to ``agency`` for ``year``, first round first."""
        return self._reminders("agency=? AND year=? ORDER BY round", agency, year)

    def last_reminders(self, year: int) -> list[Reminder]:
        """Return the reminders about the report of ``year`` issued on the latest day any was (what
        the last ``remind`` of that year recorded, with any other of the same day), by file then
        agency; [] when none was recorded."""
        return self._reminders("year=? AND issued=(SELECT MAX(issued) FROM track_reminder WHERE plan=? AND year=?) "
                               "ORDER BY file, agency", year, self.plan_key, year)

    def _reminders(self, where: str, *args) -> list[Reminder]:
        """Return the plan's reminders the SQL condition ``where`` (with its ordering) selects, its
        ``?`` filled from ``args``."""
        with self.said():
            rows = self.conn.execute(f"SELECT agency, year, round, issued, due, file FROM track_reminder "
                                     f"WHERE plan=? AND {where}", (self.plan_key, *args)).fetchall()
        return [Reminder(a, y, r, dt.date.fromisoformat(i), dt.date.fromisoformat(d), f)
                for a, y, r, i, d, f in rows]

    def cancel_reminders(self, reminders: list[Reminder]) -> None:
        """Remove the records of ``reminders`` (sent by mistake) in one transaction; return None."""
        with self.transaction() as conn:
            conn.executemany("DELETE FROM track_reminder WHERE plan=? AND agency=? AND year=? AND round=?",
                             [(self.plan_key, r.agency, r.year, r.round) for r in reminders])

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


def _tables(conn: sqlite3.Connection) -> set[str]:
    """Return the names of the tables in the database."""
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def require_chosen(path: Path, write: bool) -> None:
    """Raise StateError when a tracking file named with ``--db`` cannot be the one meant: ``status``
    (not ``write``) reads only an existing file; ``received`` and ``remind`` start a new one only in
    an existing folder (a mistyped path makes no folders); return None."""
    if not write and not path.exists():
        raise StateError(t("track.db_missing", path=path))
    if write and not path.exists() and not path.parent.exists():  # a file there: make_folder says so
        raise StateError(t("track.db_no_folder", path=path, folder=path.parent))


def default_path(plan_folder: Path) -> Path:
    """Return where the tracking database lives by default: ``<plan folder>/theo-doi.sqlite``;
    raise OutputPathError when that file, its journal or its lock is a link leading out of the
    output folder (the plan folder's parent), where SQLite would write (``--db`` names a file
    anywhere on purpose)."""
    path = Path(plan_folder) / DB_NAME
    for each in (path, journal_of(path), lock_of(path)):  # the lock too: said as the others, naming --db
        own_file(path.parent, each.name, root=path.parent.parent, message="track.db_link")
    return path


def journal_of(path: Path) -> Path:
    """Return the journal SQLite keeps beside the tracking file at ``path`` during a change."""
    return Path(f"{path}-journal")


def lock_of(path: Path) -> Path:
    """Return the lock file ``remind`` holds beside the tracking file at ``path`` (``Tracker.exclusive``)."""
    return Path(path).with_name(f".{Path(path).stem}.lock")
