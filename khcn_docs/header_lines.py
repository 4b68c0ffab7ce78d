"""How the issuing body's name is set in the header's left column: its lines and its size.

ND30 (Phụ lục I, Mục II.2): the name is in capitals, bold, 12-13 pt, centred; a long name may take
several lines. A name wider than the column is broken only between word groups
(``data/header_breaks.yaml``): after "-" or ",", before "VÀ", the place ("TỈNH …") or a field
("KHOA HỌC …"), after the kind of body it starts with (``SỞ KHOA HỌC / VÀ CÔNG NGHỆ``,
``BAN QUẢN LÝ / KHU KINH TẾ TỈNH``), and, only when none of these fit, after "VÀ"; on the fewest
lines (two, then three, then four) that fit, at 13 pt, else at 12 pt. Only when no such lines fit
is it cut between any two syllables, on as many lines as it needs to fit at 12 pt (the registry
check then asks for a ``header_name``). Lines written in the registry (``header_name``) are kept;
they are set at 12 pt when one is too wide at 13 pt and all fit at 12 pt. The cơ quan chủ quản line
above it (not bold, 13 pt) is broken the same way when it is too wide.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from pathlib import Path

from khcn_docs import measure
from khcn_docs.spec.yamlsrc import bundled_data

COLUMN_PT = 6.2 / 2.54 * 72 - 11   # the header's left column (templates: 6.2 cm) less cell margins
SIZE, SMALL = 13, 12  # ND30's range for the name; 12 only when the name fits no other way
MAX_LINES = 4  # a name needing more lines than this wants a shorter header_name
_RULES = Path(__file__).with_name("data") / "header_breaks.yaml"

Words = tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, ...], dict[str, tuple[Words, ...]], tuple[tuple[Words, tuple[int, ...]], ...],
                     frozenset[str]]:
    """Return the break rules: marks a line may end with, word groups a line may start with (by
    their first word), heads (as word tuples, longest first, each with the places inside it marked
    "/" where it may break), words a line may end with when nothing else fits."""
    data = bundled_data(_RULES)
    heads = sorted((_head(head) for head in data["heads"]), key=lambda head: len(head[0]), reverse=True)
    before: dict[str, tuple[Words, ...]] = {}
    for phrase in data["before_words"]:
        words = tuple(phrase.split())
        before[words[0]] = (*before.get(words[0], ()), words)
    return tuple(data["after_marks"]), before, tuple(heads), frozenset(data["last_after_words"])


def _head(text: str) -> tuple[Words, tuple[int, ...]]:
    """Return a head written in the rules ("TRƯỜNG / TRUNG HỌC PHỔ THÔNG") as its words and the
    positions of the breaks marked inside it."""
    parts = [part.split() for part in text.split("/")]
    inner = [sum(len(part) for part in parts[:n]) for n in range(1, len(parts))]
    return tuple(word for part in parts for word in part), tuple(inner)


def group_cuts(words: list[str], last: bool = False) -> list[int]:
    """Return the positions ``i`` (a break before ``words[i]``) between two word groups of a name;
    with ``last``, also those after a word a line ends with only when nothing else fits ("VÀ")."""
    marks, before, heads, last_after = _rules()
    cuts = {i for i in range(1, len(words))
            if words[i - 1].endswith(marks) or any(tuple(words[i:i + len(b)]) == b for b in before.get(words[i], ()))}
    head, inner = next(((h, cuts) for h, cuts in heads if tuple(words[:len(h)]) == h), ((), ()))
    if 0 < len(head) < len(words):
        cuts.update((len(head), *inner))
    if last:
        cuts.update(i for i in range(1, len(words)) if words[i - 1] in last_after)
    return sorted(cuts)


def is_head(line: str) -> bool:
    """Return True when ``line`` is only the kind of body a name starts with ("LIÊN HIỆP CÁC HỘI",
    "BAN QUẢN LÝ"), or the first part of one ("TRƯỜNG"): the first line of a name broken after its
    head, never a whole name."""
    words = tuple(line.upper().split())
    return any(words == head[:cut] for head, inner in _rules()[2] for cut in (*inner, len(head)))


def widest(text: str, size: float, bold: bool = True) -> float:
    """Return the width in pt of the widest line of ``text`` set at ``size`` (bold by default)."""
    return max(measure.text_width_pt(line, size, bold) for line in text.split("\n"))


def _arranged(words: list[str], cuts, width: float, sizes, counts, bold: bool = True) -> tuple[str, int] | None:
    """Return ``words`` broken at ``count`` of ``cuts`` (the first of ``counts`` that fits) into
    lines all fitting ``width`` at the first of ``sizes`` that fits, the narrowest widest line of
    those, with that size; None when nothing fits."""
    for count in counts:
        texts = ["\n".join(" ".join(words[a:b]) for a, b in zip((0, *chosen), (*chosen, len(words))))
                 for chosen in combinations(cuts, count)]
        for size in sizes:
            if fitting := [text for text in texts if widest(text, size, bold) <= width]:
                return min(fitting, key=lambda text: widest(text, size, bold)), size
    return None


def _grouped(words: list[str], width: float, sizes, counts, bold: bool) -> tuple[str, int] | None:
    """Return ``_arranged`` for the breaks between word groups, else for those and the last-resort
    ones ("VÀ" ending a line)."""
    return (_arranged(words, group_cuts(words), width, sizes, counts, bold)
            or _arranged(words, group_cuts(words, last=True), width, sizes, counts, bold))


def _two_lines(words: list[str], size: int, bold: bool) -> str:
    """Return ``words`` on two lines cut between any two of them, the narrowest widest line of those."""
    return min(("\n".join((" ".join(words[:cut]), " ".join(words[cut:]))) for cut in range(1, len(words))),
               key=lambda text: widest(text, size, bold))


def _cut_anywhere(words: list[str], width: float, size: int, bold: bool) -> str:
    """Return ``words`` cut between any two of them into the fewest lines that each fit ``width``
    at ``size`` (of those, the narrowest widest line); a word wider than ``width`` alone on its
    line. The last resort of ``layout``: as many lines as the name needs."""
    def wide(a: int, b: int) -> float:
        return measure.text_width_pt(" ".join(words[a:b]), size, bold)

    best: list[tuple[int, float, int]] = [(0, 0.0, 0)]  # per prefix: (lines, widest line, its last cut)
    for end in range(1, len(words) + 1):
        starts = [a for a in range(end) if end - a == 1 or wide(a, end) <= width]
        best.append(min((best[a][0] + 1, max(best[a][1], wide(a, end)), a) for a in starts))
    cuts, end = [], len(words)
    while end:
        cuts.append(end)
        end = best[end][2]
    bounds = (0, *reversed(cuts))
    return "\n".join(" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:]))


def layout(name: str, width: float = COLUMN_PT, bold: bool = True, sizes=(SIZE, SMALL)) -> tuple[str, int]:
    """Return the name as printed (lines joined by "\\n") and its size in pt (13, or 12 when it
    fits only so; ``sizes`` are those allowed) in ``width`` (by default the header's left column):
    written lines kept, else one line, else the fewest lines (up to ``MAX_LINES``) between word
    groups, else the fewest lines (up to ``MAX_LINES``) cut anywhere, else as many lines cut
    anywhere as needed for each to fit at the smallest allowed size (``_cut_anywhere``)."""
    if "\n" in name:
        small = SMALL in sizes and widest(name, SIZE, bold) > width and widest(name, SMALL, bold) <= width
        return name, SMALL if small else SIZE
    if measure.text_width_pt(name, SIZE, bold) <= width:
        return name, SIZE
    words = name.split()
    found = _grouped(words, width, sizes, range(1, MAX_LINES), bold)
    return found or _anywhere(words, width, sizes, bold)


def _anywhere(words: list[str], width: float, sizes, bold: bool) -> tuple[str, int]:
    """Return ``words`` cut between any two of them (``_cut_anywhere``) into the fewest lines, two
    to ``MAX_LINES``, that all fit ``width``, at the first of ``sizes`` giving that few, with that
    size; when none gives so few, into as many lines as fit at the smallest of ``sizes``. (One
    search per size, not one per way of cutting: a long name has thousands.)"""
    cut = [(_cut_anywhere(words, width, size, bold), size) for size in sizes]
    cut = [(_two_lines(words, size, bold) if "\n" not in text and len(words) > 1 else text, size)
           for text, size in cut]  # one line fits only at a smaller size: two at the larger come first
    fitting = [(text.count("\n"), n, text, size) for n, (text, size) in enumerate(cut)
               if text.count("\n") < MAX_LINES and widest(text, size, bold) <= width]
    if fitting:
        return min(fitting)[2:]
    return _cut_anywhere(words, width, min(sizes), bold), min(sizes)


def grouped(name: str, width: float = COLUMN_PT, bold: bool = True, sizes=(SIZE, SMALL)) -> str | None:
    """Return ``name`` (lines joined by "\\n" or not) on the fewest lines (up to ``MAX_LINES``)
    broken between word groups that all fit ``width`` (by default the header's left column) at 13
    pt, else at 12 pt (of those, the narrowest widest line); None when no such lines fit."""
    words = name.split()
    if measure.text_width_pt(" ".join(words), sizes[0], bold) <= width:
        return " ".join(words)  # one line: most names (no word groups to work out)
    found = _grouped(words, width, sizes, range(MAX_LINES), bold)
    return found and found[0]


def too_wide(lines: str, width: float = COLUMN_PT) -> list[str]:
    """Return the written lines of a name (``header_name``) that do not fit ``width`` (by default
    the header's left column) even at 12 pt."""
    return [line for line in lines.split("\n") if measure.text_width_pt(line, SMALL, True) > width]
