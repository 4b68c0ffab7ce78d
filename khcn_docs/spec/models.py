"""The spec and variables as strict, frozen pydantic models (a misspelt key is an error)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Callable, Iterable, Literal, Optional

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, StringConstraints,
                      field_validator, model_validator)
from pydantic_core import PydanticKnownError

from khcn_docs import vn

Strict = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
Text = str

WHITESPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
              + "\u2028\u2029\u202f\u205f\u3000")
"""What ``str_strip_whitespace`` strips from the ends of a text: Unicode's White_Space (pydantic
trims with Rust's ``char::is_whitespace``; Python's ``str.strip()`` would also strip U+001C–U+001F)."""


def _stripped(value: object) -> object:
    """Return a text stripped of ``WHITESPACE`` as ``str_strip_whitespace`` strips it, any other
    value unchanged (the type check then says what it is)."""
    return value.strip(WHITESPACE) if isinstance(value, str) else value


Prose = Annotated[str, StringConstraints(strip_whitespace=False), BeforeValidator(_stripped)]
"""Text that is stripped as ``Text`` is and checked for nothing else (the body's paragraphs, the
opening lines, the recipients): ``str.strip`` keeps a text with nothing to strip as it is, where
pydantic's stripping makes every text again (to UTF-8 and back), a third of validating a plan."""

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64)]


def _not_yes_no(value: object) -> object:
    """Refuse yes/no where a whole number is expected (pydantic would read ``day: yes`` as day 1)."""
    if isinstance(value, bool):
        raise PydanticKnownError("int_type")
    return value


Whole = Annotated[int, BeforeValidator(_not_yes_no)]


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A day written ``yyyy-mm-dd``: how the registry's dates are stored as JSON (``parsed.py``)."""


def parse_date(value: object) -> object:
    """Return a date for text a clerk writes as one (``dd/mm/yyyy``, ``-`` or ``.`` also between
    the parts, or ``yyyy-m-d``: ``vn.parse_date``); other values unchanged. Raise ValueError for
    a day that does not exist, ``date-range`` for a year of other than four digits (``0000``).
    An ISO day (``_ISO_DAY``: every date of the stored registry, read by every build) is read by
    ``date.fromisoformat``, the same day ``vn.parse_date`` reads, in a third of the time; one it
    refuses is left to ``vn.parse_date``, which says why."""
    if isinstance(value, str):
        if _ISO_DAY.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        return vn.parse_date(value) or value
    return value


def date_in_range(value: dt.date) -> dt.date:
    """Return ``value`` when it is a date a clerk may write (``vn.in_range``); raise otherwise."""
    if not vn.in_range(value):
        raise ValueError("date-range")
    return value


def date_as_text(text: str) -> str:
    """Return ``text`` that is a date alone (``30/09/2024``, ``30-9-2024``, or ``2024-09-30``, which
    YAML reads as a date) written as body text writes dates (``30/9/2024``: ``vn.short_date``);
    any other text unchanged. Raise ValueError for a day that does not exist or is out of range
    (``30/09/0000``, ``30/09/99999`` too)."""
    day = vn.parse_date(text)
    return text if day is None else vn.short_date(date_in_range(day))


ClerkDate = Annotated[dt.date, BeforeValidator(parse_date), AfterValidator(date_in_range)]
"""A date as a clerk writes it (``15/11/2024`` or ``2024-11-15``), within ``vn.EARLIEST``–``vn.LATEST``."""


class Model(BaseModel):
    model_config = Strict


# ---------------------------------------------------------------- variables

class Agency(Model):
    """One body of the registry: a Sở, a district, a school, the issuing People's Committee…"""

    name: Text = Field(min_length=1)
    short_name: Optional[Text] = None
    abbreviation: Text = Field(pattern=r"^[A-ZĐ][A-Za-zĐđ0-9&]*$")
    parent: Optional[str] = None
    header_name: Optional[Text] = None
    place: Optional[Text] = None
    groups: tuple[str, ...] = ()
    head_title: Text = "GIÁM ĐỐC"
    units: dict[str, Text] = {}
    aliases: tuple[Text, ...] = ()
    merged_into: Optional[str] = None
    merged_on: Optional[ClerkDate] = None
    renamed_from: Optional[str] = None
    dissolved_on: Optional[ClerkDate] = None  # no longer exists from that day, with no single successor



