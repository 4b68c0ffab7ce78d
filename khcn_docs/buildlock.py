"""One build at a time per plan folder: two clerks building the same plan on a shared drive.

The build holds an exclusive lock on ``.khcn-build.lock`` in the plan folder from the moment it
reads the manifest's rows until its last write. A second build waits (and says so) instead of
rendering everything again on stale verdicts, or failing when SQLite's own 30-second busy
timeout runs out during a long PDF conversion; once the first is done, the second finds what is
left — usually nothing. The operating system releases the lock when its process ends, however it
ends, so a killed build never leaves a stale lock. Where the file system cannot lock (some network
mounts), builds go on unlocked, as before.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from khcn_docs.paths import own_file

LOCK_NAME = ".khcn-build.lock"
POLL_SECONDS = 0.2  # Windows: how often a waiting build tries again


@contextmanager
def held(folder: Path, on_wait: Callable[[], None] | None = None, name: str = LOCK_NAME) -> Iterator[None]:
    """Hold the lock file ``name`` of ``folder`` (by default the plan folder's build lock) for the
    block, waiting for its holder to finish first (``on_wait`` is called once before waiting); the
    folder exists and is writable. ``remind`` holds one beside its tracking file the same way. A
    lock file that is a link leading out of ``folder`` is refused (``paths.own_file``): opening it
    would create or write the file it points to. The file is opened as a bare descriptor: it is
    only ever locked, never read or written (no buffered file object around it)."""
    fd = _open(Path(folder), name)
    try:
        if not _try_lock(fd):
            if on_wait is not None:
                on_wait()
            _wait_for_lock(fd)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


_FLAGS = os.O_RDWR | os.O_CREAT | os.O_APPEND
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # none on Windows


def _open(folder: Path, name: str) -> int:
    """Return a descriptor of the lock file ``name`` of ``folder``, created if needed. Where links
    can be refused when opening (POSIX), the file is opened so at once: the open is its only look
    (one system call); only a link is then looked at as ``own_file`` does, and followed if it may be."""
    path = folder / name
    if _NOFOLLOW:
        try:
            return os.open(path, _FLAGS | _NOFOLLOW, 0o666)
        except OSError:
            if not os.path.islink(path):  # any other failure is the open's own
                raise
    return os.open(own_file(folder, name), _FLAGS, 0o666)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        """Return True when the lock was taken, False when another build holds it."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError:
            return False
        except OSError:  # cannot lock here: go on unlocked
            return True
        return True

    def _wait_for_lock(fd: int) -> None:
        while not _try_lock(fd):
            time.sleep(POLL_SECONDS)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """Return True when the lock was taken, False when another build holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:  # ENOLCK, EOPNOTSUPP: this file system cannot lock, go on unlocked
            return True
        return True

    def _wait_for_lock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # the lock went away with the file system's support for it
            pass
