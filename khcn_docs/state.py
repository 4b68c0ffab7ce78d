"""The build manifest: what each unit consumed and produced, and which units are outdated, with reasons.

The manifest is a SQLite file in the plan's output folder (``.khcn-build.sqlite``); its
``PRAGMA user_version`` is ``STATE_VERSION``. One row per unit (kind × agency) records the
unit's fingerprint and its parts — the hash of its render input (``Unit.input_digest``), of its
template file and the tool's format version — the output path and the hash of the .docx (and of
its PDF), the render context as JSON (to say what changed in an issued document) and whether the
document was issued when written. A row is written only after its file is in place, in its own
transaction: a unit that failed, or that a killed build never finished, has no row (or its old
row), so the next build redoes it. Decisions are by content hashes, never by modification times.

Only to learn whether an output still has its recorded hash, a row also keeps its file's stamp
(inode, size, modification and change times) from when that hash was last known: a file with
the very same stamp, changed before the manifest's last write, is not read again (git's "racily
clean" rule; doit's MD5Checker takes the same shortcut). The change time cannot be set by hand,
a hand edit in Word gives a new inode anyway, and a file changed in the same clock tick as the
manifest's last write is read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import time
import zlib
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterable, KeysView, NamedTuple

from khcn_docs import __version__
from khcn_docs.errors import KhcnError, StateError, WriteError
from khcn_docs.i18n import t
from khcn_docs.outputs import make_folder, require_writable
from khcn_docs.paths import own_file, resolved

MANIFEST_NAME = ".khcn-build.sqlite"
STATE_VERSION = 5  # 2: report-form units keyed by year; 3: cheap input keys; 4: output stamps;
# 5: issued per document (before, every document of a plan with a number and date was "issued")
UPGRADES = {3: "ALTER TABLE units ADD COLUMN docx_stamp TEXT NOT NULL DEFAULT ''",
            4: "UPDATE units SET issued = 0, context_json = '' WHERE kind <> 'ke-hoach'"}
"""Older state versions kept when opened for writing: version -> the statement bringing it to the next.
Until version 5 the dispatch letters had no number of their own, so none of them was ever issued
(nor is a report form): only the plan's protection is kept."""
READ_BEFORE = {"docx_stamp": (4, "''"), "issued": (5, "issued AND kind = 'ke-hoach'")}
"""Read-only (``--explain``), an older state is read as it is, except: column -> (first state
version that records it so, how an older one reads it)."""
FORMAT_VERSION = 2
"""Bump when a fingerprint's parts are made differently (2: the input digest no longer holds the
output path), so that every unit is rebuilt once, for the reason "tool"."""
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=4)
def code_digest(package: Path = PACKAGE) -> str:
    """Return a hash of the tool's own source and data files under ``package`` (about 4 ms, once
    per process): a code change is a change."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


TOOL_VERSION = (f"khcn-docs {__version__}/format {FORMAT_VERSION}/code {code_digest()[:16]}"
                f"/zlib {zlib.ZLIB_RUNTIME_VERSION}")
"""What a manifest row records the tool as. It holds the code's own hash: a unit's recorded input
digest is reused (``outdated._input_digest``, while its cheap input key is unchanged) only for the
code that made it, so a new version that makes a context or renders otherwise (a wording, a date
rule) rebuilds every document once, for the reason "tool", not only those whose inputs changed.
It holds the zlib the documents are compressed with too: a rebuild copies the deflated members
of a document's previous output that did not change (``render.CompiledTemplate.package``), which
gives a fresh render's bytes only when that zlib made them; another zlib rebuilds every document."""

