"""Reading a whole file in few system calls: the spec, the variables, the templates and the
previous outputs a build reads every time. Kept apart from ``render`` (which loads Jinja) so that
commands that only load a plan read through it too."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_file(path: Path | str, regular: bool = False) -> bytes:
    """Return the bytes of the file at ``path`` (``Path.read_bytes``'s) in a few system calls: read
    unbuffered, a template or a document being one chunk; raise OSError when it cannot be read.
    With ``regular``, raise OSError too when it is no regular file, told from the descriptor it
    would be read on: a pipe (a FIFO named .yaml), opened without waiting for a writer, is not
    read (it would block)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
    fd = os.open(path, (flags | getattr(os, "O_NONBLOCK", 0)) if regular else flags)
    try:
        if regular and not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
