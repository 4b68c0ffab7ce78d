"""place-date: "Quảng Trị, ngày 05 tháng 01 năm 2024", italic, 13–14 pt.

NĐ30, Phụ lục I, Phần I, Mục II.4 (ô số 4): days below 10 and months 1 and 2 take a leading zero
(05, 01, 02), months 3–12 never do (3, not 03); the day must exist in that month and year (no
31 tháng 4, no 29 tháng 02 năm 2023); a comma follows the place name. A draft may leave
the day and month blank ("ngày      tháng      năm 2024", "ngày … tháng … năm 2024").
"""

from __future__ import annotations

import calendar
import re

from khcn_docs.checks.expect import DRAFT_BLANK, expect_format, missing, problem

ID = "place-date"
CLAUSE = "Phụ lục I, Phần I, Mục II.4"
TITLE_VI = "Địa danh, ngày tháng: đúng dạng, số 0 phía trước, in nghiêng, cỡ 13–14"
PATTERN = re.compile(rf"^(?P<place>[^,]+), ngày(?P<day>\s*(?:\d+|{DRAFT_BLANK})?\s*)"
                     rf"tháng(?P<month>\s*(?:\d+|{DRAFT_BLANK})?\s*)năm (?P<year>\d{{4}})$")


def check(lay, opts):
    """Yield problems for the place-and-date line: presence, pattern, leading zeros and format."""
    found = lay.find("place-date")
    if not found:
        if lay.header:
            yield missing(ID, "place-date")
        return
    seg = found[0]
    text = seg.text.replace("\u00a0", " ")
    m = PATTERN.match(text)
    if not m:
        yield problem(ID, "date.pattern", seg, found=text)
    else:
        if m.group("place")[:1].islower():
            yield problem(ID, "date.place_case", seg, found=m.group("place"))
        yield from _zeros(seg, m.group("day"), m.group("month"), int(m.group("year")))
    yield from expect_format(ID, seg, "place-date", size=opts["size"], bold=False, italic=True)


def _zeros(seg, day_part: str, month_part: str, year: int):
    """Yield problems for a day or month that does not exist or has the wrong leading zero (blanks pass)."""
    day, month = (part.strip() if part.strip().isdigit() else "" for part in (day_part, month_part))
    if day and not (day_part.startswith(" ") and day_part.endswith(" ")):
        yield problem(ID, "date.pattern", seg, found=seg.text)
    if day and not 1 <= int(day) <= 31:
        yield problem(ID, "date.no_day", seg, found=day)
    elif day and day != f"{int(day):02d}":
        yield problem(ID, "date.day", seg, found=day, expected=f"{int(day):02d}")
    if month and not 1 <= int(month) <= 12:
        yield problem(ID, "date.no_month", seg, found=month)
    elif month:
        want = f"{int(month):02d}" if int(month) <= 2 else str(int(month))
        if month != want:
            yield problem(ID, "date.month", seg, found=month, expected=want)
        if day and 1 <= int(day) <= 31 and int(day) > (last := calendar.monthrange(year, int(month))[1]):
            yield problem(ID, "date.no_date", seg, day=day, month=month, year=year, last=last)