class Group(Model):
    """A named set of agencies (“các Sở, ban, ngành”) that a task may name instead of listing members."""

    name: Text = Field(min_length=1)


class Registry(Model):
    """``variables/agencies.yaml``: every agency and group a plan may name."""

    groups: dict[Id, Group] = {}
    agencies: dict[Id, Agency]

    def place(self, agency: Agency, follow: Callable[[str], str] = lambda aid: aid) -> str | None:
        """Return the place of ``agency`` (NĐ30: where it sits), else its nearest parent's, each
        parent id taken through ``follow`` (``Plan.current_id``: the body that took a parent over by
        the plan's date; as written by default); None when no body in its chain has a ``place``."""
        seen: set[str] = set()
        while agency.place is None and agency.parent in self.agencies:
            parent = follow(agency.parent)
            if parent in seen:
                break
            seen.add(parent)
            agency = self.agencies[parent]
        return agency.place

    def current_id(self, agency_id: str, day: dt.date) -> str:
        """Return the id that stands for ``agency_id`` at ``day``: its ``merged_into`` chain followed
        through the merges made by then (itself if none); ``agency_id`` must be in the registry."""
        seen = {agency_id}
        agency = self.agencies[agency_id]
        while agency.merged_into and (agency.merged_on is None or agency.merged_on <= day):
            agency_id = agency.merged_into
            if agency_id in seen:
                break
            seen.add(agency_id)
            agency = self.agencies[agency_id]
        return agency_id

    def not_yet(self, agency_id: str, day: dt.date) -> dt.date | None:
        """Return the day ``agency_id`` comes into being when that is after ``day``, else None: a body
        that takes over another under a new name (``renamed_from``) from the day its predecessor
        merges into it; ``agency_id`` must be in the registry."""
        before = self.agencies.get(self.agencies[agency_id].renamed_from or "")
        if before is not None and before.merged_into == agency_id and before.merged_on is not None \
                and before.merged_on > day:
            return before.merged_on
        return None

    def dissolved(self, agency_id: str, day: dt.date) -> bool:
        """Return True when the body standing for ``agency_id`` at ``day`` (``current_id``) is
        dissolved by then (``dissolved_on``); ``agency_id`` must be in the registry."""
        return self.gone_by(self.current_id(agency_id, day), day)

    def gone_by(self, agency_id: str, day: dt.date) -> bool:
        """Return True when the body ``agency_id`` itself (merges already followed) is dissolved by
        ``day`` (``dissolved_on``); ``agency_id`` must be in the registry."""
        gone = self.agencies[agency_id].dissolved_on
        return gone is not None and gone <= day


class Signer(Model):
    """A person who signs: full name (no honorific) and their own title in capitals."""

    name: Text = Field(min_length=1)
    title: Text = Field(min_length=1)
    agency: Optional[str] = None
    """The id of the body the person belongs to (``so-khcn``): a letter another body sends is not
    theirs to sign (``spec.senders``); None: not said, only their title is checked."""


class Signers(Model):
    """``variables/signers.yaml``."""

    signers: dict[Id, Signer]


# ---------------------------------------------------------------- plan spec

