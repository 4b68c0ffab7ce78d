"""The reminder (công văn đôn đốc, mẫu 1.5) to an agency that missed the yearly report.

Not part of ``build``: ``khcn-docs remind`` makes these for overdue agencies only (see
``khcn_docs.reminders``). Round 1 asks for the report by a new date; later rounds say which round
they are and ask the head of the agency to act at once. ``--combined`` writes one letter per
round to every overdue agency, with a Kính gửi list.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from itertools import takewhile

from khcn_docs import vn
from khcn_docs.documents import common, cong_van_trien_khai, ke_hoach, per_agency
from khcn_docs.documents.unit import Unit
from khcn_docs.plan import Plan

KIND = "cong-van-don-doc"
TEMPLATE = "cong-van-don-doc.docx"
ORDINALS = {2: "hai", 3: "ba", 4: "tư", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín", 10: "mười"}
COMBINED_FOLDER = "don-doc-chung"
SEVERAL = "các cơ quan, đơn vị nêu trên"
HEADS = "Thủ trưởng các cơ quan, đơn vị"  # the heads of several bodies other than People's Committees
COMMITTEES = f"{per_agency.COMMITTEE} các "


@dataclass(frozen=True)
class Due:
    """A reminder to write: the agency owing the report, the year's cycle, its round, the previous
    round's date, the body the letter goes to (``to``: the agency itself when None, or the body
    it has since merged into or been renamed as), the body the previous round's letter asked
    (``previous_of``: the agency itself when None, or a body merged into it or renamed as it,
    reminded under its own id before the registry said so), the day that letter asked the report
    by (``previous_by``) and its file (``previous_file``: letters sharing one are one letter)."""

    agency: str
    year: int
    round: int
    previous: dt.date | None = None
    to: str | None = None
    previous_of: str | None = None
    previous_by: dt.date | None = None
    previous_file: str | None = None

    @property
    def addressee(self) -> str:
        """Return the id of the body the letter goes to."""
        return self.to or self.agency

    @property
    def passed_on(self) -> bool:
        """Return True when the letter goes to another body than the one owing the report."""
        return self.addressee != self.agency


def file_name(year: int, round_: int) -> str:
    """Return the reminder's file name in the agency's folder: ``cong-van-don-doc-2024-lan-1.docx``."""
    return f"cong-van-don-doc-{year}-lan-{round_}.docx"


def combined_path(year: int, round_: int, issued: dt.date) -> str:
    """Return the combined letter's path in the plan folder (dated: later batches get their own file)."""
    return f"{COMBINED_FOLDER}/cong-van-don-doc-{year}-lan-{round_}-{issued.isoformat()}.docx"


def symbol(plan: Plan) -> str:
    """Return the reminder's ký hiệu: the monitor's abbreviation and drafting unit (``SKHCN-QLKH``)."""
    monitor = plan.monitor_id
    return f"{plan.agency(monitor).abbreviation}-{per_agency.sender_unit(plan, monitor)}"


def vv(plan: Plan, round_: int) -> str:
    """Return ``V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số …/KH-UBND`` (``(lần 2)`` from round 2)."""
    number = plan.spec.document.number
    text = (f"V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số "
            f"{vn.number_str(number) if number else ' ' * 6}/{ke_hoach.symbol(plan)}")
    return text + (f" (lần {round_})" if round_ > 1 else "")


def form_cited(plan: Plan, due: list[Due]) -> str:
    """Return where the report form came from: once the letters are issued, the agency's own
    dispatch letter by its number and date, or, to a body formed or merged into since, the letters
    to the bodies it took over, with whom each went to (without "của …" when the reminder's sender,
    the monitor, sent them too; without "gửi …" when the one letter went to the addressee itself,
    which Kính gửi names: Sở Xây dựng's, carrying Sở GTVT's late form); one reminder to several agencies cites the monitor's own letters
    they hold, each number once in the Kính gửi order (``cong_van_trien_khai.cited_together``), the
    issuer's only when all got the same letter number; else (a draft among them, or a body holding
    no letter) in general."""
    sent = plan.as_issued
    held = [cong_van_trien_khai.letters_held(plan, d.agency) for d in due]
    if len(due) == 1 and held[0] == (due[0].addressee,) and due[0].passed_on:  # Kính gửi names whom it went to
        dispatch = cong_van_trien_khai.reference(sent, due[0].addressee, plan.monitor_id)
    elif len(due) == 1 and (held[0] != (due[0].agency,) or due[0].passed_on):  # says whom it went to
        dispatch = cong_van_trien_khai.references(sent, held[0], plan.monitor_id)
    elif per_agency.sender_id(sent) == plan.monitor_id:  # its own letters: the ký hiệu says whose
        dispatch = (cong_van_trien_khai.cited_together(sent, _in_kinh_gui_order(due, held))
                    if all(held) else None)  # a body holding none: no letter speaks for all
    else:
        own = {cong_van_trien_khai.reference(sent, d.agency, plan.monitor_id) if h == (d.agency,) else None
               for d, h in zip(due, held)}
        dispatch = own.pop() if len(own) == 1 else None
    return f"biểu mẫu gửi kèm {dispatch}" if dispatch else "biểu mẫu đã gửi kèm công văn triển khai Kế hoạch"


