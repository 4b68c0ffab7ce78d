"""Work a Ctrl-C must not break off halfway: files moved and rows removed together, all or none.

``held`` notes a Ctrl-C instead of raising it wherever the main thread happens to be (between a
file's move and the note of where it went, or halfway through putting moved files back); the
block raises it where it can still undo everything (``Held.stop_if_pressed``), and once the block
is done a Ctrl-C still unraised is raised as the handler it found would have (the command line's:
"stopped", exit 130). ``pdf.convert`` holds Ctrl-C so while LibreOffice runs, ending them at once.

A ``kill`` (SIGTERM: a shutdown, a scheduler stopping the job) and the terminal closing (SIGHUP) ask a
command to stop as Ctrl-C does, once the command line handles them (``cli.main``): they are held
and raised alike, so LibreOffice is ended and nothing is left half-moved.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

STOPS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals that ask a command to stop: Ctrl-C, a ``kill``, the terminal closing (Windows has no SIGHUP).
They must stay in step with ``cli._UNTOUCHED``, which lists them again (cli holds them before importing this)."""

Handler = Callable[[int, object], object]


class Held:
    """The stop requests (Ctrl-C …) noted inside ``held``, and the handlers to raise them with."""

    def __init__(self, handlers: dict[int, Handler], on_press: Callable[[], object] | None = None) -> None:
        self.handlers, self.on_press = handlers, on_press
        self.signum: int | None = None  # the first signal noted (not raised or dropped since): the one raised

    @property
    def pressed(self) -> bool:
        """Return True when a stop request is noted, not yet raised or dropped."""
        return self.signum is not None

    def note(self, signum: int, frame: object) -> None:
        """Note a stop request, and at the first one do ``on_press`` (end the work under way: the
        LibreOffice runs); another one adds nothing; return None."""
        if not self.pressed:
            self.signum = signum
            if self.on_press is not None:
                self.on_press()

    def stop_if_pressed(self) -> None:
        """Raise the stop request noted so far as the handler found for its signal would have
        (KeyboardInterrupt), so the block stops where it can undo what it did; return None when
        none was noted."""
        if self.signum in self.handlers:
            signum, self.signum = self.signum, None
            self.handlers[signum](signum, None)

    def drop(self) -> None:
        """Forget the stop request noted so far, unraised (the work it would stop is done and
        said: the block then ends as if none came); return None."""
        self.signum = None


@contextmanager
def held(on_press: Callable[[], object] | None = None) -> Iterator[Held]:
    """Within the block, a stop request (``STOPS``) is only noted (``Held``), the first one doing
    ``on_press``; once the block is done, one not raised by ``Held.stop_if_pressed`` is raised as
    the handler the block found would have. Outside the main thread it is left as it is (``Held``
    then notes nothing), as is a signal with no Python handler: ignored (Ctrl-C in a background
    job, SIGHUP under ``nohup``) or ending the process as the system does (SIGTERM outside the
    command line)."""
    if threading.current_thread() is not threading.main_thread():
        yield Held({})
        return
    handlers = {signum: handler for signum in STOPS if callable(handler := signal.getsignal(signum))}
    noted = Held(handlers, on_press)
    for signum in handlers:
        signal.signal(signum, noted.note)
    try:
        yield noted
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    noted.stop_if_pressed()
