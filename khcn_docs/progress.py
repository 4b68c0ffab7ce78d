"""A small progress line for long batches: "Văn bản 3/57 — Sở Y tế", updated in place.

A run of several phases names each one and counts its documents afresh (``phase``): a
``build --pdf`` of 57 documents shows "Tạo văn bản 1/57 … 57/57", then "Chuyển PDF 1/57 … 57/57".

Shown only on a terminal: silent with ``quiet=True``, when the stream is not a TTY, or when
the environment variable ``CI`` is set. ``finish(summary)`` always prints the caller's
one-line summary (see ``summary_line``), so logs and CI still get the result.

Usage::

    bar = Progress(len(units), quiet=quiet)
    report = pdf.convert(paths, progress=lambda p: bar.step(label_of[p]))
    bar.finish(summary_line(built=57, converted=57, failed=0, seconds=12.3))
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import threading
from typing import TextIO

from khcn_docs.i18n import language, t


def _wants_display(stream: TextIO, quiet: bool) -> bool:
    """Return True when a live progress line should be drawn on ``stream``."""
    if quiet or os.environ.get("CI"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """Counts finished documents and redraws "document n of N — label" on a terminal."""

    def __init__(self, total: int, *, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.key = "progress.document"
        self.stream = stream if stream is not None else sys.stderr
        self.live = _wants_display(self.stream, quiet)
        self._width = 0
        self._lock = threading.Lock()

    def phase(self, kind: str, total: int) -> None:
        """Start counting the ``total`` documents of the phase ``kind`` (``render``, ``pdf``) from
        zero, the line naming that phase; return None."""
        with self._lock:
            self.key, self.total, self.done = f"progress.{kind}", total, 0

    def step(self, label: object = "") -> None:
        """Count one finished document and redraw the line (on a terminal); return None.

        Safe to call from worker threads. ``label`` is shown as text (e.g. the agency).
        """
        with self._lock:
            self.done += 1
            if self.live:
                text = t(self.key, n=self.done, total=self.total, label=label)
                self._draw(text)

    def __call__(self, item: object) -> None:
        """Same as ``step``: lets a Progress be passed as ``pdf.convert(progress=...)``."""
        self.step(getattr(item, "name", item))

    def _draw(self, text: str) -> None:
        """Overwrite the current line with ``text``, cut to fit the terminal (``fitted``); return None."""
        text = fitted(text, self._columns() - 1)
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def _columns(self) -> int:
        """Return the width of the terminal the line is drawn on (``self.stream``, standard error:
        ``shutil.get_terminal_size`` measures standard output, 80 columns when that goes to a
        file); ``COLUMNS``, when set, as shutil reads it."""
        if "COLUMNS" not in os.environ:
            try:
                return os.get_terminal_size(self.stream.fileno()).columns
            except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
                pass
        return shutil.get_terminal_size().columns

    def finish(self, summary: str) -> None:
        """Clear the progress line and print ``summary`` on its own line; return None."""
        with self._lock:
            if self.live and self._width:
                self.stream.write("\r" + " " * self._width + "\r")
            self.stream.write(summary + "\n")
            self.stream.flush()
            self._width = 0


def fitted(text: str, width: int) -> str:
    """Return ``text`` cut to ``width`` characters, ending "…" when cut: a line longer than the
    terminal wraps, and "\r" then rewrites only its last row, leaving the others on screen."""
    return text if len(text) <= width else text[:max(0, width - 1)] + "…"


def format_seconds(seconds: float) -> str:
    """Return ``seconds`` with one decimal, using a decimal comma in Vietnamese ("12,3")."""
    text = f"{seconds:.1f}"
    return text.replace(".", ",") if language() == "vi" else text


def summary_line(*, built: int, converted: int, failed: int, seconds: float, kept: int = 0,
                 renamed: int = 0) -> str:
    """Return the one-line summary, e.g. "Đã tạo 57 văn bản, chuyển 57 sang PDF, lỗi 0, 12,3 s";
    ``kept`` issued documents left as issued and ``renamed`` agency folders are counted in it when
    there are any."""
    kept_part = t("progress.summary.kept", kept=kept) if kept else ""
    kept_part += t("progress.summary.renamed", renamed=renamed) if renamed else ""
    return t("progress.summary", built=built, converted=converted, failed=failed, kept=kept_part,
             seconds=format_seconds(seconds))