class DocumentMeta(Model):
    """What identifies the document: issuer, number and date (blank in a draft), place, trích yếu."""

    issuer: str
    kind: Literal["ke-hoach"] = "ke-hoach"
    number: Optional[Whole] = Field(default=None, ge=1, le=99999)
    date: Optional[ClerkDate] = None
    year: Optional[Whole] = Field(default=None, ge=1945, le=2200)
    place: Optional[Text] = None
    title: Text = Field(min_length=1)
    drafting_unit: Text = Field(pattern=r"^[A-ZĐ][A-Za-zĐđ0-9&]*$")

    @field_validator("title")
    @classmethod
    def _no_final_stop(cls, title: str) -> str:
        """Return the trích yếu without its final stop (``vn.without_final_stop``: "./.", ".", ";",
        ":", ","; NĐ30 ends none, and the letters go on after it: "… về <trích yếu> (sau đây gọi tắt
        là Kế hoạch)"); refuse one with no letter or digit ("./.", "…", "-")."""
        kept = vn.without_final_stop(title)
        if not any(c.isalnum() for c in kept):
            raise ValueError("title-no-words")
        return kept

    @model_validator(mode="after")
    def _year_known(self) -> "DocumentMeta":
        if self.number is not None and self.date is None:
            raise ValueError("number-without-date")
        if self.date is not None and self.number is None:  # the year a draft would write instead
            raise ValueError(f"date-without-number:{self.date.year}")
        if self.date is None and self.year is None:
            raise ValueError("year-required")
        if self.date is not None and self.year is not None and self.date.year != self.year:
            raise ValueError("year-mismatch")
        return self

    @property
    def issue_year(self) -> int:
        """Return the year of issue (the date's, or the draft's ``year``)."""
        return self.date.year if self.date else int(self.year)  # type: ignore[arg-type]

    @property
    def as_of(self) -> dt.date:
        """Return the day the registry is read at for this document: its date, or 31 December of a
        draft's year."""
        return self.date or dt.date(self.issue_year, 12, 31)

    @property
    def is_draft(self) -> bool:
        """Return True while the number or the date is still blank."""
        return self.number is None or self.date is None


_NODE_KINDS = ("section", "point", "item", "paragraph")


class Node(Model):
    """One block of the body: a numbered ``section`` (heading) or ``point`` (numbered paragraph),
    an ``item`` ("-" bullet, "+" when nested) or a free ``paragraph``; any may be a ``task``."""

    section: Optional[Prose] = None
    point: Optional[Prose] = None
    item: Optional[Prose] = None
    paragraph: Optional[Prose] = None
    task: Optional[str] = Field(default=None, pattern=r"^[A-Za-z0-9Đđ][A-Za-z0-9Đđ._-]*$")
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    deadline: Optional[Text] = None
    product: Optional[Prose] = None
    children: tuple["Node", ...] = ()

    @model_validator(mode="after")
    def _one_kind(self) -> "Node":
        """Refuse a node with none or several of ``_NODE_KINDS``, or whose text is blank (checked
        for every node of every spec loaded: each field read once, no list made)."""
        texts = (self.section, self.point, self.item, self.paragraph)
        if texts.count(None) != 3:
            raise ValueError("node-kind:" + ",".join(k for k, text in zip(_NODE_KINDS, texts) if text is not None))
        if not (texts[0] or texts[1] or texts[2] or texts[3] or "").strip():  # the one text ("" is blank too)
            raise ValueError("node-empty")
        return self

    @field_validator("deadline")
    @classmethod
    def _deadline_date(cls, deadline: str | None) -> str | None:
        """Return the deadline as written, a date alone written the Vietnamese way (``date_as_text``)."""
        return date_as_text(deadline) if deadline is not None else None

    @property
    def kind_text(self) -> tuple[str, str]:
        """Return (``kind``, ``text``), each text field read once: the walks over every node of a
        plan ask both (its tasks: ``plan._collect_tasks``), and reading a pydantic model's field
        costs about four times a plain attribute's."""
        if (text := self.item) is not None:  # exactly one is set: the most common first
            return "item", text
        if (text := self.section) is not None:
            return "section", text
        if (text := self.paragraph) is not None:
            return "paragraph", text
        return "point", self.point

    @property
    def kind(self) -> str:
        """Return which of section/point/item/paragraph this node is (exactly one is set: the most
        common is looked for first, as ``kind_text`` does)."""
        if self.item is not None:
            return "item"
        if self.section is not None:
            return "section"
        return "paragraph" if self.paragraph is not None else "point"

    @property
    def text(self) -> str:
        """Return the node's text, whatever its kind."""
        return self.kind_text[1]


_PREFIX = re.compile(r"(?:T/M|K/T|T/L|TM|KT|TL|TUQ|Q)\.\s*|(?:TM|KT|TL|TUQ)\s+", re.IGNORECASE)
"""A signing prefix (``TM.``, ``KT.``, ``TL.``, ``TUQ.``, ``Q.``, or their slips) at the start of a title."""