REASONS = ("force", "new", "tool", "template", "content", "moved", "output")
"""Why a unit is rebuilt, in the order they are checked (see ``build.reason.<code>`` messages)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    key             TEXT PRIMARY KEY,   -- kind:agency ("kind:-" for plan-level documents)
    kind            TEXT NOT NULL,
    agency          TEXT,
    label           TEXT NOT NULL,
    out             TEXT NOT NULL,      -- .docx path, relative to the plan's output folder
    fingerprint     TEXT NOT NULL,      -- sha256(input_digest, template_digest, tool_version)
    input_digest    TEXT NOT NULL,
    template_digest TEXT NOT NULL,
    tool_version    TEXT NOT NULL,
    docx_sha256     TEXT NOT NULL,
    pdf_sha256      TEXT,               -- NULL until its PDF is converted
    issued          INTEGER NOT NULL,   -- 1 when written from a spec with number and date
    context_json    TEXT NOT NULL,      -- render context of an issued document ("" otherwise)
    inputs_key      TEXT NOT NULL,      -- the unit's cheap input key ("" when it has none)
    docx_stamp      TEXT NOT NULL DEFAULT ''  -- the .docx's stamp when docx_sha256 was known ("" none)
);
CREATE TABLE IF NOT EXISTS bundles (
    out         TEXT PRIMARY KEY,       -- PDF bundle path, relative to the output folder
    owner       TEXT NOT NULL,          -- its agency id ("-" for the plan's packet)
    fingerprint TEXT NOT NULL,          -- sha256 of its parts (titles, PDF hashes) and metadata
    sha256      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def sha256_bytes(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path | str) -> str | None:
    """Return the hex sha256 of the file at ``path``, or None when it does not exist."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    try:
        digest = hashlib.sha256()
        while chunk := os.read(fd, _CHUNK):  # a document is one chunk: few calls, no buffering
            digest.update(chunk)
        return digest.hexdigest()
    except IsADirectoryError:
        return None
    finally:
        os.close(fd)


_CHUNK = 1 << 16


def not_as_recorded(current: str | None, recorded: str | None) -> bool:
    """Return True when a file is there (``current``: its hash, ``sha256_file``; None: there is
    none) with another hash than the one recorded for it (``recorded``; None: none was): one the
    clerk put or saved there, which a build never deletes or converts over."""
    return current is not None and current != recorded


def file_stamp(path: Path | str) -> str | None:
    """Return the stamp of the file at ``path`` ("inode:size:mtime_ns:ctime_ns"), or None when it
    does not exist."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return _stamp(st)


def _stamp(st: os.stat_result) -> str:
    """Return the stamp of a file whose ``os.stat`` is ``st`` (``file_stamp``)."""
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def output_hash(path: Path | str, entry: "Entry", before_ns: int) -> tuple[str | None, str | None]:
    """Return (the sha256 of the output at ``path``, its stamp), both None when it is missing: the
    hash ``entry`` recorded, under the rule of ``stamped_hash``."""
    return stamped_hash(path, entry.docx_stamp, entry.docx_sha256, before_ns)


def stamped_hash(path: Path | str, stamp: str | None, sha256: str | None,
                 before_ns: int) -> tuple[str | None, str | None]:
    """Return (the sha256 of the file at ``path``, its stamp now), both None when it is missing:
    ``sha256`` (recorded with ``stamp``) when the file still has that stamp and changed before
    ``before_ns`` (the manifest's last write: a change in the same clock tick would keep the
    stamp), else read from the file. The file is looked at once, before it is read."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    now = _stamp(st)
    if now == stamp and st.st_ctime_ns < before_ns:
        return sha256, now
    return sha256_file(path), now


def fingerprint(input_digest: str, template_digest: str, tool_version: str) -> str:
    """Return the fingerprint of a unit: one hash of everything it consumes."""
    return sha256_bytes(f"{input_digest}\n{template_digest}\n{tool_version}".encode("utf-8"))


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def canonical_json(value: object) -> str:
    """Return ``value`` as canonical JSON (sorted keys, text as is, anything else as ``str``): what
    digests are taken of. One encoder serves every call (``json.dumps`` would make one each time)."""
    return _CANONICAL.encode(value)


def context_json(context: dict) -> str:
    """Return ``context`` as canonical JSON for storing and later comparison."""
    return canonical_json(context)


