"""The Jinja sandbox templates render in, with limits on what one template may make or spend.

Jinja's sandbox already refuses Python internals and ranges over 100 000. A template is a file a
clerk edits, so it must also not be able to hang a build or exhaust the machine's memory. Three
layers, from cheapest to broadest:

* the operations that make a long text or a huge number in one step are checked before they run
  (``LIMITS`` below: ``'a' * 10**9``, ``9 ** 10**9``, ``'a'|center(10**9)``, ``'%1000000000s'``,
  ``'{:>1000000000}'.format``, ``replace`` or ``indent`` growing a text by more than
  ``MAX_GROWTH`` characters);
* a rendered part of more than ``MAX_CHUNKS`` pieces stops as it grows (nested loops that
  print), and one longer than ``MAX_OUTPUT`` characters is refused;
* one document's render stops after ``RENDER_SECONDS`` (nested loops that print nothing), with a
  real-time timer (``SIGALRM``) set only in the main thread of a platform that has one (not on
  Windows, not in a worker thread: there the first two layers remain).

A document needs none of this: the bundled plan's largest part is about 60 000 characters and
renders in a few milliseconds. Every limit stops the render with ``LimitError``, said as the
template's problem (exit 4).
"""

from __future__ import annotations

import functools
import re
import signal
import string
import threading
from contextlib import contextmanager
from itertools import islice

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_GROWTH = 100_000        # characters (or items) one operation may add to what it was given
MAX_EXPONENT = 1_000        # largest power a template may raise a number to
MAX_BITS = 100_000          # largest integer a template may make by * or ** (about 30 000 digits)
MAX_OUTPUT = 10_000_000     # characters of XML one rendered part may hold
MAX_CHUNKS = 1_000_000      # pieces (a text between two tags, a value) one part may be made of
RENDER_SECONDS = 10.0       # one document's render time (main thread, where SIGALRM exists)


class LimitError(SecurityError):
    """A template went past one of the limits: ``key`` names which (a locale key), ``params`` its numbers."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def _grown(what: str, added: int) -> None:
    """Raise LimitError when an operation ``what`` would add more than MAX_GROWTH characters."""
    if added > MAX_GROWTH:
        raise LimitError("render.limit.size", what=what, limit=MAX_GROWTH)


def _width(text, width, what: str) -> None:
    """Check padding ``text`` to ``width`` (center, ljust, rjust, zfill)."""
    if isinstance(width, int):
        _grown(what, width - len(str(text)))


def _replace(text, old, new, count=None) -> None:
    """Check replacing ``old`` by ``new`` in ``text`` (at most ``count`` times)."""
    text, old, new = str(text), str(old), str(new)
    times = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    _grown("replace", times * (len(new) - len(old)))


def _indent(text, width=4, first=False, blank=False) -> None:
    """Check the ``indent`` filter: every line gains ``width`` (spaces, or that text)."""
    pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    _grown("indent", (str(text).count("\n") + 1) * pad)


_PRINTF = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.?)", re.S)


def _printf(fmt: str, args) -> None:
    """Check a ``%`` format (the ``%`` operator, the ``format`` filter): no width or precision
    over MAX_GROWTH, written or taken from the arguments (``*``: the argument at that place, not
    the values printed, ``'%*d' % (3, 150000)``)."""
    values = args if isinstance(args, tuple) else (args,)
    position = 0
    for key, width, precision, conversion in _PRINTF.findall(fmt):
        for number in (width, precision):
            if number == "*":
                _numbers(values[position:position + 1], "%*")
                position += 1
            elif number:
                _grown("%" + number, int(number))
        position += not key and conversion != "%"  # the value printed, unless taken by name or ``%%``


def _braces(fmt: str, args, kwargs) -> None:
    """Check a ``str.format`` format: no width or precision over MAX_GROWTH, written or nested
    (``{:>{w}}``: only the argument the nested field names, not the values printed)."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:  # malformed: str.format says so itself
        return
    auto = 0
    for _, name, spec, _ in fields:
        auto += name is not None and _head(name) == ""  # an automatic field ``{}`` takes the next argument
        for number in re.findall(r"\d+", _NESTED.sub("", spec or "")):
            _grown("{:" + spec + "}", int(number))
        for nested in _NESTED.findall(spec or ""):
            width, auto = _nested_value(nested, args, kwargs, auto)
            _numbers(width, "{:" + spec + "}")


_NESTED = re.compile(r"\{([^{}]*)\}")


def _head(name: str) -> str:
    """Return the argument part of a format field name (``0`` of ``0.x``, ``w`` of ``w[1]``)."""
    return re.match(r"[^.\[]*", name).group(0)


