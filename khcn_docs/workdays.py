"""Working days: a deadline that falls on a day off ends at the end of the next working day.

Bộ luật Dân sự 2015, Điều 148 khoản 5: when the last day of a period is a weekly day off or a
public holiday, the period ends at the end of the next working day. Days off are Saturdays,
Sundays and the holidays listed in ``holidays.yaml`` (data, not code): the fixed-date ones of Bộ
luật Lao động 2019, Điều 112 (01/01, 30/04, 01/05, 02/09). Holidays of the lunar calendar (Tết,
Giỗ Tổ Hùng Vương), the day next to 02/09 and days off in lieu are announced each year: they are
not listed, and a clerk may add them there, dated, when a deadline falls near one.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from khcn_docs import vn
from khcn_docs.i18n import t
from khcn_docs.spec.yamlsrc import bundled_data

HOLIDAYS = Path(__file__).with_name("holidays.yaml")


@lru_cache(maxsize=1)
def _holidays() -> tuple[frozenset[tuple[int, int]], frozenset[dt.date]]:
    """Return ((day, month) of each fixed holiday, each dated day off) read from ``holidays.yaml``."""
    data = bundled_data(HOLIDAYS) or {}
    fixed = frozenset(tuple(int(part) for part in str(text).split("/")) for text in data.get("fixed") or ())
    dated = frozenset(dt.datetime.strptime(str(text), "%d/%m/%Y").date() for text in data.get("dates") or ())
    return fixed, dated


def is_day_off(day: dt.date) -> bool:
    """Return True when ``day`` is a Saturday, a Sunday or a listed public holiday."""
    fixed, dated = _holidays()
    return day.weekday() >= 5 or (day.day, day.month) in fixed or day in dated


def on_or_after(day: dt.date) -> dt.date:
    """Return ``day`` when it is a working day, else the first working day after it."""
    while is_day_off(day):
        day += dt.timedelta(days=1)
    return day


def deadline_said(deadline: dt.date) -> str:
    """Return a deadline as every message says it: ``15/11/2024``, or the working day it moves to,
    naming the day off (``17/11/2025 (15/11/2025 là ngày nghỉ)``)."""
    due_on = on_or_after(deadline)
    if due_on == deadline:
        return vn.short_date(deadline)
    return t("track.deadline_moved", due=vn.short_date(due_on), deadline=vn.short_date(deadline))
