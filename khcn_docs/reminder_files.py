"""Writing reminder letters without losing a file: the ``remind`` side of ``outputs.py``.

Every letter's path is checked before the first one is written (a file where a folder belongs, a
folder where a letter belongs, a read-only folder: all said at once, nothing written). A file
already at a letter's path that differs from the letter — one edited in Word, or one a tracking
file that was lost or replaced never recorded — is kept aside as ``<name>.sua-tay-<when>.docx``
before the letter is written, as ``build`` keeps hand edits. When writing or recording fails part
way, the error lists the letters already written and recorded, which the next run does not redo.
A letter of reminders cancelled (``remind --cancel``) is not deleted either: it is kept aside as
``<name>.huy-<when cancelled>.docx`` (its PDF too), a name no later ``remind`` or PDF bundle takes.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from khcn_docs.errors import KhcnError, WriteError
from khcn_docs.i18n import t
from khcn_docs.outputs import move_aside, os_reason, write_atomic
from khcn_docs.paths import inside_all

CANCELLED = "huy"  # the tag of a cancelled letter kept aside: ``<name>.huy-<when>.docx``


def checked(folder: Path, relatives: list[str]) -> dict[str, Path]:
    """Return ``relative -> path`` of each letter under ``folder``; raise WriteError listing every
    letter that cannot be written there (nothing is written)."""
    paths = inside_all(folder, relatives)
    problems = [(path, why) for path in paths.values() if (why := blocked(path))]
    if problems:
        lines = [t("remind.blocked.line", path=path, why=why) for path, why in problems]
        raise WriteError("\n".join([t("remind.blocked", count=len(problems)), *lines]))
    return paths


def blocked(path: Path) -> str:
    """Return why a letter cannot be written at ``path`` (a folder there; a file where one of its
    folders belongs; a folder, or the file, that cannot be written), in the clerk's words; "" when
    it can."""
    if path.is_dir():
        return t("remind.blocked.folder")
    nearest = path.parent
    while not nearest.exists() and nearest != nearest.parent:  # the folders still to be made
        nearest = nearest.parent
    if not nearest.is_dir():
        return t("remind.blocked.file_in_the_way", file=nearest)
    if not os.access(nearest, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return t("os.reason.denied")
    return ""


def write(path: Path, data: bytes, notify: Callable[[str], None] | None = None) -> Path | None:
    """Write the letter ``data`` at ``path`` atomically; a different file already there is first
    moved aside (``notify`` is told where). Return where that file went, or None."""
    kept = None
    if path.is_file() and path.read_bytes() != data:  # the same bytes: the run before stopped here
        kept = move_aside(path)
        if notify is not None:
            notify(t("remind.kept", path=path, copy=kept.name))
    write_atomic(path, data)
    return kept


@contextmanager
def said_with(done: list[tuple[object, Path]]) -> Iterator[None]:
    """Run the block that writes and records letters; when it fails (a file, or the tracking file),
    raise the clerk's error followed by the letters of ``done`` already written and recorded."""
    try:
        yield
    except (OSError, KhcnError) as exc:
        if isinstance(exc, OSError):
            error: KhcnError = WriteError(t("os.problem", path=exc.filename or "", reason=os_reason(exc)))
        else:
            error = exc
        if done:
            files = list(dict.fromkeys(path for _, path in done))
            lines = [t("remind.partial", count=len(done), files=len(files)), *(f"  - {p}" for p in files)]
            error, code = KhcnError("\n".join([error.message, *lines])), error.exit_code
            error.exit_code = code  # the failure's own (11 for a file, 8 for the tracking file)
        raise error from None


def set_aside(letters: list[Path], when: float) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """Move each of ``letters`` still there, and the PDF beside it, aside as
    ``<name>.huy-<when>.docx`` (``.pdf``); return ((file, where it went) of each file moved, the
    letters not there). When one cannot be moved, those already moved are put back (``put_back``)
    before the error is raised: all or none."""
    moved: list[tuple[Path, Path]] = []
    missing = []
    try:
        for path in dict.fromkeys(letters):
            if not path.is_file():
                missing.append(path)
            for each in (path, path.with_suffix(".pdf")):
                if each.is_file():
                    moved.append((each, move_aside(each, CANCELLED, when)))
    except BaseException:
        put_back(moved)
        raise
    return moved, missing


def put_back(moved: list[tuple[Path, Path]]) -> None:
    """Move each file ``set_aside`` moved back where it was, the last first; return None."""
    for path, copy in reversed(moved):
        os.replace(copy, path)