def _nested_value(name: str, args, kwargs, auto: int) -> tuple[tuple, int]:
    """Return (the values a nested field ``{name}`` may stand for, the next automatic index): the
    argument it names; every argument when it reaches inside one (``{0[1]}``, ``{w.x}``)."""
    head = _head(name)
    if head != name:  # an item or attribute of an argument: every argument's integers, as before
        return (*args, *kwargs.values()), auto + (head == "")
    if head == "":
        return tuple(args[auto:auto + 1]), auto + 1
    if head.isdigit():
        return tuple(args[int(head):int(head) + 1]), auto
    return ((kwargs[head],) if head in kwargs else ()), auto


def _numbers(values, what: str) -> None:
    """Check the integers among ``values`` used as widths."""
    for value in values:
        if isinstance(value, int):
            _grown(what, value)


def _repeat(left, right) -> None:
    """Check ``left * right``: a text or list repeated (weighing nested texts and lists), or two integers."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            weight = len(seq) if isinstance(seq, str) else sum(
                len(item) if isinstance(item, (str, list, tuple, dict)) else 1 for item in seq)
            _grown("*", weight * times - weight)
            return
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_BITS:
        raise LimitError("render.limit.number", what="*", limit=MAX_BITS)


def _power(left, right) -> None:
    """Check ``left ** right``: the exponent, and the size of an integer result."""
    if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT or (
            isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > MAX_BITS):
        raise LimitError("render.limit.number", what="**", limit=MAX_BITS)


# filter name -> check of its arguments (as Jinja passes them)
FILTER_LIMITS = {
    "center": lambda value, width=80: _width(value, width, "center"),
    "indent": _indent,
    "format": lambda value, *args, **kwargs: _printf(str(value), args or kwargs),
    "replace": lambda _ctx, text, old, new, count=None: _replace(text, old, new, count),
    "batch": lambda value, linecount, fill_with=None: _numbers((linecount,), "batch"),
}
# str method name -> check of (the text, its arguments)
METHOD_LIMITS = {
    "center": lambda s, width, *_: _width(s, width, "center"),
    "ljust": lambda s, width, *_: _width(s, width, "ljust"),
    "rjust": lambda s, width, *_: _width(s, width, "rjust"),
    "zfill": lambda s, width: _width(s, width, "zfill"),
    "expandtabs": lambda s, tabsize=8: _grown("expandtabs", s.count("\t") * tabsize if isinstance(tabsize, int) else 0),
    "replace": lambda s, old, new, count=-1: _replace(s, old, new, count),
}


def _bounded_concat(chunks) -> str:
    """Return the rendered chunks joined; raise LimitError past MAX_CHUNKS pieces or MAX_OUTPUT
    characters. The pieces are counted in C (``islice``): a Python loop adding up their lengths
    cost 1 % of a build; each piece's own size is bounded by the checks above."""
    chunks = iter(chunks)
    joined = "".join(islice(chunks, MAX_CHUNKS))
    if len(joined) > MAX_OUTPUT or next(chunks, None) is not None:
        raise LimitError("render.limit.output", chunks=MAX_CHUNKS, limit=MAX_OUTPUT)
    return joined


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with the limits above (``lipsum``, which loops as often as asked, is not offered)."""

    intercepted_binops = frozenset({"*", "**", "%"})
    concat = staticmethod(_bounded_concat)

    def __init__(self, **options):
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        for name, check in FILTER_LIMITS.items():
            self.filters[name] = _checked(self.filters[name], check)

    def call_binop(self, context, operator: str, left, right):
        """Return ``left operator right`` once its size is checked."""
        if operator == "*":
            _repeat(left, right)
        elif operator == "**":
            _power(left, right)
        elif isinstance(left, str):
            _printf(left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context, obj, /, *args, **kwargs):
        """Call ``obj`` from the template once a str method that pads or replaces is checked."""
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str) and getattr(obj, "__name__", "") in METHOD_LIMITS:
            METHOD_LIMITS[obj.__name__](owner, *args, **kwargs)
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value):
        """Return the sandbox's ``str.format``/``format_map`` of ``value``, its widths checked first."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt, is_map = value.__self__, value.__name__ == "format_map"

        def checked(*args, **kwargs):
            _braces(fmt, () if is_map else args, (args[0] if is_map and args else kwargs))
            return wrapper(*args, **kwargs)
        return checked


def _checked(original, check):
    """Return filter ``original`` calling ``check`` with its arguments first (Jinja's pass-context marks kept)."""
    @functools.wraps(original)
    def filtered(*args, **kwargs):
        check(*args, **kwargs)
        return original(*args, **kwargs)
    return filtered


@contextmanager
def time_budget(seconds: float = None):
    """Run the block with a real-time limit: LimitError is raised in it after ``seconds``
    (``RENDER_SECONDS`` by default). Only where a timer can interrupt it: the main thread of a
    platform with ``setitimer``, and no other real-time timer running (one a caller set is left
    alone); elsewhere the block runs unlimited."""
    seconds = RENDER_SECONDS if seconds is None else seconds
    if (not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0):
        yield
        return

    def expire(signum, frame):
        raise LimitError("render.limit.time", seconds=f"{seconds:g}")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