def _in_kinh_gui_order(due: list[Due], held: list[tuple[str, ...]]) -> list[str]:
    """Return the agencies whose letters ``due`` hold (``held``, one tuple per due) in the Kính gửi
    order: by the first place of each one's addressee among ``due`` (a successor's predecessors'
    letters at the successor's place: Sở Tài chính's, then Sở KH&ĐT's merged into it)."""
    place = {to: i for i, to in enumerate(dict.fromkeys(d.addressee for d in due))}
    ranked = sorted(zip(due, held), key=lambda pair: place[pair[0].addressee])  # stable: due order within one
    return [aid for _, ids in ranked for aid in ids]


def former(plan: Plan, due: Due) -> str:
    """Return the body owing the report as a letter to its successor names it (``per_agency.former``):
    ``Sở Giao thông vận tải (nay đã hợp nhất vào Sở Xây dựng)``."""
    return per_agency.former(plan, due.agency, due.addressee)


def asked_before(plan: Plan, due: Due) -> bool:
    """Return True when the previous round about ``due``'s report went, as this one does, to the
    body that took it over (written after the merger or rename: lần 5 of 15/4/2025 asked Sở Xây
    dựng for Sở GTVT's report); False when it went to the body owing it, or there was none."""
    if due.previous is None or not due.passed_on:
        return False
    return per_agency.on_day(plan, due.previous).current_id(due.agency) == due.addressee


def asked_last(plan: Plan, due: Due) -> str:
    """Return the body the previous round about ``due``'s report asked, as this letter names it:
    ``former`` of ``due.previous_of`` when that round went to a body since merged into the one
    owing the report (``Sở Tư pháp (nay đã hợp nhất vào Sở Nội vụ)``), else the owner as
    ``owners`` names it."""
    if due.previous_of:
        return former(plan, Due(due.previous_of, due.year, due.round, to=due.addressee))
    return owner_named(plan, due)


def asked_of(plan: Plan, due: Due) -> str:
    """Return the id of the body the previous round's letter about ``due``'s report went to: the
    body standing for the owner on that letter's day (Sở Xây dựng for Sở GTVT's report chased on
    01/4/2025, Sở GTVT itself before 01/3/2025)."""
    return per_agency.on_day(plan, due.previous).current_id(due.agency)


def asked_together(plan: Plan, due: list[Due]) -> str:
    """Return whom the previous round's letters to several asked, each body once, in ``due`` order,
    with whose reports when it was asked for another's: ``Sở Nội vụ (báo cáo của Sở Nội vụ và của
    Sở Lao động - Thương binh và Xã hội), Sở Xây dựng (báo cáo của Sở Giao thông vận tải)``; a body
    asked only for its own report by its name, or as ``former`` when its successor is asked now;
    a round that went to a body merged since under that body's id, as ``asked_last`` says it."""
    asked: dict[str, list[Due]] = {}
    for d in due:
        key = f"{d.previous_of}>{d.agency}" if d.previous_of else asked_of(plan, d)  # a merged body's own: apart
        asked.setdefault(key, []).append(d)
    return ", ".join(_asked_said(plan, to, group) for to, group in asked.items())


def _asked_said(plan: Plan, to: str, group: list[Due]) -> str:
    """Return one body ``to`` the previous round asked for the reports of ``group`` (``asked_together``)."""
    if group[0].previous_of:
        return asked_last(plan, group[0])
    if [d.agency for d in group] == [to]:
        return owner_named(plan, group[0])
    whose = vn.listed([f"của {per_agency.name(plan, d.agency)}" for d in group])
    return f"{per_agency.name(plan, to)} (báo cáo {whose})"


def owners(plan: Plan, due: list[Due]) -> str:
    """Return the bodies whose reports a letter to several asks for, each by its name, or as
    ``former`` when its successor is asked: a successor listed in Kính gửi may have sent its own
    report, and a body formed since got no earlier reminder, so "các cơ quan, đơn vị nêu trên"
    would not say whose reports are missing."""
    return ", ".join(owner_named(plan, d) for d in due)