class Entry(NamedTuple):
    """One manifest row: what a unit consumed and produced when it was last written (a tuple: a
    build reads every row)."""

    key: str
    kind: str
    agency: str | None
    label: str
    out: str
    fingerprint: str
    input_digest: str
    template_digest: str
    tool_version: str
    docx_sha256: str
    pdf_sha256: str | None
    issued: bool              # read back as SQLite keeps it (1 or 0): a truth value all the same
    context_json: str | None  # read back for issued entries only (None otherwise)
    inputs_key: str = ""
    docx_stamp: str = ""      # the .docx's stamp (``file_stamp``) when docx_sha256 was last known

    @property
    def context(self) -> dict:
        """Return the render context stored with the entry ({} when it was not read back)."""
        return json.loads(self.context_json) if self.context_json else {}


_COLUMNS = Entry._fields
_INSERT_UNIT = f"INSERT OR REPLACE INTO units ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_UPDATE_UNIT = f"UPDATE units SET {', '.join(c + ' = ?' for c in _COLUMNS[1:])} WHERE key = ?"
"""How ``Manifest.put`` records a unit: a new one inserted, one already there updated in place (an
``INSERT OR REPLACE`` deletes the old row and appends a new one: more pages to journal and write)."""


class Manifest:
    """The SQLite manifest of one plan folder; every write is its own committed transaction, except
    inside ``batch`` (the write phase), where rows are committed together a few times a second."""

    def __init__(self, path: Path, conn: sqlite3.Connection | None, reset: bool = False, written_ns: int = 0,
                 version: int = STATE_VERSION):
        self.path, self.conn, self.reset, self.version = path, conn, reset, version
        self.found = conn is not None or reset
        """The file was there when this manifest was opened (usable or not): False, a first build."""
        self.written_ns = written_ns
        """When the manifest was last written, as it was opened (0: never): outputs changed before
        that and still with their recorded stamp are not read again (``output_hash``)."""
        self._batch: tuple[float, float] | None = None
        self._file: tuple[int, int] | None = None  # (device, inode) of a connection open for ``open`` to take over
        self._rows: dict[str, Entry] | None = None if conn is not None else {}
        self._seen: int | None = None
        """The file's ``PRAGMA data_version`` when ``_rows`` were read, by a manifest ``open`` takes
        over (``before_build``'s, before the build lock): ``reading`` keeps them while it is unchanged."""
        self.writable = False  # opened for writing (``open``): its version is kept current (``reading``)

    @property
    def _entries(self) -> dict[str, Entry]:
        """Every unit entry by key, read on first use (a quick check that fails early never reads them)."""
        if self._rows is None:
            self._rows = self._read()
            if self._file is not None:  # to be taken over by ``open``: see ``_seen``
                self._seen = _data_version(self.conn)
        return self._rows

    # ------------------------------------------------------------ opening
    @classmethod
    def open(cls, folder: Path, create: bool = True, previous: "Manifest | None" = None) -> "Manifest":
        """Return the manifest of ``folder``: opened for writing (created or upgraded when needed) if
        ``create``, else read-only without changing anything on disk. ``previous``: the same
        manifest as the build read it first (``before_build``), whose connection is taken over
        when it can write that very file, so the pages it read are not read again; its version,
        read then, is checked again by the first ``reading`` (under the build lock), not here, and
        the rows it read are kept there unless another program wrote the file since (``_seen``)."""
        if not create:  # --explain: read only; an older or unreadable state counts as discarded
            path = own_file(Path(folder), MANIFEST_NAME)  # a link leading out of the folder is refused
            if previous is not None:
                previous.close()
            if not path.exists():
                return cls(path, None)
            return cls.peek(folder) or cls(path, None, reset=True)
        path, st, linked = _manifest_file(folder)
        # before any folder is made; no link, the manifest resolves as its folder does (not looked at again)
        require_short(path, whole=None if linked else os.path.join(resolved(folder), MANIFEST_NAME))
        if st is None:  # no manifest yet: its folder may be missing too
            make_folder(path.parent)
        require_writable(path.parent, path)  # a read-only share is said before anything is rendered
        written = st.st_mtime_ns if st is not None else 0
        try:
            conn = previous._handover(path, st) if previous is not None else None
            if previous is not None:
                previous.close()  # not taken over: another file, read-only, or replaced since
            taken, reset = conn is not None, False
            if conn is None:
                conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
                conn.execute("PRAGMA synchronous=NORMAL")
                reset = _prepare(conn)
        except sqlite3.DatabaseError as exc:
            raise unusable(path, exc) from None
        manifest = cls(path, conn, reset, written)
        if taken and previous._seen is not None:  # the rows it read are kept while nobody else writes the file
            manifest._rows, manifest._seen = previous._rows, previous._seen
        manifest.writable = True
        return manifest

    @classmethod
    def before_build(cls, folder: Path, explain: bool = False) -> "Manifest":
        """Return the manifest of ``folder`` for what a build reads before it loads the plan (the
        quick check, the parsed variables, the issued batch), changing nothing on disk, as
        ``open(create=False)`` does. When the file is there in the current state with no journal
        beside it (no build was stopped halfway through a write, whose journal a writable
        connection would roll back at its first read), it is opened read-write, so that ``open``
        can take the connection over (``previous``), in the read transaction its version was read
        in, which ``reading`` continues; with ``explain``, or else, read-only. It waits for another
        program's lock as a writing connection does (``BUSY_SECONDS``), so that ``open`` has nothing
        to set on it but ``synchronous``."""
        if explain:
            return cls.open(folder, create=False)
        path, st, _ = _manifest_file(folder)
        if st is None or os.path.lexists(f"{path}-journal"):
            return cls.open(folder, create=False)
        try:
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, isolation_level=None,
                                   timeout=BUSY_SECONDS)
            if _begin_read(conn) == STATE_VERSION:
                manifest = cls(path, conn, written_ns=st.st_mtime_ns)
                manifest._file = (st.st_dev, st.st_ino)
                return manifest
            conn.close()
        except sqlite3.Error:
            pass
        return cls.open(folder, create=False)

    def _handover(self, path: Path, st: os.stat_result | None) -> sqlite3.Connection | None:
        """Return this manifest's connection for writing the file at ``path`` (``st``: its stat now),
        no longer this manifest's, when it was opened read-write on that very file (not replaced
        since); else None."""
        if self.conn is None or self.path != path or st is None or self._file != (st.st_dev, st.st_ino):
            return None
        conn, self.conn = self.conn, None  # its busy timeout was set when it was opened
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    @classmethod
    def peek(cls, folder: Path) -> "Manifest | None":
        """Return the manifest of ``folder`` opened read-only (nothing on disk changes), or None if unusable."""
        path = Path(folder) / MANIFEST_NAME
        written = _written_ns(path)
        try:
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, isolation_level=None)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != STATE_VERSION and version not in UPGRADES:
                conn.close()
                return None
            return cls(path, conn, written_ns=written, version=version)
        except sqlite3.Error:
            return None

    def close(self) -> None:
        """Close the database; return None."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> "Manifest":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _read(self) -> dict[str, Entry]:
        # The stored context is only ever compared for issued documents: read it for those alone.
        columns = [c if c != "context_json" else "CASE WHEN issued THEN context_json END" for c in _COLUMNS]
        for column, (since, before) in READ_BEFORE.items():  # read-only, an older state
            if self.version < since:
                columns[_COLUMNS.index(column)] = before
        rows = self.conn.execute(f"SELECT {', '.join(columns)} FROM units").fetchall()
        return {entry.key: entry for entry in map(Entry._make, rows)}  # ``issued`` as SQLite keeps it: 1 or 0

    # ------------------------------------------------------------ units
    def get(self, key: str) -> Entry | None:
        """Return the entry of unit ``key``, or None when it has none."""
        return self._entries.get(key)

    def issued_agencies(self, kind: str) -> frozenset[str]:
        """Return the agencies whose unit of ``kind`` is recorded as written issued. A manifest that
        ``open`` can take over (``before_build``) reads every row for it, which the build needs
        anyway: they are handed over with the connection, and kept unless another program writes
        the file meanwhile (``reading``). Any other makes one small query, not every row."""
        if self._rows is not None or self._file is not None:
            return frozenset(e.agency for e in self._entries.values() if e.kind == kind and e.issued)
        since, before = READ_BEFORE["issued"]
        issued = before if self.version < since else "issued"
        rows = self.conn.execute(f"SELECT agency FROM units WHERE kind = ? AND ({issued})", (kind,)).fetchall()
        return frozenset(agency for (agency,) in rows)

    def keys(self) -> KeysView[str]:
        """Return the keys of every unit entry, in no order (``entries`` sorts the entries)."""
        return self._entries.keys()

    def entries(self) -> list[Entry]:
        """Return every unit entry, ordered by key."""
        rows = self._entries
        return [rows[k] for k in sorted(rows)]

    def put(self, entry: Entry) -> None:
        """Record ``entry`` (replacing the unit's old one) in one transaction, or in the open batch; return None."""
        values = [getattr(entry, c) for c in _COLUMNS]
        values[_COLUMNS.index("issued")] = int(entry.issued)
        with self._transaction():
            there = entry.key in self._entries  # rewritten in place: its page alone changes
            if not there or self.conn.execute(_UPDATE_UNIT, [*values[1:], entry.key]).rowcount == 0:
                self.conn.execute(_INSERT_UNIT, values)
        self._entries[entry.key] = entry

    def set_pdf(self, key: str, pdf_sha256: str | None) -> None:
        """Record the hash of unit ``key``'s PDF; return None."""
        with self._transaction():
            self.conn.execute("UPDATE units SET pdf_sha256 = ? WHERE key = ?", (pdf_sha256, key))
        old = self._entries[key]
        self._entries[key] = old._replace(pdf_sha256=pdf_sha256)

    def set_stamp(self, key: str, stamp: str) -> None:
        """Record ``stamp`` as unit ``key``'s output stamp (its file was read and had its recorded hash); return None."""
        with self._transaction():
            self.conn.execute("UPDATE units SET docx_stamp = ? WHERE key = ?", (stamp, key))
        old = self._entries[key]
        self._entries[key] = old._replace(docx_stamp=stamp)

    def delete(self, keys: Iterable[str]) -> None:
        """Forget the units ``keys`` (a failed unit must be retried); return None."""
        keys = [k for k in keys if k in self._entries]
        if not keys:
            return
        with self._transaction():
            self.conn.executemany("DELETE FROM units WHERE key = ?", [(k,) for k in keys])
        for key in keys:
            del self._entries[key]

    def rekey(self, old: str, key: str, agency: str | None, label: str) -> None:
        """Record unit ``old``'s row as unit ``key``'s (of ``agency``, called ``label``): a unit that
        took over its output (an agency whose id changed, ``outdated.taken_over``); return None."""
        with self._transaction():
            self.conn.execute("UPDATE units SET key = ?, agency = ?, label = ? WHERE key = ?", (key, agency, label, old))
        self._entries[key] = self._entries.pop(old)._replace(key=key, agency=agency, label=label)

    def move_folder(self, old: str, new: str) -> None:
        """Record that the folder ``old`` (relative to the plan folder) is now ``new``: every unit
        row and bundle under it, in one transaction (or the open batch); return None."""
        prefix = old + "/"
        moved = {key: entry._replace(out=new + "/" + entry.out[len(prefix):])
                 for key, entry in self._entries.items() if entry.out.startswith(prefix)}
        bundles = [(new + "/" + out[len(prefix):], out) for out in self.bundles() if out.startswith(prefix)]
        with self._transaction():
            self.conn.executemany("UPDATE units SET out = ? WHERE key = ?", [(e.out, k) for k, e in moved.items()])
            self.conn.executemany("UPDATE bundles SET out = ? WHERE out = ?", bundles)
        self._entries.update(moved)

    # ------------------------------------------------------------ bundles and meta
    def bundle(self, out: str) -> tuple[str, str] | None:
        """Return (fingerprint, sha256) recorded for the bundle ``out``, or None."""
        if self.conn is None:
            return None
        row = self.conn.execute("SELECT fingerprint, sha256 FROM bundles WHERE out = ?", (out,)).fetchone()
        return (row[0], row[1]) if row else None

    def bundles(self) -> dict[str, tuple[str, str]]:
        """Return every recorded bundle: relative path -> (owner, sha256)."""
        if self.conn is None:
            return {}
        return {out: (owner, sha) for out, owner, sha in self.conn.execute("SELECT out, owner, sha256 FROM bundles")}

    def put_bundle(self, out: str, owner: str, fingerprint_: str, sha256: str) -> None:
        """Record the bundle ``out`` of ``owner`` (an agency id, "-" for the packet); return None."""
        with self._transaction():
            self.conn.execute("INSERT OR REPLACE INTO bundles (out, owner, fingerprint, sha256) VALUES (?, ?, ?, ?)",
                              (out, owner, fingerprint_, sha256))

    def delete_bundle(self, out: str) -> None:
        """Forget the bundle ``out``; return None."""
        with self._transaction():
            self.conn.execute("DELETE FROM bundles WHERE out = ?", (out,))

    def meta(self, key: str) -> str | None:
        """Return the meta value ``key``, or None."""
        if self.conn is None:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or with None, remove) the meta value ``key``; return None. A value already there is
        updated in place (its page alone is rewritten, not the table's and its index's)."""
        with self._transaction():
            if value is None:
                self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            elif self.conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key)).rowcount == 0:
                self.conn.execute("INSERT INTO meta VALUES (?, ?)", (key, value))

    def meta_under(self, prefix: str, encoded: bool = False) -> dict[str, str] | dict[str, bytes]:
        """Return the meta values whose keys start with ``prefix``, by the rest of their keys; with
        ``encoded``, as their UTF-8 bytes (SQLite's own, not decoded into text first)."""
        if self.conn is None:
            return {}
        value = "CAST(value AS BLOB)" if encoded else "value"
        rows = self.conn.execute(f"SELECT key, {value} FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
        return {key[len(prefix):]: value for key, value in rows}

    def replace_meta_under(self, prefix: str, values: dict[str, str] | dict[str, bytes]) -> None:
        """Replace the meta values whose keys start with ``prefix`` by ``values`` (by the rest of
        their keys, as ``meta_under`` returns them; UTF-8 bytes are stored as the text they are);
        return None."""
        with self._transaction():
            self.conn.execute("DELETE FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
            self.conn.executemany("INSERT INTO meta VALUES (?, CAST(? AS TEXT))",
                                  [(prefix + key, value) for key, value in values.items()])

    def replace_meta(self, key: str, value: str) -> None:
        """Set the meta value ``key`` to ``value`` in place when there is one (else do nothing); return None."""
        with self._transaction():
            self.conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))

    @contextmanager
    def reading(self, rows: bool = False):
        """Run the block's reads in one read transaction: SQLite locks the file and checks it for
        changes once for all of them, not once per query (eight system calls each); with ``rows``,
        every unit's row is read in it too; return None. The transaction ``before_build`` began
        is continued. A manifest open for writing whose version changed since it was opened (a
        connection taken over from ``before_build``, another tool version writing the file
        meanwhile) is first brought to the current state, as ``open`` would have."""
        if self.conn is None:
            yield
            return
        if not self.conn.in_transaction:
            self._begin_current()
        try:
            if rows and self._rows is None:
                self._rows = self._read()
            yield
        finally:
            rollback(self.conn)  # a read transaction: ending it releases the lock, nothing to keep

    def _begin_current(self) -> None:
        """Begin a read transaction (``reading``), after preparing the file again (``_prepare``) when
        this manifest is open for writing and the file's version is no longer the one it was opened at.
        Rows read in an earlier transaction (``issued_agencies``) are kept when no other connection
        has written the file since (its ``data_version`` unchanged): then neither they nor its
        version can have changed; else they are read again."""
        seen, self._seen = self._seen, None
        if seen is not None:
            self.conn.execute("BEGIN")
            if _data_version(self.conn) == seen:
                return
            rollback(self.conn)
            self._rows = None
        if _begin_read(self.conn) == self.version or not self.writable:
            return
        rollback(self.conn)
        try:
            self.reset = _prepare(self.conn)
        except sqlite3.DatabaseError as exc:
            raise unusable(self.path, exc) from None
        self.version, self._rows = STATE_VERSION, None
        _begin_read(self.conn)

    @contextmanager
    def _transaction(self):
        """Run the block's writes in one transaction (committed after it, rolled back on any error),
        or in the open batch; SQLite refusing to write is said in the clerk's words (``refused``)."""
        if self.conn is None:
            raise StateError(t("state.read_only", path=self.path))
        with self._said():
            if self._batch is not None:
                yield
                self.checkpoint()
                return
            begin_write(self.conn, self.path)
            try:
                yield
            except BaseException:
                rollback(self.conn)
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def _said(self):
        """Run the block, raising SQLite's refusal to write as the clerk's error (``refused``): a
        full disk, a file that cannot be written, the file held by another program."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            error = refused(self.path, exc)
            if error is None:  # anything else is a bug, said as such
                raise
            raise error from None

    @contextmanager
    def batch(self, every: float = 0.25):
        """Group the writes made inside into few transactions: what was written is committed at the
        first write after every ``every`` seconds, on ``checkpoint(force=True)`` and at the end, or
        rolled back on error — a build interrupted in between loses only the rows of its last
        fraction of a second, whose units it redoes next time."""
        if self.conn is None:
            raise StateError(t("state.read_only", path=self.path))
        with self._said():
            begin_write(self.conn, self.path)
        self._batch = (every, time.monotonic())
        try:
            yield self
        except BaseException:
            rollback(self.conn)
            raise
        else:
            with self._said():
                self.conn.execute("COMMIT")
        finally:
            self._batch = None

    def checkpoint(self, force: bool = False) -> None:
        """Inside ``batch``: commit what was written if ``force`` or the batch's interval has passed; return None."""
        if self._batch is not None and (force or time.monotonic() - self._batch[1] >= self._batch[0]):
            with self._said():
                self.conn.execute("COMMIT")
                begin_write(self.conn, self.path)
            self._batch = (self._batch[0], time.monotonic())


def _begin_read(conn: sqlite3.Connection) -> int:
    """Begin a read transaction and return the database's ``user_version``: reading it takes
    SQLite's lock at once, so that the schema, read by the first query, is read under that same
    lock rather than under one of its own."""
    conn.execute("BEGIN")
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _data_version(conn: sqlite3.Connection) -> int:
    """Return the database's ``PRAGMA data_version``, which changes when another connection commits
    a change to the file (in a read transaction: read under its lock)."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if there is one; return None. There may be none: SQLite
    ends a transaction itself when the disk is full, and a Ctrl-C can come between a batch's
    COMMIT and its next BEGIN. A rollback SQLite cannot finish (the disk gone) is left to it: the
    journal it keeps is rolled back when the file is next opened, and the error being raised is
    the one to say."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError:
            pass


SQLITE_PROBLEMS = {"disk is full": "full", "disk I/O error": "io", "readonly database": "io",
                   "unable to open database file": "io", "access permission denied": "io"}
"""Part of SQLite's message -> what it says of the database file (``sqlite_problem``)."""


def sqlite_problem(exc: sqlite3.Error) -> str | None:
    """Return what SQLite's error ``exc`` says of a database file (the manifest, the tracking
    file): ``locked`` (held by another program), ``full`` (the disk), ``io`` (not writable or
    readable there: no permission, a device gone, a folder in the way of its journal; the file
    itself is sound); None for anything else (damaged, not a database, a bug)."""
    text = str(exc) if isinstance(exc, sqlite3.OperationalError) else ""
    if "locked" in text or "busy" in text:
        return "locked"
    return next((kind for part, kind in SQLITE_PROBLEMS.items() if part in text), None)


_REFUSALS = {"full": "state.full", "io": "state.unwritable"}
"""What ``sqlite_problem`` says -> how the clerk is told the manifest could not be written (WriteError)."""


def refused(path: Path, exc: sqlite3.Error) -> KhcnError | None:
    """Return the clerk's error for SQLite's refusal ``exc`` to write the manifest at ``path``: a
    full disk or a file that cannot be written (WriteError, exit 11), the file held by another
    program (StateError); None for any other error."""
    problem = sqlite_problem(exc)
    if problem == "locked":
        return StateError(t("state.locked", path=path))
    return WriteError(t(_REFUSALS[problem], path=path, detail=str(exc))) if problem else None


def unusable(path: Path, exc: sqlite3.DatabaseError) -> KhcnError:
    """Return the clerk's error for the manifest at ``path`` that SQLite could not open or prepare
    (``exc``): refused (``refused``), or else damaged."""
    return refused(path, exc) or StateError(t("state.unreadable", path=path, detail=str(exc)))


SQLITE_PATH_BYTES = 512 - len("-journal")
"""The longest path of a database SQLite opens on Unix (its ``MAX_PATHNAME``, 512 bytes, must
also hold the journal's name beside it; measured with SQLite 3.40): past it, SQLite says only
"unable to open database file"."""


def require_short(path: Path, message: str = "state.path_too_long", whole: str | None = None) -> None:
    """Raise WriteError (``message``: the manifest's, or the tracking file's) when the database's
    ``path`` (links resolved, as SQLite resolves them; ``whole``: so resolved already) is longer than
    SQLite can open on Unix (``SQLITE_PATH_BYTES``), before anything is written; return None.
    Windows has limits of its own (a path of 260 characters, unless long paths are enabled)."""
    length = len(os.fsencode(whole if whole is not None else resolved(path)))
    if length > SQLITE_PATH_BYTES and os.name != "nt":
        raise WriteError(t(message, path=path, length=length, limit=SQLITE_PATH_BYTES))


BUSY_SECONDS = 30.0  # how long a write waits for another program holding the manifest


def begin_write(conn: sqlite3.Connection, path: Path, message: str = "state.locked") -> None:
    """Start a write transaction; raise StateError (``message``) when another program has kept the
    database at ``path`` locked for longer than ``BUSY_SECONDS`` (builds wait for each other on
    ``buildlock``, so for the manifest this is an outside program: an SQLite browser with a change
    pending; for the tracking file, possibly another clerk's long ``remind``)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if sqlite_problem(exc) != "locked":
            raise
        raise StateError(t(message, path=path)) from None


def _written_ns(path: Path) -> int:
    """Return the modification time of the manifest at ``path`` in ns (0 when there is none)."""
    st = _stat(path)
    return st.st_mtime_ns if st is not None else 0


def _manifest_file(folder: Path) -> tuple[Path, os.stat_result | None, bool]:
    """Return the path of the manifest of ``folder``, its stat (None when there is none) and whether
    it is a symbolic link, looked at once unless it is one: one leading out of the folder is refused
    (``own_file``), one inside it followed."""
    path = Path(folder) / MANIFEST_NAME
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return path, None, False
    if stat.S_ISLNK(st.st_mode):
        return own_file(Path(folder), MANIFEST_NAME), _stat(path), True
    return path, st, False


def _stat(path: Path) -> os.stat_result | None:
    """Return the stat of the manifest at ``path``, or None when there is none (nor its folder)."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _prepare(conn: sqlite3.Connection) -> bool:
    """Create or upgrade the schema; return True when an older state was discarded."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == STATE_VERSION:  # nothing to write: opening stays a read
        return False
    if version in UPGRADES:  # rows (and issued documents' protection) are kept
        steps = []
        while version in UPGRADES:
            steps.append(UPGRADES[version])
            version += 1
        conn.executescript(f"BEGIN; {'; '.join(steps)}; PRAGMA user_version = {STATE_VERSION}; COMMIT;")
        return False
    reset = version != 0
    if reset:
        conn.executescript("DROP TABLE IF EXISTS units; DROP TABLE IF EXISTS bundles; DROP TABLE IF EXISTS meta;")
    conn.executescript(SCHEMA)
    conn.execute(f"PRAGMA user_version = {STATE_VERSION}")
    return reset
