"""Files in the output folder: atomic writes through hidden ``.part`` files, and tidying up.

A document is written to a hidden temporary file in its own folder and renamed over the target
(``os.replace`` is atomic), so a build killed at any moment leaves either the old file or the new
one, never a truncated .docx. The ``.part`` files a killed build leaves are deleted by the next.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import random
import re
import time
from functools import lru_cache
from pathlib import Path

from khcn_docs.errors import WriteError
from khcn_docs.i18n import t

PART_PREFIX, PART_SUFFIX = ".khcn-", ".part"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a hidden ``.part`` file and a rename: never a truncated document."""
    try:
        fd, tmp = _new_part(path)
    except OSError as exc:
        exc.filename = str(path)  # the clerk's file, not the hidden .part it was to go through
        raise
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            exc.filename, exc.filename2 = str(path), None
        raise


_PART_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _new_part(path: Path) -> tuple[int, str]:
    """Return (a descriptor, the path) of a new hidden ``.part`` file of a random name beside
    ``path``, making its folder when it is missing: what ``tempfile.mkstemp`` does (a name not
    taken, opened exclusively, no link followed), looked at once where the folder is there (a
    rebuild's), and made with the permissions of any new file (``0o666`` less the umask: documents
    are shared files) instead of mkstemp's ``0600`` changed afterwards."""
    folder = path.parent
    for _ in range(100):
        tmp = os.path.join(folder, f"{PART_PREFIX}{random.getrandbits(40):010x}{PART_SUFFIX}")
        try:
            return os.open(tmp, _PART_FLAGS, 0o666), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)  # raises what keeps it from being made
            return os.open(tmp, _PART_FLAGS, 0o666), tmp
    raise FileExistsError(errno.EEXIST, "no hidden file name left", str(folder))


def move_aside(path: Path, tag: str = "sua-tay", when: float | None = None) -> Path:
    """Move the file at ``path`` aside as ``<name>.<tag>-<when>.docx``, ``when`` (seconds since the
    epoch) being by default when it was last changed (``-2``, ``-3`` … when that name is taken:
    changed twice within one second); return where it went."""
    stamp = path.stat().st_mtime if when is None else when
    base = f"{path.stem}.{tag}-{time.strftime('%Y%m%d-%H%M%S', time.localtime(stamp))}"
    copy, n = path.with_name(base + path.suffix), 1
    while copy.exists():
        n += 1
        copy = path.with_name(f"{base}-{n}{path.suffix}")
    os.replace(path, copy)
    return copy


def make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed; raise WriteError saying why it cannot be
    made, in the clerk's words (no permission, a read-only or full disk, a file in the way, a
    network drive gone); return None."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(t("output.folder", path=folder, reason=os_reason(exc))) from None


def require_writable(folder: Path, *files: Path) -> None:
    """Raise WriteError when ``folder``, or one of ``files`` that exists, cannot be written (a
    read-only share, a folder without write permission), before anything is changed; return None."""
    denied = [p for p in (folder, *files) if not os.access(p, os.W_OK) and os.path.exists(p)]  # one look when writable
    if denied:
        raise WriteError(t("output.read_only", path=denied[0]))


def os_kind(exc: OSError) -> str:
    """Return which of the usual file problems ``exc`` is: ``read_only_disk``, ``denied``, ``full``,
    ``in_the_way`` (a file or folder of that name), ``missing``, or "" for any other."""
    if exc.errno == errno.EROFS:
        return "read_only_disk"
    if isinstance(exc, PermissionError):
        return "denied"
    if exc.errno == errno.ENOSPC:
        return "full"
    if isinstance(exc, (NotADirectoryError, FileExistsError, IsADirectoryError)):
        return "in_the_way"
    return "missing" if isinstance(exc, FileNotFoundError) else ""


def os_reason(exc: OSError) -> str:
    """Return why a file or folder could not be read or written, in the clerk's words."""
    kind = os_kind(exc)
    return t(f"os.reason.{kind}") if kind else exc.strerror or str(exc)


def _files(folder: Path | str) -> list[os.DirEntry]:
    """Return the files under ``folder`` as ``os.DirEntry`` (links to folders are not followed), one
    folder listed after the other: a loop, not a generator per folder (a plan folder has dozens)."""
    files, folders = [], [folder]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            else:
                files.append(entry)
    return files


def _is_part(name: str) -> bool:
    return name.startswith(PART_PREFIX) and name.endswith(PART_SUFFIX)


def _kind(name: str, wanted: re.Pattern, skip: str) -> str:
    """Return what ``survey`` makes of a file called ``name``: "part" (left by an interrupted
    build), "found" (it matches ``wanted`` and does not start with ``skip``) or ""."""
    if _is_part(name):
        return "part"
    return "found" if not (skip and name.startswith(skip)) and wanted.match(name) else ""


def survey(folder: Path, patterns: tuple[str, ...], skip: str = "",
           remove_parts: bool = False) -> tuple[list[Path], int]:
    """Walk ``folder`` once; return (the files whose names match one of ``patterns`` and do not
    start with ``skip``, sorted; how many ``.part`` files an interrupted build left), deleting
    those ``.part`` files when ``remove_parts``. Each name is told once (``_kind``): the agency
    folders hold documents of the same few names."""
    found, parts, wanted, kinds = [], 0, name_pattern(patterns), {}
    for entry in _files(folder):
        kind = kinds.get(entry.name)
        if kind is None:
            kind = kinds[entry.name] = _kind(entry.name, wanted, skip)
        if kind == "part":
            parts += 1
            if remove_parts:
                Path(entry.path).unlink(missing_ok=True)
        elif kind:
            found.append(Path(entry.path))
    return sorted(found), parts


def remove_leftovers(folder: Path, patterns: tuple[str, ...] = (), skip: str = "") -> list[Path]:
    """Delete the ``.part`` files an interrupted build left behind; return the files ``survey``
    finds for ``patterns`` in the same walk."""
    return survey(folder, patterns, skip, remove_parts=True)[0]


@lru_cache(maxsize=16)
def name_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    """Return one regular expression matching any of the shell ``patterns`` (``fnmatch`` rules)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns) or "(?!)")


def remove_empty_parents(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents up to ``root`` while they are empty; return None."""
    while folder != root and root in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