def owner_named(plan: Plan, due: Due) -> str:
    """Return the body owing ``due``'s report by its name, or as ``former`` when its successor is asked."""
    return former(plan, due) if due.passed_on else per_agency.name(plan, due.agency)


def sent_to(plan: Plan) -> str:
    """Return where the plan has the reports sent, as a reminder recalls it: ``gửi Ủy ban nhân dân
    tỉnh Quảng Trị (qua Sở Khoa học và Công nghệ)``, or ``gửi về Sở Khoa học và Công nghệ`` when
    the reports end at the monitor (``per_agency.upward``), named once."""
    above = per_agency.upward(plan)
    return (f"gửi {per_agency.through(plan, above, plan.monitor_id)}" if above
            else f"gửi về {per_agency.name(plan, plan.monitor_id)}")


def heads(plan: Plan, due: list[Due]) -> str:
    """Return whom a firmer round asks to act: the head of its one addressee (``per_agency.head_named``:
    ``Chủ tịch Ủy ban nhân dân huyện Cồn Cỏ``); to several, the heads of the bodies other than
    People's Committees (``Thủ trưởng các cơ quan, đơn vị``), then the Chủ tịch of the committees
    (``committee_heads``), each kind only when the letter goes to it."""
    ids = list(dict.fromkeys(d.addressee for d in due))
    if len(ids) == 1:
        return per_agency.head_named(plan, ids[0])
    committees = [aid for aid in ids if per_agency.collective_of(plan.agency(aid))]
    others = [aid for aid in ids if aid not in committees]
    named = [per_agency.head_named(plan, others[0]) if len(others) == 1 else HEADS] if others else []
    if committees:
        named.append(per_agency.head_named(plan, committees[0]) if len(committees) == 1
                     else committee_heads(plan, committees))
    return ", ".join(named)


def committee_heads(plan: Plan, ids: list[str]) -> str:
    """Return the Chủ tịch of several People's Committees together: by the name of a registry group
    of committees when they are all of its members (``Chủ tịch Ủy ban nhân dân các huyện, thị xã,
    thành phố``), else by their levels as their names say them (``levels_said``: ``Chủ tịch Ủy ban
    nhân dân các huyện``; the group's name would also ask the thị xã and thành phố the letter does
    not go to)."""
    title = per_agency.head_title(plan.agency(ids[0]))
    wanted = frozenset(ids)
    for gid, group in plan.registry.groups.items():
        if plan.group_sets.get(gid) == wanted and (named := vn.nfc(group.name)).startswith(COMMITTEES):
            return f"{title} {named}"
    return f"{title} {per_agency.COMMITTEE} {levels_said(plan, ids)}"


def levels_said(plan: Plan, ids: list[str]) -> str:
    """Return the committees ``ids`` as said after "Ủy ban nhân dân": first each committee alone at
    its level by its own name, never "các" for one; then the levels of several, in order of first
    mention, once each after one "các" (``thị xã Quảng Trị và các huyện``, ``các huyện, thành phố``)."""
    skip = len(per_agency.COMMITTEE.split())
    after = {aid: per_agency.name(plan, aid).split()[skip:] for aid in ids}
    levels = {aid: " ".join(takewhile(str.islower, words)) for aid, words in after.items()}
    counts = Counter(levels.values())
    singles = [" ".join(after[aid]) for aid in ids if counts[levels[aid]] == 1]
    several = [level for level in dict.fromkeys(levels.values()) if counts[level] > 1]
    return vn.listed(singles + ([f"các {', '.join(several)}"] if several else []))


def earlier_cited(plan: Plan, due: list[Due]) -> tuple[str, str]:
    """Return (the previous round's letters as a firmer round cites them, the day they asked the
    report by, as said after the request): one letter by its number, left blank for the clerk (the
    tracking file has none), and date, ``Công văn số      /SKHCN-QLKH ngày 16/11/2024``, ``
    chậm nhất ngày 22/11/2024``; several of one day and one new deadline, ``các công văn ngày
    16/11/2024``; of several days, each with the day it gave, ``các công văn ngày 16/11/2024 (hạn
    báo cáo ngày 22/11/2024) và ngày 18/11/2024 (hạn báo cáo ngày 26/11/2024)``, "". The plan's own
    deadline is not the one they missed last (``paragraphs``)."""
    rounds = _previous_rounds(due)
    if not rounds:
        return "công văn", ""
    if len(rounds) > 1:
        said = [f"ngày {vn.short_date(day)}" + (f" (hạn báo cáo ngày {vn.short_date(by)})" if by else "")
                for day, by in rounds]
        return f"các công văn {vn.listed(said)}", ""
    [(day, by)] = rounds
    letters = (f"Công văn số {' ' * 6}/{symbol(per_agency.on_day(plan, day))} ngày {vn.short_date(day)}"
               if cites_unnumbered(due)
               else f"các công văn ngày {vn.short_date(day)}")
    return letters, f" chậm nhất ngày {vn.short_date(by)}" if by else ""


