"""Vietnamese text helpers: NFC, ND30 dates and numbers, upper-casing, collation.

ND30 (Phụ lục I, Mục II.4): days below 10 and months 1 and 2 take a leading zero; months 3-12 never do.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_WS = re.compile(r"\s+")
_BLANK = " " * 6  # the blank a draft leaves for a number or a date part


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def fold_ws(text: str) -> str:
    """Return ``text`` with every run of whitespace (NBSP included) folded to one space, stripped."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


def no_diacritics(text: str) -> str:
    """Return ``text`` without Vietnamese diacritics (Đ → D, ệ → e), keeping each letter's case."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def is_caps(text: str) -> bool:
    """Return True when ``text`` has letters and all of them are capitals."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


def upper(text: str) -> str:
    """Return ``text`` in capitals with diacritics kept (``Sở`` -> ``SỞ``, ``đ`` -> ``Đ``), NFC."""
    return nfc(nfc(text).upper())


_KEPT_END = re.compile(r"(?:\.\.\.|…|(?<![^\W\d_])(?:[^\W\d_]{1,3}\.){2,})$")
"""An end that is no stop: an ellipsis ("...", "…") or a dotted abbreviation ("v.v.", whose last dot is its own)."""
_TAIL = 40  # characters enough to hold the longest dotted abbreviation ending a text


def without_final_stop(text: str) -> str:
    """Return ``text`` without the marks that end it as a sentence or a list item: the "./." that
    ends a document (or "/."), ".", ";", ":", "," and spaces (``… thành tích./.`` → ``… thành
    tích``); an ellipsis and an abbreviation's dots are kept (``tài liệu, v.v.``, ``…``). Read from
    the end, one mark at a time (every task line of every letter passes here: no pattern is tried
    along the whole text)."""
    while text:
        last = text[-1]
        if text.endswith("/."):
            text = text[:-2]
        elif last.isspace() or last in ";:,":
            text = text[:-1]
        elif last == "." and not _kept_end(text):
            text = text[:-1]
        else:
            break
    return text


def _kept_end(text: str) -> bool:
    """Return True when the final "." of ``text`` is no stop (``_KEPT_END``). Either end has a dot
    among the four characters before that one ("..." two, "v.v." the one before the last 1 to 3
    letters): without one the pattern, slow on a line's tail of Vietnamese letters, is not tried
    (most task lines end so, and every one passes here)."""
    return "." in text[-5:-1] and _KEPT_END.search(text[-_TAIL:]) is not None


def with_stop(text: str, mark: str = ".") -> str:
    """Return ``text`` ended by ``mark``; a full stop is not added after a text that already ends
    with one (an abbreviation's, ``v.v.``) or with an ellipsis (``…``)."""
    return text if mark == "." and text.endswith((".", "…")) else text + mark


def continued(text: str) -> str:
    """Return ``text`` as it reads inside a sentence (after "về"): its first letter in lower case
    (``Thực hiện …`` -> ``thực hiện …``), unless its first word is an abbreviation, with a capital
    after its first letter (``OCOP``, ``KH&CN``, ``UBND``), or starts a proper name, the next word
    capitalised too (``Quảng Trị …``, ``Hà Nội …``): those are kept as written."""
    words = text.split(maxsplit=2)
    if not words or any(c.isupper() for c in words[0][1:]):
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:]


VN_LETTERS = tuple("a b c d đ e g h i k l m n o p q r s t u v x y".split())  # a), b), … points (ND30)
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def listed(names: list[str]) -> str:
    """Return ``names`` as a sentence lists them: ``A``, ``A và B``, ``A, B và C``."""
    return " và ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


def roman(n: int) -> str:
    """Return ``n`` in upper-case Roman numerals (``4`` -> ``IV``), as ND30 numbers parts and sections."""
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out, n = out + sym, n - value
    return out


def day_str(day: int) -> str:
    """Return the day as ND30 writes it: ``05``, ``15``."""
    return f"{day:02d}"


def month_str(month: int) -> str:
    """Return the month as ND30 writes it: ``01``, ``02``, then ``3`` … ``12`` (no leading zero)."""
    return f"{month:02d}" if month <= 2 else str(month)


def number_str(number: int) -> str:
    """Return a document number as ND30 writes it: below 10 with one leading zero (``05``), else as is."""
    return f"{number:02d}" if number < 10 else str(number)


def long_date(date: dt.date | None, year: int | None = None) -> str:
    """Return ``ngày 05 tháng 01 năm 2020``; with ``date`` None, the draft form with blanks and ``year``."""
    if date is None:
        return f"ngày{_BLANK}tháng{_BLANK}năm {year if year else _BLANK}"
    return f"ngày {day_str(date.day)} tháng {month_str(date.month)} năm {date.year}"


def place_date(place: str, date: dt.date | None, year: int | None = None) -> str:
    """Return the ô 4 line: ``Quảng Trị, ngày 05 tháng 01 năm 2020`` (blanks in a draft)."""
    return f"{place}, {long_date(date, year)}"


def short_date(date: dt.date) -> str:
    """Return the date as written inside body text and in messages, with ND30's leading zeros
    (days below 10, months 1 and 2): ``15/11/2025``, ``20/8/2024``, ``05/3/2025``, ``15/01/2025``."""
    return f"{day_str(date.day)}/{month_str(date.month)}/{date.year}"


EARLIEST, LATEST = dt.date(1945, 1, 1), dt.date(2200, 12, 31)
"""The dates a clerk may write, in a spec, the registry or a command: the years a plan may have
(``document.year``); a date beyond is a typo (``20/12/9999``), and date arithmetic near year 9999
would fail instead of saying so."""


def in_range(day: dt.date) -> bool:
    """Return True when ``day`` lies between ``EARLIEST`` and ``LATEST``."""
    return EARLIEST <= day <= LATEST


class OutOfRange(ValueError):
    """A date written with a year that has not four digits or is no calendar's (``30/09/0000``,
    ``30/09/99999``, ``30/9/24``): said as a date outside ``EARLIEST``–``LATEST``, as a far year is."""

    def __init__(self) -> None:
        super().__init__("date-range")  # the code the spec's messages know (spec/problems.py)


_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d+)$")
_YMD = re.compile(r"^(\d{4,})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> dt.date | None:
    """Return the date a clerk wrote day first, ``16/11/2024`` (or with ``-`` or ``.``, ``5/3/2025``),
    or year first as ISO, ``2024-11-16`` (``2025-3-5`` too); None for any other form. Raise
    ValueError for a day that does not exist (``31/11/2024``), ``OutOfRange`` for a year not
    written with four digits or that no calendar has (``16/11/24`` is not guessed, ``0000``); a
    date returned may still lie outside ``in_range`` (``01/01/1900``)."""
    text = text.strip()
    if found := _YMD.match(text):
        year, month, day = found.groups()
    elif found := _DMY.match(text):
        day, _, month, year = found.groups()
    else:
        return None
    if len(year) != 4 or int(year) < dt.MINYEAR:
        raise OutOfRange()
    return dt.date(int(year), int(month), int(day))


def format_number(value: float | int) -> str:
    """Return ``value`` formatted for Vietnamese (``1.234.567,5``) with babel."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale="vi")


_VN_ORDER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
_RANK = {ch: i for i, ch in enumerate(_VN_ORDER)}


def sort_key(text: str) -> tuple:
    """Return a key that orders Vietnamese words as a dictionary does (Â, Ă, Đ, Ơ, Ư in place)."""
    lowered = nfc(text).lower()
    return tuple(_RANK.get(ch, 1000 + ord(ch)) for ch in lowered)
