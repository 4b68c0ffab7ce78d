"""What every per-agency document shares: who sends, who reports, folders, task lines, dates.

The dispatch (công văn triển khai), the report form (báo cáo) and the reminder (công văn đôn đốc)
all speak about one agency's tasks in the plan; this module says how, once.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from khcn_docs import measure, vn, workdays
from khcn_docs.documents import common, ke_hoach
from khcn_docs.paths import safe_name
from khcn_docs.plan import LEAD, SUPPORT, Plan, Task
from khcn_docs.spec.models import Agency

ROLE_NAMES = {LEAD: "Chủ trì", SUPPORT: "Phối hợp"}  # the report form's "Vai trò" column
ROLE_GROUPS = {LEAD: "Nhiệm vụ chủ trì thực hiện:", SUPPORT: "Nhiệm vụ phối hợp thực hiện:"}  # the letter's lead-ins
DOTS = "…"
NAME_BLANK = DOTS * 12  # where the head writes their name
COMMITTEE = "Ủy ban nhân dân"  # a People's Committee's name starts so; its head signs "TM. ỦY BAN NHÂN DÂN"
BODY_LINE_PT = common.TEXT_WIDTH_PT - 1.0 / 2.54 * 72  # text width less the 1 cm first-line indent


def sender_id(plan: Plan) -> str:
    """Return the id of the body that sends dispatches: the monitor, or the issuer if the spec says so
    (each as it stands at the plan's date, merges followed)."""
    return plan.issuer_id if plan.spec.dispatch.sender == "issuer" else plan.monitor_id


def recipients(plan: Plan) -> tuple[str, ...]:
    """Return ids of agencies that get per-agency documents: assigned ones except the issuer (merges
    followed, as the assigned ones are), registry order."""
    issuer, assigned = plan.issuer_id, plan.assigned_agencies
    return tuple(aid for aid in assigned if aid != issuer) if issuer in assigned else assigned


def tracked(plan: Plan) -> tuple[str, ...]:
    """Return ids of agencies that owe the monitor a yearly report (every recipient but the monitor)."""
    monitor = plan.monitor_id
    return tuple(aid for aid in recipients(plan) if aid != monitor)


def followed(plan: Plan) -> tuple[str, ...]:
    """Return ids of agencies whose yearly reports the plan follows, registry order: those it
    tracks at its own date and on its first reporting deadline. They differ for a draft, read at
    31 December, when a body merged or dissolved between the deadline and then still owed that
    year's report."""
    ids = set(tracked(plan)) | set(tracked(for_year(plan, first_year(plan))))
    return tuple(sorted(ids, key=plan.position))


def folder(plan: Plan, agency_id: str) -> str:
    """Return the agency's folder name: ``NN-<ascii name>`` with NN its place in the registry
    (stable); worked out once per agency and plan (``Plan.folders``: its letter and its forms ask)."""
    known = plan.folders.get(agency_id)
    if known is None:
        agencies = plan.registry.agencies  # NN as wide as the registry's count, two digits at least
        number = str(plan.position(agency_id)).zfill(max(2, len(str(len(agencies)))))
        known = plan.folders[agency_id] = f"{number}-{safe_name(agencies[agency_id].name)}"
    return known


def name(plan: Plan, agency_id: str) -> str:
    """Return the agency's full official name (what Kính gửi and body sentences print), in NFC;
    worked out once per agency and plan (``Plan.names``: every unit's label, and its letters, ask)."""
    known = plan.names.get(agency_id)
    if known is None:
        known = plan.names[agency_id] = vn.nfc(plan.agency(agency_id).name)
    return known


def first_year(plan: Plan) -> int:
    """Return the first reporting year: the plan's year of issue, or the next one when the plan is
    dated on or after that year's deadline (``PlanSpec.first_report_year``)."""
    return plan.spec.first_report_year


def report_years(plan: Plan) -> tuple[int, ...]:
    """Return the years report forms are made for: ``reporting.years``, else the year of issue."""
    return plan.spec.reporting.years or (first_year(plan),)


def deadline(plan: Plan, year: int) -> dt.date:
    """Return the reporting deadline of ``year`` (15 November in the seed)."""
    return plan.spec.reporting.deadline(year)


def due_date(plan: Plan, year: int) -> dt.date:
    """Return the last day the report of ``year`` is on time: its yearly due day (``yearly_due``),
    or, when the dispatch letters carrying the form are dated after it (``sent_late``), the last
    day they give (``late_due``): nobody can be late with a report asked for after its deadline."""
    yearly = yearly_due(plan, year)
    return late_due(plan) if _sent_after(plan, yearly) else yearly


def yearly_due(plan: Plan, year: int) -> dt.date:
    """Return the last day the report of ``year`` is on time by the yearly deadline: the deadline,
    or the next working day when it is a day off (Bộ luật Dân sự 2015, Điều 148 khoản 5;
    ``workdays``): 15/11/2025 is a Saturday, so the 2025 report is on time until Monday 17/11/2025."""
    return workdays.on_or_after(deadline(plan, year))


def due_said(plan: Plan, year: int) -> str:
    """Return the deadline of ``year`` as every message says it (``workdays.deadline_said``), the
    day the documents give (``due_date``): ``15/11/2024``, or ``17/11/2025 (15/11/2025 là ngày
    nghỉ)``; or the day the dispatch letters give when they carried the form after it
    (``sent_late``): ``30/12/2024 (công văn triển khai ngày 23/12/2024 gửi biểu mẫu sau hạn 15/11/2024)``."""
    from khcn_docs.i18n import t

    said = workdays.deadline_said(deadline(plan, year))
    if (sent := sent_late(plan, year)) is None:
        return said
    return t("track.deadline_late_form", due=vn.short_date(due_date(plan, year)), date=vn.short_date(sent),
             deadline=said)


def sent_late(plan: Plan, year: int, agency_id: str | None = None) -> dt.date | None:
    """Return the date of the dispatch letters (of the one to ``agency_id``: ``sent_on``) when it is
    after the yearly due day of the report of ``year`` (``yearly_due``: the 2024 form sent on
    23/12/2024 for 15/11/2024), else None (also while the letters are undated)."""
    return _sent_after(plan, yearly_due(plan, year), agency_id)


def sent_on(plan: Plan, agency_id: str | None = None) -> dt.date | None:
    """Return the date of the batch of dispatch letters (``dispatch.date``), or, given ``agency_id``,
    of the letter to it (its own ``dispatch.dates`` entry, else the batch's; None while a draft)."""
    disp = plan.spec.dispatch
    return disp.date if agency_id is None else disp.date_for(agency_id)


def _sent_after(plan: Plan, day: dt.date, agency_id: str | None = None) -> dt.date | None:
    """Return the date of the dispatch letters (``sent_on``) when it is after ``day``, else None (also while undated)."""
    sent = sent_on(plan, agency_id)
    return sent if sent is not None and sent > day else None


def late_due(plan: Plan, agency_id: str | None = None) -> dt.date:
    """Return the last day the dispatch letters (the one to ``agency_id``: ``sent_on``) give for a
    report whose yearly deadline had passed when they were sent (``sent_late``):
    ``dispatch.reminder_days`` days counting their date, as a reminder gives (``reply_by``: sent
    23/12/2024, due 30/12/2024, 29/12 being a Sunday)."""
    return reply_by(plan, sent_on(plan, agency_id))


def late_years(plan: Plan, agency_id: str | None = None) -> tuple[int, ...]:
    """Return the years of ``reporting.years`` whose form the dispatch letters (the one to
    ``agency_id``: ``sent_on``) carry after the yearly deadline (``sent_late``): their letters give
    those reports a date of their own."""
    return tuple(year for year in report_years(plan) if sent_late(plan, year, agency_id))


def reply_by(plan: Plan, day: dt.date) -> dt.date:
    """Return the last day a reminder written on ``day`` gives for the report: ``dispatch.reminder_days``
    days counting ``day`` as the first (16/11/2024 → 22/11/2024), moved to the next working day
    when that is a day off; the next round may come the day after it."""
    return workdays.on_or_after(day + dt.timedelta(days=plan.spec.dispatch.reminder_days - 1))


def for_year(plan: Plan, year: int) -> Plan:
    """Return the plan as its agencies stand for the report of ``year``: the registry read on that
    year's deadline (never before the plan's own date), so a body merged into another by then has
    passed its tasks on and a dissolved one has none; the plan itself when no merger or
    dissolution falls in between (the 2024 plan's 2024 report)."""
    return on_day(plan, deadline(plan, year))


def first_report_view(plan: Plan) -> Plan:
    """Return the plan as its agencies stand for its first report, the earliest year of
    ``reporting.years`` (``for_year``): whether a dispatch letter's addressee still reports itself
    then, reports through a body that took it over, or is dissolved (``cong_van_trien_khai.reported_by``)."""
    return for_year(plan, min(report_years(plan)))


def on_day(plan: Plan, day: dt.date) -> Plan:
    """Return the plan as its agencies stand on ``day`` (never before an issued plan's date; a
    draft, read at 31 December, is read earlier in its year when asked): the plan itself when no
    merger or dissolution falls in between, else the registry read on ``day`` (to whom a letter
    written that day can go)."""
    issued = plan.spec.document.date
    day = max(day, issued) if issued is not None else day
    first, last = sorted((plan.as_of, day))
    changes = plan.registry_changes
    after = bisect.bisect_right(changes, first)  # the first change after ``first``
    if after == len(changes) or changes[after] > last:
        return plan
    return plan.at(day)


def yearly_deadline_text(plan: Plan) -> str:
    """Return ``ngày 15 tháng 11 hằng năm`` (``yearly_day_text``): the day itself is on time, so
    the letters say ``chậm nhất ngày 15 tháng 11 hằng năm``, as the plan says ``vào ngày 15 …``."""
    return f"{yearly_day_text(plan)} hằng năm"


def yearly_day_text(plan: Plan) -> str:
    """Return the yearly report day as texts say it: ``ngày 15 tháng 11`` (ND30 day/month forms)."""
    rep = plan.spec.reporting
    return f"ngày {vn.day_str(rep.day)} tháng {vn.month_str(rep.month)}"


def former(plan: Plan, agency_id: str, to: str) -> str:
    """Return ``agency_id`` as a letter to ``to``, the body standing for it in ``plan``, names it:
    ``Sở Giao thông vận tải (nay đã hợp nhất vào Sở Xây dựng)``, ``Ban Dân tộc tỉnh (nay là Sở Dân
    tộc và Tôn giáo)`` (renamed, ``Plan.how_gone``). No day: the letters read the registry on the
    days ``diff`` compares only."""
    return f"{name(plan, agency_id)} ({now_said(plan, agency_id, to)})"


def now_said(plan: Plan, agency_id: str, to: str) -> str:
    """Return what ``agency_id`` is now, ``to`` standing for it in ``plan``: ``nay đã hợp nhất vào
    Sở Xây dựng``, ``nay là Sở Dân tộc và Tôn giáo`` (renamed); ``former`` puts it in parentheses."""
    how = "nay là" if plan.how_gone(agency_id) == "renamed" else "nay đã hợp nhất vào"
    return f"{how} {name(plan, to)}"


def report_to(plan: Plan, agency_id: str) -> str:
    """Return the id the agency's report is addressed to: the monitor, or above it for the monitor itself."""
    if agency_id != plan.monitor_id:
        return plan.monitor_id
    return plan.current_id(plan.spec.reporting.to) if plan.spec.reporting.to else plan.issuer_id


def upward(plan: Plan) -> str | None:
    """Return the id of the body the monitor passes the reports on to (``reporting.to``, else the
    issuer: UBND tỉnh in the seed); None when that is the monitor itself (a plan issued by the Sở
    that collects its reports, without ``reporting.to``), where the reports end: the letters then
    say "gửi về Sở Khoa học và Công nghệ." once, with no "(qua …)" and no "(b/c)" to the sender."""
    above = report_to(plan, plan.monitor_id)
    return None if above == plan.monitor_id else above


def report_route(plan: Plan, agency_id: str) -> tuple[str, str | None]:
    """Return (to, via): the id of the body ``agency_id``'s report is addressed to, and of the body
    it goes through (None: sent to ``to`` directly), as the dispatch letter asks and the report
    form's Kính gửi says. The monitor sending the letters collects the reports itself ("gửi về Sở
    KH&CN để tổng hợp, báo cáo UBND tỉnh": to the monitor); the issuer sending them asks for them
    addressed to the body above the monitor through it ("gửi UBND tỉnh (qua Sở KH&CN)"); the
    monitor's own report goes up directly, and where the reports end at the monitor (``upward``)
    they go to it."""
    above = upward(plan)
    if agency_id == plan.monitor_id or above is None or sender_id(plan) == plan.monitor_id:
        return report_to(plan, agency_id), None
    return above, plan.monitor_id


def through(plan: Plan, to: str, via: str | None) -> str:
    """Return whom a report goes to as letters and forms write it: ``to``'s name, with `` (qua
    <via>)`` when it goes through ``via`` (``Ủy ban nhân dân tỉnh Quảng Trị (qua Sở Khoa học và
    Công nghệ)``; ``report_route``, ``upward``)."""
    return name(plan, to) + (f" (qua {name(plan, via)})" if via else "")


def onward(plan: Plan) -> str:
    """Return ``, báo cáo Ủy ban nhân dân tỉnh Quảng Trị``: to whom the monitor reports what it
    compiles (``upward``), as letters say it after "tổng hợp"; "" when the reports end at the
    monitor (it reports to nobody about them)."""
    above = upward(plan)
    return f", báo cáo {name(plan, above)}" if above else ""


def copied(plan: Plan) -> list[str]:
    """Return the Nơi nhận lines of a letter from the monitor after its addressees: "Như trên", then
    the body above the monitor (b/c) (``upward``), none when the reports end at the monitor."""
    above = upward(plan)
    return ["Như trên"] + ([f"{short(plan, above)} (b/c)"] if above else [])


def short(plan: Plan, agency_id: str) -> str:
    """Return the agency's short name if it has one (``UBND tỉnh Quảng Trị``), else its name."""
    agency = plan.agency(agency_id)
    return agency.short_name or agency.name


def plan_cited(plan: Plan) -> str:
    """Return the plan as first cited (dispatch letter, report form, reminder): reference (blanks
    in a draft) and its trích yếu, its first letter in lower case unless it starts with an
    abbreviation or a proper name (``vn.continued``); a plan amending another (``revises``,
    ``Plan.amended``) followed by what it amends, after its own trích yếu so that the trích yếu
    is not read as the earlier plan's: ``Kế hoạch số 50/KH-UBND ngày 15/3/2025 của UBND tỉnh Quảng
    Trị về … (sửa đổi, bổ sung Kế hoạch số 215/KH-UBND ngày 20/8/2024; sau đây gọi tắt là Kế hoạch)``,
    unless its trích yếu says so already (``says_amends``); the earlier plan's issuer is named only
    when it is another body (``amended_cited``). Ends with the short name the document then uses,
    ``(sau đây gọi tắt là Kế hoạch)``, in the same parentheses (never two in a row). A document
    citing it keys on ``amends_key`` (``inputs_key``)."""
    old, title = plan.amended, plan.spec.document.title
    amends = "" if old is None or says_amends(title) else f"sửa đổi, bổ sung {amended_cited(plan)}; "
    return f"{ke_hoach.reference(plan)} về {vn.continued(title)} ({amends}sau đây gọi tắt là Kế hoạch)"


def amended_cited(plan: Plan) -> str:
    """Return the plan ``plan`` amends as ``plan_cited`` names it: ``Kế hoạch số 215/KH-UBND ngày
    20/8/2024`` (``ke_hoach.numbered``), with ``của <its issuer>`` only when another body issued it
    (each plan's issuer as issued, ``Plan.as_issued``, as ``ke_hoach.reference`` names it)."""
    old = plan.amended
    return ke_hoach.numbered(old) if old.as_issued.issuer_id == plan.as_issued.issuer_id else ke_hoach.reference(old)


AMENDING_TITLE = re.compile(r"(sửa đổi(, bổ sung| và bổ sung)?|bổ sung) (một số (nội dung|điểm|điều) (của )?)?kế hoạch\b")
"""How the trích yếu of a plan amending a plan begins (lower case, NFC, spaces single): "Sửa đổi, bổ
sung Kế hoạch …", "Sửa đổi Kế hoạch …", "Bổ sung một số nội dung của Kế hoạch …"."""


def says_amends(title: str) -> bool:
    """Return True when a plan's trích yếu itself says it amends a plan (``AMENDING_TITLE``: "Sửa
    đổi, bổ sung Kế hoạch số …"): ``plan_cited`` then cites it as written, without saying so again;
    False for a title that only names an amending law ("Thực hiện Luật sửa đổi, bổ sung …")."""
    return AMENDING_TITLE.match(" ".join(vn.nfc(title).lower().split())) is not None


def amends_key(plan: Plan) -> tuple[str, ...]:
    """Return what ``plan_cited`` reads from the plan this one amends (``amended_cited``), for the
    input key of every document citing it; () for a plan amending none, whose key stays as it was."""
    return () if plan.amended is None else (amended_cited(plan),)


def task_groups(plan: Plan, agency_id: str) -> list[str]:
    """Return the dispatch letter's task lines grouped by role, plan order within each: a lead-in
    for each role the agency has tasks in (``a) Nhiệm vụ chủ trì thực hiện:``, ``b) Nhiệm vụ phối
    hợp thực hiện:``; no letter when there is one group), then each task's lines (``described``:
    ``- <task> (mục II.2.c). Cơ quan phối hợp: …``, its sub-items as ``+ …`` lines under it), each
    task's last line ending with ";", the group's last with ".". Each task names the other side of
    it, so a task worded for the lead (``Chủ trì, phối hợp với …``) is not read as the supporter's
    to lead."""
    pairs = plan.tasks_for(agency_id)
    groups = [(role, [described(plan, task, role, agency_id) for task, has in pairs if has == role])
              for role in ROLE_GROUPS]
    groups = [(role, tasks) for role, tasks in groups if tasks]
    out: list[str] = []
    for n, (role, tasks) in enumerate(groups):
        letter = f"{vn.VN_LETTERS[n]}) " if len(groups) > 1 else ""
        out.append(f"{letter}{ROLE_GROUPS[role]}")
        out += dashed(tasks)
    return out


def dashed(items: list[list[str]]) -> list[str]:
    """Return ``items`` (each its lines) as a letter lists them: each item's first line after "- ",
    its last ending with ";", the last item's with "."."""
    out: list[str] = []
    for k, lines in enumerate(items):
        item = [f"- {lines[0]}", *lines[1:]]
        out += item[:-1] + [vn.with_stop(item[-1], "." if k == len(items) - 1 else ";")]
    return out


def task_rows(plan: Plan, agency_id: str) -> list[dict]:
    """Return the report table rows: {stt, task, role} for each of the agency's tasks, plan order
    (``described``: the task's text without its own final stop, its place, its sub-items, the
    bodies on the other side of it, then its deadline and product when the plan states them; its
    lines are lines of the one cell, which ends with one full stop: ``… địa phương (mục
    II.1.a).``); ``role`` is ``Chủ trì`` or ``Phối hợp``."""
    return [{"stt": str(n), "task": vn.with_stop("\n".join(described(plan, task, role, agency_id))),
             "role": ROLE_NAMES[role]} for n, (task, role) in enumerate(plan.tasks_for(agency_id), start=1)]


def described(plan: Plan, task: Task, role: str, agency_id: str) -> list[str]:
    """Return the lines a dispatch letter and a report form's cell both print for a task that
    ``agency_id`` has in ``role``, without a final stop: ``<task> (mục II.2.c)``, the task without its own final stop (``bare``) and its
    place (``cited``); then the other side of the task (``partners``) and its deadline and product
    when the plan states them (``terms``), on the same line. A task with sub-items (``Task.items``)
    ends its first line with ":", then has one ``+ …;`` line for each, then the other side and the
    terms on a line of their own, as the plan prints the items under the task. The lines depend on
    the agency only through the other leads it is told of (``co_leads``): worked out once for each
    (task, role, other leads) and plan (``Plan.described``)."""
    others = co_leads(plan, task, agency_id) if role == LEAD else ()
    key = (task, role, others)
    lines = plan.described.get(key)
    if lines is None:
        lines = plan.described[key] = _described(plan, task, role, others)
    return list(lines)


def _described(plan: Plan, task: Task, role: str, others: tuple[str, ...]) -> tuple[str, ...]:
    """Return ``described``'s lines for ``task`` seen in ``role`` with the other leads ``others``."""
    stated = bare(" ".join(filter(None, [partners(plan, task, role, others), terms(task)])))
    head = cited(bare(common.plain(task.text)), task.label)
    if not task.items:
        return (f"{vn.with_stop(head)} {stated}" if stated else head,)
    items = [f"+ {bare(common.plain(item))}" for item in task.items]
    items = [f"{item};" for item in items[:-1]] + [vn.with_stop(items[-1]) if stated else items[-1]]
    return (f"{head}:", *items, *filter(None, [stated]))


def partners(plan: Plan, task: Task, role: str, others: tuple[str, ...]) -> str:
    """Return the sentences naming the other side of ``task`` for a body in ``role``: ``Cơ quan
    chủ trì: Sở Khoa học và Công nghệ.`` to a supporter; to a lead, ``Cơ quan cùng chủ trì: Sở Tài
    chính.`` when ``others`` lead it too (``co_leads``), then ``Cơ quan phối hợp: Sở Nội vụ và Liên
    hiệp các Hội khoa học và kỹ thuật tỉnh.`` when it has supporters; "" when there is none."""
    if role == SUPPORT:
        return f"Cơ quan chủ trì: {bodies(plan, task.lead)}."
    return " ".join(filter(None, [f"Cơ quan cùng chủ trì: {bodies(plan, others)}." if others else "",
                                  f"Cơ quan phối hợp: {bodies(plan, task.support, task.lead)}." if task.support else ""]))


def co_leads(plan: Plan, task: Task, agency_id: str) -> tuple[str, ...]:
    """Return the ids of the bodies leading ``task`` with ``agency_id``, plan order: none when the
    task is given to a whole group ``agency_id`` belongs to (``lead: [so-ban-nganh]``: each body
    does it in its own field, nobody leads it jointly), else every other lead (``lead: [so-noi-vu,
    so-tai-chinh]``: Sở Tài chính to Sở Nội vụ)."""
    lead = set(task.lead)
    if any(agency_id in members and members <= lead for members in plan.group_sets.values()):
        return ()
    return tuple(aid for aid in task.lead if aid != agency_id)


def bodies(plan: Plan, ids: tuple[str, ...], besides: tuple[str, ...] = ()) -> str:
    """Return the bodies ``ids`` as a sentence names them, in their order: each group (of two or
    more) whose members are ``ids`` but for fewer of ``besides`` by its name, where its first
    member is (the plan's ``Sở Khoa học và Công nghệ chủ trì, phối hợp với các Sở, ban, ngành``:
    ``các Sở, ban, ngành cấp tỉnh``, the lead one of them), the other bodies by their full names;
    apart by ";" when a name has a comma of its own (``Ủy ban nhân dân các huyện, thị xã, thành
    phố; Sở Nội vụ``), so that the list does not run on (``listed``). Worked out once for each
    (ids, besides) and plan (``Plan.bodies_said``)."""
    key = (ids, besides)
    said = plan.bodies_said.get(key)
    if said is None:
        said = plan.bodies_said[key] = _bodies(plan, ids, besides)
    return said


def _bodies(plan: Plan, ids: tuple[str, ...], besides: tuple[str, ...]) -> str:
    """Return ``bodies``'s sentence for ``ids`` but for fewer of ``besides``."""
    named_as: dict[str, str] = {}
    wanted, besides_set = set(ids), set(besides)
    for group_id, members in plan.group_sets.items():
        named, excused = members & (wanted - named_as.keys()), members & besides_set
        if named | excused == members and len(excused) < len(named):
            named_as.update(dict.fromkeys(named, vn.nfc(plan.registry.groups[group_id].name)))
    names = dict.fromkeys(named_as.get(aid) or name(plan, aid) for aid in ids)
    return listed(list(names))


def listed(names: list[str]) -> str:
    """Return ``names`` as a sentence lists them (``vn.listed``: ``A, B và C``), or apart by "; "
    when one of them has a comma of its own (``các Sở, ban, ngành cấp tỉnh; Sở Nội vụ``)."""
    return "; ".join(names) if any("," in n for n in names) else vn.listed(names)


def bare(text: str) -> str:
    """Return ``text`` without its final stop: the "./." that ends a plan's last point (or "/."),
    and any final ".", ";", ":", "," or space (``… thành tích./.`` → ``… thành tích``); an
    ellipsis and an abbreviation's dots stay (``… tài liệu, v.v.``: ``vn.without_final_stop``)."""
    return vn.without_final_stop(text)


def cited(text: str, label: str) -> str:
    """Return ``text`` followed by its place in the plan, ``<text> (mục II.2.c)``, so that two
    parentheses never follow each other: a routing note ending ``text`` takes the place (``… khi có
    yêu cầu (qua Sở Khoa học và Công nghệ; mục III.1)``, ``routing_note``); after any other final
    ")" the place follows a comma (``… nhân lực (đợt 1), mục IV``, ``… theo điểm a), mục II.1.a``)."""
    if routing_note(text):
        return f"{text[:-1]}; mục {label})"
    if text.endswith(")"):
        return f"{text}, mục {label}"
    return f"{text} (mục {label})"


def routing_note(text: str) -> bool:
    """Return whether ``text`` ends with a balanced parenthesis saying through whom something goes,
    ``(qua …)``; not ``(đợt 1)``, nor the ``a)`` of ``theo điểm a)``."""
    if not text.endswith(")"):  # most task texts: no parenthesis to match
        return False
    depth = 0
    for at in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[at], 0)
        if depth == 0:
            return text[at + 1:].startswith("qua ")
    return False