def _previous_rounds(due: list[Due]) -> list[tuple[dt.date, dt.date | None]]:
    """Return the previous rounds ``due`` follow, each (its letters' date, the day they asked the
    report by) once, in ``due`` order; [] for a first round."""
    return list(dict.fromkeys((d.previous, d.previous_by) for d in due if d.previous is not None))


def cites_unnumbered(due: list[Due]) -> bool:
    """Return True when the letter to ``due`` cites the previous round's letter by its number, left
    blank (``earlier_cited``): one previous round, all in one letter (one file); the clerk writes
    the number in by hand."""
    return len(_previous_rounds(due)) == 1 and len({d.previous_file for d in due}) == 1


def paragraphs(plan: Plan, who: str, due: list[Due], as_of: dt.date, by: dt.date) -> list[str]:
    """Return the body: the duty cited, the missed date (from round 2: the previous round's letter
    and the date it asked the report by, ``earlier_cited``), the request with its new date; a report
    owed by a body since merged or renamed is asked of its successor, naming it."""
    monitor, onward = per_agency.name(plan, plan.monitor_id), per_agency.onward(plan)
    year, round_ = due[0].year, due[0].round
    missed = vn.short_date(per_agency.due_date(plan, year))
    passed = [former(plan, d) for d in due if d.passed_on]
    single = passed if len(due) == 1 else []  # one letter to a successor: said in its sentences
    owner = single[0] if single else owners(plan, due) if passed else who
    of_former = f" của {per_agency.name(plan, due[0].agency)}" if single else ""
    several = [sent_instead(plan, due)] if passed and not single else []
    duty = (f"Theo {per_agency.plan_cited(plan)}, các cơ quan, đơn vị báo cáo "
            f"kết quả thực hiện Kế hoạch chậm nhất {per_agency.yearly_deadline_text(plan)}, {sent_to(plan)}.")
    if round_ == 1:
        return [duty,
                f"Đến ngày {vn.short_date(as_of)}, đã quá thời hạn báo cáo năm {year} (ngày {missed}) "
                f"nhưng {monitor} chưa nhận được báo cáo của {owner}.",
                f"Để kịp thời tổng hợp{onward} theo quy định, {monitor} đề nghị {who} khẩn trương "
                f"hoàn thành báo cáo kết quả thực hiện Kế hoạch năm {year}{of_former} theo {form_cited(plan, due)}, "
                f"gửi về {monitor} chậm nhất ngày {vn.short_date(by)}.",
                *several,
                f"Đề nghị {who} quan tâm, thực hiện./."]
    letters, by_said = earlier_cited(plan, due)
    to_successor = bool(single) and asked_before(plan, due[0])  # the last round went to the successor too
    if len(due) > 1 and (passed or any(d.previous_of for d in due)):  # each body asked, with whose reports
        owner = asked_together(plan, due)
    elif any(d.previous_of for d in due):  # the last round went to a body merged since: named
        owner = asked_last(plan, due[0])
    asked = (f"{who} gửi báo cáo kết quả thực hiện Kế hoạch năm {year}{of_former}" if to_successor
             else f"{owner} gửi báo cáo kết quả thực hiện Kế hoạch năm {year}")
    # a successor is told whose report is still missing, the merger said once in the two sentences
    missing = (f" của {single[0]}" if to_successor else of_former) if single else ""
    return [duty,
            f"{monitor} đã có {letters} đôn đốc (lần {round_ - 1}), đề nghị {asked}{by_said}. Tuy nhiên, "
            f"đến ngày {vn.short_date(as_of)}, {monitor} vẫn chưa nhận được báo cáo{missing}.",
            f"Đây là lần đôn đốc thứ {ORDINALS.get(round_, str(round_))}. {monitor} đề nghị {heads(plan, due)} "
            f"khẩn trương chỉ đạo hoàn thành và gửi báo cáo về {monitor} chậm nhất ngày {vn.short_date(by)}. "
            f"Quá thời hạn trên, {monitor} sẽ tổng hợp{onward} danh sách các cơ quan, đơn vị chưa "
            f"thực hiện chế độ báo cáo theo quy định.",
            *several,
            f"Đề nghị {who} nghiêm túc thực hiện./."]