class Signature(Model):
    """Signature block: ``TM. <collective>``, then ``KT./TL./TUQ./Q. <head title>``, then the signer."""

    collective: Optional[Text] = None
    authority: Optional[Literal["KT", "TL", "TUQ", "Q"]] = None
    head_title: Optional[Text] = None
    signer: str

    @field_validator("collective", "head_title")
    @classmethod
    def _no_prefix(cls, value: str | None) -> str | None:
        """Refuse a title written with its ``TM.``/``KT.``… prefix: the block prints the prefix itself
        (``TM.`` before ``collective``, ``authority`` before ``head_title``), so it would print twice."""
        if value is not None and (found := _PREFIX.match(value)):
            raise ValueError(f"signature-prefix:{found.group(0).strip()}:{value[found.end():].strip()}")
        return value

    @model_validator(mode="after")
    def _head_title(self) -> "Signature":
        if self.authority and not self.head_title:
            raise ValueError("head-title-required")
        return self


class Reporting(Model):
    """The yearly reporting duty: the date (15 November) and the body reports go through."""

    day: Whole = Field(ge=1, le=31)
    month: Whole = Field(ge=1, le=12)
    via: str
    to: Optional[str] = None
    years: tuple[Annotated[Whole, Field(ge=2000, le=2100)], ...] = ()
    signature: Optional[Signature] = None
    """The reminders' signature block (the monitor, ``via``, sends them); None: the dispatch
    signature when the monitor sends the dispatch letters, else the monitor's head (``signers.yaml``)."""

    @field_validator("years")
    @classmethod
    def _sorted_years(cls, years: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(sorted(set(years)))

    def deadline(self, year: int) -> dt.date:
        """Return the deadline of the report of ``year`` (15/11 of that year in the seed)."""
        return dt.date(year, self.month, self.day)

    @model_validator(mode="after")
    def _real_day(self) -> "Reporting":
        try:
            dt.date(2024, self.month, self.day)  # a leap year: accepts 29/2, rejects 31/4
        except ValueError:
            raise ValueError(f"day-of-month:{self.day}:{self.month}") from None
        if (self.day, self.month) == (29, 2):  # a yearly deadline must fall in every year
            raise ValueError("yearly-day")
        return self


DocNumber = Annotated[int, Field(ge=1, le=99999), BeforeValidator(_not_yes_no)]  # Field first: its bounds reach the JSON Schema


class Dispatch(Model):
    """How the per-agency dispatch letters are sent (issue 4): who sends, numbering, signer, and
    their own numbers and date (blank while they are drafts; the văn thư gives the numbers): one
    ``number`` for every letter, or ``numbers`` per agency id (which win over ``number``)."""

    sender: Literal["monitor", "issuer"] = "monitor"
    unit: Optional[Text] = Field(default=None, pattern=r"^[A-ZĐ][A-Za-zĐđ0-9&]*$")
    """The drafting unit in the letters' ký hiệu, one of the sender's ``units``; None: the plan's
    ``drafting_unit`` from the issuer, else the sender's first unit (``per_agency.sender_unit``)."""
    signature: Optional[Signature] = None
    number: Optional[DocNumber] = None
    numbers: dict[Id, DocNumber] = {}
    date: Optional[ClerkDate] = None
    dates: dict[Id, ClerkDate] = {}
    """The date of a letter sent apart from the batch, per agency id (one that first got a task
    after the batch was issued: ``cong_van_trien_khai.unsent``), with its own ``numbers`` entry."""
    reminder_days: Whole = Field(default=7, ge=1, le=90)
    _unsent: frozenset[str] = PrivateAttr(default=frozenset())

    @model_validator(mode="after")
    def _numbered_when_dated(self) -> "Dispatch":
        """A letter with a number is issued, so it has its date (a date without numbers is fine: the
        letters are dated, the văn thư gives the numbers letter by letter); a letter dated apart
        from the batch (``dates``) has its own number (``numbers``)."""
        if self.date is None and self.number is not None:
            raise ValueError("number-without-date")
        if self.date is None and self.numbers:
            raise ValueError("numbers-without-date")
        if any(aid not in self.numbers for aid in self.dates):
            raise ValueError("dates-without-numbers")
        return self

    def unsent(self, agency_ids: frozenset[str]) -> "Dispatch":
        """Return this dispatch with the letters to ``agency_ids`` drafts (no number, no date): they
        were not in the batch issued with ``number``/``date`` and have no ``dates`` of their own."""
        copy = self.model_copy()
        copy._unsent = frozenset(agency_ids)
        return copy

    def held(self, agency_id: str) -> bool:
        """Return True when the letter to ``agency_id`` is kept a draft, not sent with the batch (``unsent``)."""
        return agency_id in self._unsent

    def held_of(self, agency_ids: Iterable[str]) -> tuple[str, ...]:
        """Return those of ``agency_ids`` whose letters are kept drafts (``held``), in their order.
        For many letters at once: the private set is read once (pydantic's ``__getattr__`` reads
        a private attribute in about 18 k instructions, a plain field in one)."""
        unsent = self._unsent
        return tuple(aid for aid in agency_ids if aid in unsent)

    def number_for(self, agency_id: str) -> int | None:
        """Return the number of the letter to ``agency_id``: its own, else the batch's, else None
        (also for a letter not sent with the batch: ``unsent``)."""
        return None if agency_id in self._unsent else self.written_number(agency_id)

    def written_number(self, agency_id: str) -> int | None:
        """Return the number the spec gives the letter to ``agency_id`` (its own, else the batch's),
        even when the letter is kept a draft (``unsent``): the number a warning says it must not carry."""
        return self.numbers.get(agency_id, self.number)

    def date_for(self, agency_id: str) -> dt.date | None:
        """Return the date of the letter to ``agency_id``: its own (``dates``), else the batch's,
        else None (also for a letter not sent with the batch: ``unsent``)."""
        return None if agency_id in self._unsent else self.written_date(agency_id)

    def written_date(self, agency_id: str) -> dt.date | None:
        """Return the date the spec gives the letter to ``agency_id`` (its own, else the batch's),
        even when the letter is kept a draft (``unsent``), as ``written_number`` does its number."""
        return self.dates.get(agency_id, self.date)

    def is_draft(self, agency_id: str) -> bool:
        """Return True while the letter to ``agency_id`` has no number or no date."""
        return self._draft(agency_id, self._unsent)

    def drafts(self, agency_ids: Iterable[str]) -> frozenset[str]:
        """Return those of ``agency_ids`` whose letters are drafts (``is_draft``), the private set
        read once (``held_of``)."""
        unsent = self._unsent
        return frozenset(aid for aid in agency_ids if self._draft(aid, unsent))

    def _draft(self, agency_id: str, unsent: frozenset[str]) -> bool:
        """Return ``is_draft``'s answer, ``unsent`` being the letters kept drafts: no number (``number_for``)
        or no date (``date_for``)."""
        return agency_id in unsent or self.written_number(agency_id) is None or self.written_date(agency_id) is None

    @property
    def numbered(self) -> bool:
        """Return True when any letter has a number."""
        return self.number is not None or bool(self.numbers)


class PlanSpec(Model):
    """A plan spec file: the kế hoạch and everything the per-agency documents need."""

    variables: str = ".."
    revises: str | None = None
    """The spec of the plan this one amends (kế hoạch sửa đổi, bổ sung), from this file's folder."""
    document: DocumentMeta
    opening: tuple[Prose, ...] = ()
    can_cu: tuple[Prose, ...] = ()
    body: tuple[Node, ...] = Field(min_length=1)
    reporting: Reporting
    recipients: tuple[Prose, ...] = Field(min_length=1)
    signature: Signature
    dispatch: Dispatch = Dispatch()

    @property
    def first_report_year(self) -> int:
        """Return the year of the first report: the plan's year of issue, or the next one when the
        plan is dated on or after that year's deadline (a plan of 20/12/2024 is first reported on
        by 15/11/2025: no report is due before the plan, or on the day it is issued)."""
        year, issued = self.document.issue_year, self.document.date
        return year + 1 if issued is not None and issued >= self.reporting.deadline(year) else year