def terms(task: Task) -> str:
    """Return ``Thời hạn: …. Sản phẩm: ….`` for what of the two the plan states for ``task`` (the
    spec's ``deadline`` and ``product``, as written), each a sentence; "" when it states neither."""
    return " ".join(vn.with_stop(f"{label}: {bare(common.plain(value).strip())}")
                    for label, value in (("Thời hạn", task.deadline), ("Sản phẩm", task.product)) if value)


def dotted_line(end: str = "") -> str:
    """Return a line of dots filling a body line (after its first-line indent), ending with ``end``."""
    room = BODY_LINE_PT * 0.97 - measure.text_width_pt(end, 14)
    return DOTS * int(room // measure.text_width_pt(DOTS, 14)) + end


def archive_unit(agency: Agency) -> str:
    """Return the unit printed after "Lưu: VT," (the agency's first unit, else "…")."""
    return next(iter(agency.units), DOTS)


def collective_of(agency: Agency) -> str | None:
    """Return the collective a head signs for (``ỦY BAN NHÂN DÂN`` for People's Committees), else None."""
    return vn.upper(COMMITTEE) if vn.nfc(agency.name).startswith(COMMITTEE) else None


def head_named(plan: Plan, agency_id: str) -> str:
    """Return the agency's head as a sentence names them: its ``head_title`` in sentence case before
    its name, the words the two share said once (``Chủ tịch Ủy ban nhân dân huyện Cồn Cỏ``, ``Giám
    đốc Sở Nội vụ``, ``Chánh Thanh tra tỉnh``, ``Trưởng Ban Dân tộc tỉnh``)."""
    title, words = head_title(plan.agency(agency_id)).split(), name(plan, agency_id).split()
    shared = [k for k in range(1, min(len(title) - 1, len(words)) + 1)
              if [w.lower() for w in title[-k:]] == [w.lower() for w in words[:k]]]
    return " ".join(title[:len(title) - max(shared, default=0)] + words)


def head_title(agency: Agency) -> str:
    """Return the agency's ``head_title`` as a sentence says it: ``Chủ tịch``, ``Chánh thanh tra``."""
    title = vn.nfc(agency.head_title).lower()
    return title[:1].upper() + title[1:]


def head_signature(agency: Agency) -> dict:
    """Return a signature block for the agency's head, the name a dotted line to fill (the report form)."""
    lines = [f"TM. {collective_of(agency)}"] if collective_of(agency) else []
    return {"lines": lines + [vn.upper(agency.head_title)], "name": NAME_BLANK}


def sender_signature(plan: Plan, sender: str) -> dict:
    """Return the signature of letters from ``sender``: the spec's dispatch signature for the
    dispatch letters' sender, the plan's for the issuer, else the body's head (``head_signed``)."""
    sig = plan.spec.dispatch.signature
    if sender == sender_id(plan) and sig is not None:
        return common.signature(plan, sig)
    if sender == plan.issuer_id:
        return common.signature(plan)
    return head_signed(plan, sender)


def reminder_signature(plan: Plan) -> dict:
    """Return the reminders' signature (the monitor sends them): ``reporting.signature``, else the
    monitor's letters' (``sender_signature``): the dispatch signature when the monitor sent the
    dispatch letters, else the monitor's head."""
    sig = plan.spec.reporting.signature
    return common.signature(plan, sig) if sig is not None else sender_signature(plan, plan.monitor_id)


def head_signed(plan: Plan, agency_id: str) -> dict:
    """Return the signature block of the head of ``agency_id`` (``head_signature``) named after its
    ``head_signer``; the name a dotted line when there is none."""
    block, sid = head_signature(plan.agency(agency_id)), head_signer(plan, agency_id)
    return block if sid is None else {**block, "name": vn.nfc(plan.signers.signers[sid].name)}


def head_signer(plan: Plan, agency_id: str) -> str | None:
    """Return the id of the first signer of ``signers.yaml`` of ``agency_id`` (their ``agency``,
    merges followed) whose own title is its ``head_title``; None when there is none."""
    head = vn.upper(plan.agency(agency_id).head_title).strip()
    return next((sid for sid, s in plan.signers.signers.items() if s.agency in plan.registry.agencies
                 and plan.current_id(s.agency) == agency_id and vn.upper(s.title).strip() == head), None)


def sender_unit(plan: Plan, sender: str) -> str:
    """Return the drafting unit in a letter's ký hiệu (``QLKH`` in ``SKHCN-QLKH``): the spec's
    ``dispatch.unit`` for the dispatch letters' sender, else the body's first unit in the registry,
    else the plan's ``drafting_unit`` for the issuer, "…" for another body (a dispatch sender with
    neither is refused at load: ``spec.senders``)."""
    mine = sender == sender_id(plan)
    if mine and plan.spec.dispatch.unit:
        return plan.spec.dispatch.unit
    if units := plan.agency(sender).units:
        return next(iter(units))
    if sender == plan.issuer_id:
        return plan.spec.document.drafting_unit
    return DOTS


def agency_header(plan: Plan, agency_id: str, date: dt.date | None, year: int) -> dict:
    """Return the header context of a document issued by ``agency_id`` dated ``date`` (blank:
    ``year``); a long name is broken between word groups (``common.header``)."""
    agency = plan.agency(agency_id)
    return common.header(plan, agency, vn.place_date(common.place_of(plan, agency), date, year))


def kinh_gui(names: list[str]) -> dict:
    """Return the Kính gửi context: one line ``Kính gửi: X.`` or a "- …;" list for several."""
    if len(names) == 1:
        return {"single": f"Kính gửi: {names[0]}.", "names": []}
    return {"single": "", "names": dashed([[each] for each in names])}


def body(*paragraphs: str) -> list[dict]:
    """Return body blocks for the letter templates: ``paragraphs`` are plain text, printed as they
    are (task texts come through ``common.plain``, so an asterisk left in them is text)."""
    return [{"kind": "body", "runs": [{"text": p}]} for p in paragraphs]



def inputs_key(plan: Plan, agency_id: str, *extra: str) -> str:
    """Return a cheap key of everything an agency's document context is made from.

    It joins ``plan.agency_digest`` (the spec without the body's texts, the registry, the signers,
    every task's id, place and agencies, and this agency's own tasks in full) with ``extra`` (texts:
    the kind, the year) and what every such document cites of the plan this one amends
    (``amends_key``: its opening, ``plan_cited``). A context reads nothing else; the tests compare
    this shortcut with making every context after many kinds of edit."""
    return ":".join((plan.agency_digest(agency_id), *extra, *amends_key(plan)))