def sent_instead(plan: Plan, due: list[Due]) -> str:
    """Return, in a letter to several, who sends the reports of the bodies merged or renamed since:
    ``Đối với báo cáo của Sở Giao thông vận tải, đề nghị Sở Xây dựng gửi thay; báo cáo của Sở Nông
    nghiệp và Phát triển nông thôn do Sở Nông nghiệp và Môi trường gửi.`` (each successor once, the
    bodies merged into it together; a renamed body is the same body: its new name simply reports)."""
    merged: dict[str, list[str]] = {}
    renamed = []
    for d in (d for d in due if d.passed_on):
        old, new = per_agency.name(plan, d.agency), per_agency.name(plan, d.addressee)
        if plan.how_gone(d.agency) == "renamed":
            renamed.append(f"báo cáo của {old} do {new} gửi")
        else:
            merged.setdefault(new, []).append(old)
    clauses = [f"báo cáo của {', '.join(olds)}, đề nghị {new} gửi thay" for new, olds in merged.items()]
    text = "; ".join(clauses + renamed)
    return (f"Đối với {text}." if clauses else text[0].upper() + text[1:] + ".")


def context(plan: Plan, due: list[Due], as_of: dt.date, by: dt.date) -> dict:
    """Return the render context of one reminder to the agencies of ``due`` (one round, one year),
    ``plan`` read as the bodies stand on ``as_of``, the letter's date."""
    monitor = plan.monitor_id
    names = list(dict.fromkeys(per_agency.name(plan, d.addressee) for d in due))  # a successor once
    who = names[0] if len(names) == 1 else SEVERAL
    return {
        "hdr": per_agency.agency_header(plan, monitor, as_of, as_of.year),
        "doc": {"number_line": common.number_line(None, symbol(plan)), "vv": vv(plan, due[0].round)},
        "kg": per_agency.kinh_gui(names),
        "body": per_agency.body(*paragraphs(plan, who, due, as_of, by)),
        "recipients": per_agency.copied(plan),
        "archive": per_agency.sender_unit(plan, monitor),
        "sig": per_agency.reminder_signature(plan),
    }


def batches(due: list[Due], combined: bool) -> list[list[Due]]:
    """Return the letters to write: one per body written to and round (Sở Nội vụ asked for its own
    report and Sở LĐ-TB&XH's in one letter), or (``combined``) one per round with every agency due."""
    if combined:
        return [[d for d in due if d.round == r] for r in sorted({d.round for d in due})]
    letters: dict[tuple[str, int], list[Due]] = {}
    for d in due:
        letters.setdefault((d.addressee, d.round), []).append(d)
    return list(letters.values())


def label(plan: Plan, due: Due, *more: Due) -> str:
    """Return who a single reminder is to, for a clerk's screen: ``Sở Xây dựng (báo cáo của Sở Giao
    thông vận tải)`` when the report is asked of a successor; with ``more`` reports in the letter,
    each: ``Sở Nội vụ (báo cáo của Sở Nội vụ và của Sở Lao động - Thương binh và Xã hội)``."""
    to = per_agency.name(plan, due.addressee)
    if not more and not due.passed_on:
        return to
    return f"{to} (báo cáo {vn.listed([f'của {per_agency.name(plan, d.agency)}' for d in (due, *more)])})"


def units(plan: Plan, due: list[Due], as_of: dt.date, by: dt.date, combined: bool = False) -> list[Unit]:
    """Return the reminder units for ``due``, in the order of ``batches(due, combined)``, ``plan``
    read as the bodies stand on ``as_of`` (who writes, to whom); a single letter goes in the
    folder of the agency owing its (first) report, also when its successor gets it: no earlier
    letter about another report can be at that path, as that agency's report is at this round."""
    out = []
    for group in batches(due, combined):
        first = group[0]
        out_path = (combined_path(first.year, first.round, as_of) if combined else
                    f"{per_agency.folder(plan, first.agency)}/{file_name(first.year, first.round)}")
        core = {"title": vv(plan, first.round), "creator": per_agency.name(plan, plan.monitor_id),
                "subject": f"{symbol(plan)} {first.year}", "created": as_of}
        who = SEVERAL if combined else label(plan, *group)
        out.append(Unit(KIND, None if combined else first.agency, TEMPLATE, out_path,
                        context(plan, group, as_of, by), core, f"{who} — đôn đốc lần {first.round}"))
    return out
