"""Work a Ctrl-C must not break off halfway: files moved and rows removed together, all or none.

``held`` notes a Ctrl-C instead of raising it wherever the main thread happens to be (between a
file's move and the note of where it went, or halfway through putting moved files back); the
block raises it where it can still undo everything (``Held.stop_if_pressed``), and once the block
is done a Ctrl-C still unraised is raised as the handler it found would have (the command line's:
"stopped", exit 130). ``pdf.convert`` holds Ctrl-C so while LibreOffice runs, ending them at once.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Callable, Iterator


class Held:
    """The Ctrl-C presses noted inside ``held``, and the handler to raise them with."""

    def __init__(self, handler: Callable[[int, object], object] | None,
                 on_press: Callable[[], object] | None = None) -> None:
        self.handler, self.on_press = handler, on_press
        self.pressed = False

    def note(self, signum: int, frame: object) -> None:
        """Note a Ctrl-C, and at the first one do ``on_press`` (end the work under way: the
        LibreOffice runs); a second one adds nothing; return None."""
        first, self.pressed = not self.pressed, True
        if first and self.on_press is not None:
            self.on_press()

    def stop_if_pressed(self) -> None:
        """Raise the Ctrl-C noted so far as the handler found would have (KeyboardInterrupt), so the
        block stops where it can undo what it did; return None when none was pressed."""
        if self.pressed and self.handler is not None:
            self.pressed = False
            self.handler(signal.SIGINT, None)


@contextmanager
def held(on_press: Callable[[], object] | None = None) -> Iterator[Held]:
    """Within the block, a Ctrl-C is only noted (``Held``), the first one doing ``on_press``; once
    the block is done, one not raised by ``Held.stop_if_pressed`` is raised as the handler the block
    found would have. Outside the main thread, or where Ctrl-C is ignored (a background job), it is
    left as it is: ``Held`` then notes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield Held(None)
        return
    previous = signal.getsignal(signal.SIGINT)
    if not callable(previous):
        yield Held(None)
        return
    noted = Held(previous, on_press)
    signal.signal(signal.SIGINT, noted.note)
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)
    noted.stop_if_pressed()
