"""The dispatch letter (công văn, mẫu 1.5) sending the plan to one agency with its tasks.

From the monitoring body (Sở Khoa học và Công nghệ in the seed), or from the issuer when
``dispatch.sender`` is ``issuer``; one per agency with tasks, none to the sender itself.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from khcn_docs import vn
from khcn_docs.documents import common, ke_hoach, per_agency
from khcn_docs.documents.unit import Unit
from khcn_docs.plan import Plan

if TYPE_CHECKING:
    from khcn_docs.state import Manifest

KIND = "cong-van-trien-khai"
TEMPLATE = "cong-van-trien-khai.docx"
FILE = "cong-van-trien-khai.docx"


def symbol(plan: Plan) -> str:
    """Return the dispatch's ký hiệu, org-unit form: ``SKHCN-QLKH``."""
    sender = per_agency.sender_id(plan)
    return f"{plan.agency(sender).abbreviation}-{per_agency.sender_unit(plan, sender)}"


def vv(plan: Plan) -> str:
    """Return the V/v line: ``V/v triển khai thực hiện Kế hoạch số      /KH-UBND``."""
    number = plan.spec.document.number
    return f"V/v triển khai thực hiện Kế hoạch số {vn.number_str(number) if number else ' ' * 6}/{ke_hoach.symbol(plan)}"


def reference(plan: Plan, agency_id: str, cited_by: str) -> str | None:
    """Return how a letter from ``cited_by`` cites the letter to ``agency_id`` once it is issued:
    ``Công văn số 45/SKHCN-QLKH ngày 23/12/2024`` when ``cited_by`` sent it too (its ký hiệu says
    whose it is), else with the sender's full name, ``… ngày 23/12/2024 của Ủy ban nhân dân tỉnh
    Quảng Trị``; None while it is a draft (no number or date)."""
    disp, sender = plan.spec.dispatch, per_agency.sender_id(plan)
    if disp.is_draft(agency_id):
        return None
    whose = "" if sender == cited_by else f" của {per_agency.name(plan, sender)}"
    return (f"Công văn số {vn.number_str(disp.number_for(agency_id))}/{symbol(plan)} ngày "
            f"{vn.short_date(disp.date_for(agency_id))}{whose}")


def dispatched(plan: Plan) -> Plan:
    """Return the plan as its agencies stand on the dispatch's date: a letter goes to the bodies
    there are on the day it is sent (the plan issued 20/12/2024, dispatched 05/3/2025: Sở Kế hoạch
    và Đầu tư's tasks go to Sở Tài chính, which took it over on 01/3/2025); the plan at its own
    date while the dispatch has no date."""
    issued = plan.as_issued
    day = issued.spec.dispatch.date
    return per_agency.on_day(issued, day) if day else issued


def addressees(plan: Plan) -> tuple[str, ...]:
    """Return the agencies that get a dispatch letter: every agency with tasks on the dispatch's
    date except the sender, registry order; worked out once per plan (``Plan.dispatch_memo``)."""
    memo = plan.dispatch_memo
    if "addressees" not in memo:
        view = dispatched(plan)
        sender = per_agency.sender_id(view)
        memo["addressees"] = tuple(aid for aid in per_agency.recipients(view) if aid != sender)
    return memo["addressees"]


def letters_held(plan: Plan, agency_id: str) -> tuple[str, ...]:
    """Return the agencies whose dispatch letters ``agency_id``, as it stands at ``plan.as_of`` (a
    later reporting deadline), holds: its own letter when it got one, else the letters to the bodies
    it took over (Sở Nông nghiệp và Môi trường: those to Sở NN&PTNT and Sở TN&MT), registry order;
    for a body merged after its deadline and before the letters, the letter to its successor, which
    carried its form (``forms_carried``: Sở Giao thông vận tải's 2024 form, with Sở Xây dựng's letter)."""
    got = addressees(plan.as_issued)
    if agency_id in got:
        return (agency_id,)
    held = tuple(aid for aid in got if plan.current_id(aid) == agency_id)
    return held or tuple(dict.fromkeys(heir for _, aid, heir in forms_carried(plan.as_issued) if aid == agency_id))


def references(plan: Plan, agency_ids: tuple[str, ...], cited_by: str) -> str | None:
    """Return how a letter from ``cited_by`` cites the letters to ``agency_ids`` (at ``plan``'s own
    date) together (each as ``reference`` says it), each number once with whom it went to: ``Công
    văn số 46/SKHCN-QLKH ngày 23/12/2024 gửi Sở Nông nghiệp và Phát triển nông thôn và Công văn số
    47/… gửi Sở Tài nguyên và Môi trường``; one letter to several, ``… gửi Sở NN&PTNT và Sở TN&MT``
    (the letters then apart by ``;``), so the list does not run on into the sentence around it;
    None when one of them is still a draft."""
    cited = {aid: reference(plan, aid, cited_by) for aid in agency_ids}
    if not cited or None in cited.values():
        return None
    by_letter: dict[str, list[str]] = {}
    for aid, text in cited.items():
        by_letter.setdefault(text, []).append(per_agency.name(plan, aid))
    apart = " và " if all(len(names) == 1 for names in by_letter.values()) else "; "
    return apart.join(f"{text} gửi {vn.listed(names)}" for text, names in by_letter.items())


def cited_together(plan: Plan, agency_ids: list[str]) -> str | None:
    """Return how a letter from the sender cites its own letters to ``agency_ids`` (at ``plan``'s
    own date) in that order, each number once (``letters_cited``): ``Công văn số 45/SKHCN-QLKH ngày
    23/8/2024`` when they share it, else ``các Công văn số 50/SKHCN-QLKH, 45/SKHCN-QLKH ngày
    23/8/2024``; None when there is none or one of them is still a draft."""
    disp = plan.spec.dispatch
    if not agency_ids or any(disp.is_draft(aid) for aid in agency_ids):
        return None
    letters = dict.fromkeys((disp.number_for(aid), disp.date_for(aid)) for aid in agency_ids)
    return letters_cited(list(letters), symbol(plan))


def letters_cited(letters: list[tuple[int, dt.date]], sign: str) -> str:
    """Return the letters (number, date) of ký hiệu ``sign`` cited together, in the order given: the
    numbers of one date listed before that date, said once (``các Công văn số 50/SKHCN-QLKH,
    45/SKHCN-QLKH ngày 23/8/2024``), three or more running numbers as one span (``từ số
    51/SKHCN-QLKH đến số 53/SKHCN-QLKH``), the dates in the order their first letter comes."""
    by_date: dict[dt.date, list[int]] = {}
    for number, date in letters:
        by_date.setdefault(date, []).append(number)
    groups = []
    for date, numbers in by_date.items():
        items = [item for run in _runs(numbers) for item in _run_said(run, sign)]
        lead = "" if items[0].startswith("từ") else "số "
        groups.append(f"{lead}{', '.join(items)} ngày {vn.short_date(date)}")
    return f"{'các ' if len(letters) > 1 else ''}Công văn {vn.listed(groups)}"


def _run_said(run: list[int], sign: str) -> list[str]:
    """Return running numbers as a list says them: three or more as one span (``từ số 51/SKHCN-QLKH
    đến số 53/SKHCN-QLKH``), fewer one by one (``51/SKHCN-QLKH``)."""
    if len(run) >= 3:
        return [f"từ số {vn.number_str(run[0])}/{sign} đến số {vn.number_str(run[-1])}/{sign}"]
    return [f"{vn.number_str(number)}/{sign}" for number in run]


def _runs(numbers: list[int]) -> list[list[int]]:
    """Return ``numbers`` cut where one is not the one before plus one: ``[50, 45, 51, 52, 53]`` ->
    ``[[50], [45], [51, 52, 53]]``."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def reported_by(then: Plan, agency_id: str) -> str | None:
    """Return the body that reports for ``agency_id``, a letter's addressee, when another one stands
    for it in ``then``, the plan at the first deadline of ``reporting.years``
    (``per_agency.first_report_view``): merged into it, or renamed (Sở Nông nghiệp và Phát triển
    nông thôn, sent the letter on 10/02/2025, merged into Sở Nông nghiệp và Môi trường on
    01/3/2025, the first report due 15/11/2025): the report form of that year is that body's, in
    its own folder, so the letter attaches none; None when the addressee reports itself or is
    dissolved by then (its letter asks for no report: ``unreported``). That body's form goes with its own letter when
    it gets one, else with this one (``report_paragraph``)."""
    current = then.current_id(agency_id)
    return None if current == agency_id or then.dissolved(agency_id) else current


def report_paragraph(plan: Plan, agency_id: str, where: str) -> list[str]:
    """Return the reporting paragraph of the letter to ``agency_id`` (``where``: to whom the report
    goes): the addressee reports with the form attached; a body standing for it by the first
    deadline (``reported_by``) reports, on the form of its own letter, or, when it gets none (Sở
    Nông nghiệp và Môi trường, formed on 01/3/2025), on its form attached to this one; none for a body dissolved by then, nor
    for one the monitoring body itself took over (it reports those tasks with its own). That body is
    "tên mới" of the addressee only when it is the addressee renamed (``Plan.how_gone``), and is
    named from the day it took over (a body renamed, then merged into another: the merger's day)."""
    name, deadline = per_agency.name(plan, agency_id), per_agency.yearly_deadline_text(plan)
    then = per_agency.first_report_view(plan)
    if then.dissolved(agency_id):  # gone before the first report: no form, nobody reports its tasks
        return [no_report_sentence(plan, agency_id)]
    if reports_to_itself(then, agency_id):  # its report's addressee merged into it: no form either
        return [self_report_sentence(plan, agency_id)]
    heir = reported_by(then, agency_id)
    if heir is None:
        return [f"Định kỳ chậm nhất {deadline}, đề nghị {name} báo cáo kết quả thực hiện Kế hoạch theo biểu "
                f"mẫu báo cáo kèm theo Công văn này, {where}.{late_sentence(plan, agency_id, carried_by(plan, agency_id))}"
                f"{later_sentence(plan, agency_id)}"]
    if heir == then.monitor_id:  # the body collecting the reports took the tasks over: it reports them itself
        return []
    form = (f"biểu mẫu báo cáo gửi kèm công văn triển khai gửi {per_agency.name(then, heir)}" if heir in addressees(plan)
            else f"biểu mẫu báo cáo của {per_agency.name(then, heir)} kèm theo Công văn này")
    return [f"Định kỳ chậm nhất {deadline}, đề nghị {standing_for(then, agency_id, name)} báo cáo kết quả thực "
            f"hiện các nhiệm vụ nêu trên theo {form}, {where}.{late_sentence(plan, agency_id)}"]


def standing_for(then: Plan, agency_id: str, name: str, dated: bool = True) -> str:
    """Return the body standing for ``agency_id`` (named ``name``) in ``then`` as a letter names it:
    ``Sở Tài chính (cơ quan tiếp nhận nhiệm vụ của Sở Kế hoạch và Đầu tư từ ngày 01/3/2025)``, ``…
    (tên mới của …)`` only when it is the addressee renamed (``Plan.how_gone``), named from the day
    it took over (a body renamed, then merged into another: the merger's day), unless not ``dated``."""
    day = then.merge_steps(agency_id)[-1][2] if dated else None
    since = f" từ ngày {vn.short_date(day)}" if day else ""
    role = "tên mới" if then.how_gone(agency_id) == "renamed" else "cơ quan tiếp nhận nhiệm vụ"
    return f"{per_agency.name(then, then.current_id(agency_id))} ({role} của {name}{since})"


def later_sentence(plan: Plan, agency_id: str) -> str:
    """Return the sentence telling an addressee that reports itself first who reports its tasks
    from the first later year of ``reporting.years`` when another body stands for it by then
    (merged, renamed: ``reported_by`` on that year's deadline): `` Từ báo cáo năm 2025, Sở Xây
    dựng (cơ quan tiếp nhận nhiệm vụ của Sở Giao thông vận tải) báo cáo kết quả thực hiện các
    nhiệm vụ nêu trên.``; "" when there is none (a body dissolved later owes nothing more). The
    merger's day is not said: the sentence reads the registry on that deadline only, as ``diff``
    compares it (``diff.views``)."""
    later = later_view(plan, agency_id)
    if later is None:
        return ""
    year, then = later
    return (f" Từ báo cáo năm {year}, {standing_for(then, agency_id, per_agency.name(plan, agency_id), dated=False)} "
            f"báo cáo kết quả thực hiện các nhiệm vụ nêu trên.")


def later_view(plan: Plan, agency_id: str) -> tuple[int, Plan] | None:
    """Return (year, the plan on its deadline) for the first later year of ``reporting.years`` by
    which another body stands for ``agency_id`` (``reported_by``): the year ``later_sentence``
    names; None when there is none."""
    for year in sorted(per_agency.report_years(plan))[1:]:
        then = per_agency.for_year(plan, year)
        if reported_by(then, agency_id) is not None:
            return year, then
    return None


def no_report_sentence(plan: Plan, agency_id: str) -> str:
    """Return what the letter to a body dissolved before the first report says instead of asking for
    a report: that it sends none, nobody reporting its tasks, by the day that report is due
    (``per_agency.due_date``, the day reminders give: 15/11/2025 is a Saturday, so 17/11/2025),
    naming the places of its tasks that give the yearly report day (the plan's own reporting task,
    ``reporting_places``): ``Do Ủy ban nhân dân huyện Vĩnh Linh chấm dứt hoạt động trước hạn báo
    cáo năm 2025 (ngày 17/11/2025), Ủy ban nhân dân huyện Vĩnh Linh không phải gửi báo cáo định kỳ
    hằng năm về kết quả thực hiện Kế hoạch (nhiệm vụ tại mục III.1).`` The day it is dissolved is
    not said: the letter reads the registry on that deadline only, as ``diff`` compares it (``diff.views``)."""
    return _owes_no_report(plan, agency_id, f"{per_agency.name(plan, agency_id)} chấm dứt hoạt động")


def reports_to_itself(then: Plan, agency_id: str) -> bool:
    """Return True when ``agency_id`` is the monitoring body and its report would go to itself in
    ``then``, the plan at the first deadline (``per_agency.first_report_view``): the body it reports
    to (``per_agency.report_to``, the issuer) has merged into it by then (Sở KH&CN monitoring a plan
    of Sở TT&TT, merged into Sở KH&CN on 01/3/2025, first report due 17/11/2025). No form is made
    for it, and ``status`` never tracks the monitor; the letter says so (``self_report_sentence``)."""
    return agency_id == then.monitor_id and per_agency.report_to(then, agency_id) == agency_id


def self_report_sentence(plan: Plan, agency_id: str) -> str:
    """Return what the letter to a monitoring body that would report to itself (``reports_to_itself``)
    says instead of asking for a report, as ``no_report_sentence`` does for a dissolved body: ``Do Sở
    Thông tin và Truyền thông hợp nhất vào Sở Khoa học và Công nghệ trước hạn báo cáo năm 2025 (ngày
    17/11/2025), Sở Khoa học và Công nghệ không phải gửi báo cáo định kỳ hằng năm về kết quả thực hiện
    Kế hoạch.`` The merger's day is not said, as there."""
    return _owes_no_report(plan, agency_id, f"{per_agency.name(plan, per_agency.report_to(plan, agency_id))} "
                                            f"hợp nhất vào {per_agency.name(plan, agency_id)}")


def _owes_no_report(plan: Plan, agency_id: str, why: str) -> str:
    """Return ``Do <why> trước hạn báo cáo năm <year> (ngày <due>), <agency> không phải gửi báo cáo
    định kỳ …``, naming the places of its reporting tasks (``reporting_places``), if any."""
    year, name = min(per_agency.report_years(plan)), per_agency.name(plan, agency_id)
    places = reporting_places(plan, agency_id)
    cited = f" (nhiệm vụ tại mục {', '.join(places)})" if places else ""
    return (f"Do {why} trước hạn báo cáo năm {year} (ngày {vn.short_date(per_agency.due_date(plan, year))}), "
            f"{name} không phải gửi báo cáo định kỳ hằng năm về kết quả thực hiện Kế hoạch{cited}.")


def reporting_places(plan: Plan, agency_id: str) -> list[str]:
    """Return the places (``III.1``) of the tasks of ``agency_id`` that give the yearly report day
    in their text or deadline (``ngày 15 tháng 11``): the plan's reporting duty, plan order."""
    day = per_agency.yearly_day_text(plan)
    return [task.label for task, _ in plan.tasks_for(agency_id)
            if day in vn.nfc(f"{task.text} {task.deadline or ''}").lower()]


def late_sentence(plan: Plan, agency_id: str, carried: dict[str, list[int]] | None = None) -> str:
    """Return the sentence after the reporting request giving the reports whose yearly deadline
    had passed when the letters were sent (``per_agency.late_years``) the date they are due
    (``per_agency.late_due``, the one ``status`` and ``remind`` count): `` Riêng báo cáo năm 2024,
    đề nghị gửi chậm nhất ngày 30/12/2024.``; "" when there is none. Only the years the report is
    asked of the addressee's tasks then: not those before a body formed since (Sở Nông nghiệp và
    Môi trường, from 01/3/2025, owes no 2024 report of its own). The late reports of the bodies the
    addressee took over (``carried``, ``carried_by``) are in the same sentence, each body as the
    reminders say it (``per_agency.now_said``), on its form attached (``_whose``): `` Riêng báo cáo
    năm 2024 (của Sở Xây dựng và của Sở Giao thông vận tải, nay đã hợp nhất vào Sở Xây dựng, theo
    biểu mẫu của từng cơ quan kèm theo Công văn này), đề nghị gửi chậm nhất ngày 17/3/2025.``"""
    own = [year for year in per_agency.late_years(plan, agency_id) if _owes(plan, agency_id, year)]
    view = dispatched(plan)
    whose = ([(per_agency.name(plan, agency_id), "", own)] if own else []) + [
        (per_agency.name(view, aid), per_agency.now_said(view, aid, view.current_id(aid)), years)
        for aid, years in (carried or {}).items()]
    if not whose:
        return ""
    years = sorted({year for *_, owed in whose for year in owed})
    forms = f" ({_whose(whose, years)})" if carried else ""
    return (f" Riêng báo cáo năm {_years(years)}{forms}, đề nghị gửi chậm nhất ngày "
            f"{vn.short_date(per_agency.late_due(plan, agency_id))}.")


def _years(years: list[int]) -> str:
    """Return report years as a sentence lists them: ``2024``, ``2024 và 2025``."""
    return vn.listed([str(year) for year in years])


def _whose(whose: list[tuple[str, str, list[int]]], years: list[int]) -> str:
    """Return whose reports ``late_sentence`` asks for (name, what it is now or "", its years), and
    on which forms: ``của Sở Xây dựng và của Sở Giao thông vận tải, nay đã hợp nhất vào Sở Xây dựng,
    theo biểu mẫu của từng cơ quan kèm theo Công văn này``; each body's years said before it (``năm
    2024 của …``) only when they are not all the sentence's ``years``; apart by ";" when one but the last has
    a comma of its own (``của Sở NN&PTNT, nay là Sở NN&MT; của Sở TN&MT, nay đã hợp nhất vào Sở NN&MT``)."""
    same = all(owed == years for *_, owed in whose)
    parts = [f"{'' if same else f'năm {_years(owed)} '}của {name}{f', {now}' if now else ''}" for name, now, owed in whose]
    listed = "; ".join(parts) if any("," in part for part in parts[:-1]) else vn.listed(parts)
    if len(whose) > 1:
        forms = "biểu mẫu của từng cơ quan"
    else:
        [(name, _, owed)] = whose
        forms = f"{'các ' if len(owed) > 1 else ''}biểu mẫu của {name}"
    return f"{listed}, theo {forms} kèm theo Công văn này"


def _owes(plan: Plan, agency_id: str, year: int) -> bool:
    """Return True when the report of ``year`` is asked of the letter's addressee ``agency_id``
    (``plan``: as on the letters' date) or of the body standing for it then (``reported_by``)."""
    then = per_agency.for_year(plan, year)
    return then.current_id(agency_id) in per_agency.recipients(then)


def where_reports_go(plan: Plan, agency_id: str) -> str:
    """Return where the letter to ``agency_id`` asks the report sent (``per_agency.report_route``):
    ``gửi về Sở Khoa học và Công nghệ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh Quảng Trị`` when
    the monitor collects it to report on, ``gửi Ủy ban nhân dân tỉnh Quảng Trị (qua Sở Khoa học và
    Công nghệ)`` when the issuer sends the letters, ``gửi về Sở Khoa học và Công nghệ`` when the
    reports end at the monitor (a plan the Sở issued itself: said once)."""
    to, via = per_agency.report_route(plan, agency_id)
    if via is not None or to != plan.monitor_id:
        return f"gửi {per_agency.through(plan, to, via)}"
    onward = per_agency.onward(plan)
    return f"gửi về {per_agency.name(plan, to)}{f' để tổng hợp{onward}' if onward else ''}"


def replacing(plan: Plan) -> str:
    """Return what the request of a plan amending another adds, that the tasks it lists replace
    those the earlier plan gave: `` (thay thế các nhiệm vụ được giao tại Kế hoạch số 05/KH-UBND
    ngày 20/12/2024)``; "" for a plan amending none."""
    old = plan.amended
    return "" if old is None else f" (thay thế các nhiệm vụ được giao tại {ke_hoach.numbered(old)})"


def paragraphs(plan: Plan, agency_id: str) -> list[str]:
    """Return the body paragraphs: the plan cited (``per_agency.plan_cited``; a plan amending another says its
    tasks replace the earlier plan's, ``replacing``), the tasks as "-" lines under their role
    (``per_agency.task_groups``), reporting, the form attached (``report_paragraph``: none to a
    body gone before the first report, the body standing for it to one merged or renamed by then)."""
    sender, name = per_agency.sender_id(plan), per_agency.name(plan, agency_id)
    sender_name = per_agency.name(plan, sender)
    where = where_reports_go(plan, agency_id)
    return [
        f"Thực hiện {per_agency.plan_cited(plan)}, {sender_name} "
        f"đề nghị {name} triển khai thực hiện các nhiệm vụ được giao tại Kế hoạch{replacing(plan)}, cụ thể như sau:",
        *per_agency.task_groups(plan, agency_id),
        *report_paragraph(plan, agency_id, where),
        f"Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị {name} phản ánh về "
        f"{sender_name} để được hướng dẫn, phối hợp giải quyết./.",
    ]


def recipients(plan: Plan, agency_id: str) -> list[str]:
    """Return Nơi nhận lines from "Như trên" to before "Lưu": "Như trên"; the body the letter asks
    to report for the addressee (``reporter``), "(để thực hiện)", at the first report or, for an
    addressee reporting itself first, from the later year ``later_sentence`` names (``later_view``);
    then the body above the monitor (b/c), none when the reports end at the sender itself
    (``per_agency.upward``), or, from the issuer, the monitor (theo dõi)."""
    then = per_agency.first_report_view(plan)
    heir = reporter(then, agency_id)
    if reported_by(then, agency_id) is None and not then.dissolved(agency_id):
        later = later_view(plan, agency_id)
        if later is not None:
            then, heir = later[1], reporter(later[1], agency_id)
    acting = [f"{per_agency.short(then, heir)} (để thực hiện)"] if heir else []
    if per_agency.sender_id(plan) == plan.monitor_id:
        first, *above = per_agency.copied(plan)
        return [first, *acting, *above]
    return ["Như trên", *acting] + ([f"{per_agency.short(plan, plan.monitor_id)} (theo dõi)"]
                                    if agency_id != plan.monitor_id else [])


def reporter(then: Plan, agency_id: str) -> str | None:
    """Return the body the letter to ``agency_id`` asks to report in its stead (``report_paragraph``:
    the one it merged into by the first report, ``reported_by``; ``then``: the plan at that report,
    ``per_agency.first_report_view``), else None: the addressee reports itself, under its new name
    when renamed (the letter's addressee already), is dissolved by then, or the monitoring body took
    it over and reports its tasks itself."""
    if then.how_gone(agency_id) == "renamed":  # reported_by: None when dissolved
        return None
    heir = reported_by(then, agency_id)
    return None if heir == then.monitor_id else heir


def context(plan: Plan, agency_id: str) -> dict:
    """Return the render context of the dispatch to ``agency_id``."""
    sender, disp = per_agency.sender_id(plan), plan.spec.dispatch
    day = disp.date_for(agency_id)
    year = (day or disp.date).year if day or disp.date else plan.spec.document.issue_year
    return {
        "hdr": per_agency.agency_header(plan, sender, day, year),
        "doc": {"number_line": common.number_line(disp.number_for(agency_id), symbol(plan)), "vv": vv(plan)},
        "kg": per_agency.kinh_gui([per_agency.name(plan, agency_id)]),
        "body": per_agency.body(*paragraphs(plan, agency_id)),
        "recipients": recipients(plan, agency_id),
        "archive": per_agency.sender_unit(plan, sender),
        "sig": per_agency.sender_signature(plan, sender),
    }


def core(plan: Plan, agency_id: str) -> dict:
    """Return the document properties of the letter to ``agency_id`` (its number in the subject)."""
    disp = plan.spec.dispatch
    return {"title": vv(plan), "subject": common.number_line(disp.number_for(agency_id), symbol(plan)).replace("Số: ", ""),
            "creator": per_agency.name(plan, per_agency.sender_id(plan)), "created": disp.date_for(agency_id)}


def units(plan: Plan) -> list[Unit]:
    """Return one dispatch unit per agency with tasks on the dispatch's date, except the sender
    itself, each made as the agencies stand on that date (``dispatched``); a letter is issued once
    it has its number and the dispatch its date."""
    view, to, held_back = dispatched(plan), addressees(plan), frozenset(held(plan))
    drafts = plan.spec.dispatch.drafts(to)
    return [Unit(KIND, aid, TEMPLATE, f"{per_agency.folder(view, aid)}/{FILE}", None,
                 partial(core, view, aid), f"{per_agency.name(view, aid)} — công văn triển khai",
                 make=partial(context, view, aid),
                 inputs=per_agency.inputs_key(view, aid, KIND, *(("held",) if aid in held_back else ())),
                 issued=aid not in drafts)
            for aid in to]


def unsent(plan: Plan, issued_before: set[str]) -> tuple[str, ...]:
    """Return the agencies whose letter would be issued with the batch's number and date although
    it was not in that batch: once some letter was written as issued (``issued_before``, their
    agency ids, from the manifest), a letter to an agency that got none then (it first got a task
    later) and has no date of its own (``dispatch.dates``) was never sent on that date; it is kept
    a draft (``Dispatch.unsent``) until the clerk gives it its own number and date. () before any
    letter was issued."""
    disp = plan.spec.dispatch
    if not issued_before:
        return ()
    return tuple(aid for aid in addressees(plan)
                 if aid not in issued_before and aid not in disp.dates and not disp.is_draft(aid))


def holding(plan: Plan, agency_ids: tuple[str, ...]) -> Plan:
    """Return ``plan`` with the letters to ``agency_ids`` drafts (``unsent``), everything else as it is."""
    spec = plan.spec.model_copy(update={"dispatch": plan.spec.dispatch.unsent(frozenset(agency_ids))})
    return plan.with_spec(spec)


def issued_batch(manifest: Manifest) -> frozenset[str]:
    """Return the agencies whose dispatch letter the build ``manifest`` records as written issued:
    the batch ``unsent`` measures a letter against."""
    return manifest.issued_agencies(KIND)


def held_back(plan: Plan, issued_before: frozenset[str]) -> Plan:
    """Return ``plan`` with each letter that was not in the batch already issued (``unsent``) a
    draft, the plan every command reads (``build``, ``remind``, ``status``): such a letter carries
    no number or date, and nothing cites it as sent; ``plan`` itself when there is none."""
    held = unsent(plan, issued_before)
    return holding(plan, held) if held else plan


def held(plan: Plan) -> tuple[str, ...]:
    """Return the agencies whose letters ``plan`` keeps drafts (``held_back``), registry order;
    worked out once per plan (``Plan.dispatch_memo``): its units and the build's warnings both ask."""
    memo = plan.dispatch_memo
    if "held" not in memo:
        memo["held"] = plan.spec.dispatch.held_of(addressees(plan))
    return memo["held"]


def unreported(plan: Plan) -> list[tuple[str, dt.date]]:
    """Return (addressee, the day it is dissolved) for every agency a dispatch letter goes to that
    is dissolved by the first report (``per_agency.first_report_view``, worked out once): no report
    form is made for it, nobody reports its tasks, and its letter asks for no report."""
    then = per_agency.first_report_view(dispatched(plan))
    return [(aid, then.dissolved_on(aid)) for aid in addressees(plan) if then.dissolved(aid)]


def reported_by_others(plan: Plan) -> list[tuple[str, str]]:
    """Return (addressee, the body reporting for it) for every agency a dispatch letter goes to that
    another body stands for by the first report (``reported_by``): its letter attaches no form."""
    then = per_agency.first_report_view(dispatched(plan))
    return [(aid, heir) for aid in addressees(plan) if (heir := reported_by(then, aid)) is not None]


def changed_by_then(plan: Plan) -> list[tuple[str, str, str]]:
    """Return (agency with tasks at the plan's date, how it is gone on the dispatch's date:
    ``merged``, ``renamed``, ``dissolved`` or ``sender``, the body it stands for then) for every
    agency a letter dated after a reorganisation no longer goes to."""
    view = dispatched(plan)
    if view is plan.as_issued:
        return []
    sender, out = per_agency.sender_id(view), []
    for aid in per_agency.recipients(plan.as_issued):
        if view.dissolved(aid):
            out.append((aid, "dissolved", aid))
        elif (now := view.current_id(aid)) != aid:
            out.append((aid, "sender" if now == sender else view.how_gone(aid), now))
    return out


Form = tuple[int, str, str]
"""A report form made for a body no dispatch letter goes to: (year, the body, its successor)."""


def forms_parted(plan: Plan) -> tuple[tuple[Form, ...], tuple[Form, ...]]:
    """Return (carried, left over): each report form of ``reporting.years`` made for a body no
    dispatch letter goes to, (year, body, its successor): one that owed that year's report itself
    (it stood on that year's deadline) but was merged into, or renamed as, ``successor`` by the
    dispatch's date (letters sent after both the deadline and the merger: ``per_agency.late_years``).
    A body the monitor took over (it reports those tasks itself), or one dissolved by then, has
    none. Carried when the successor gets a letter (``forms_carried``), else left over
    (``forms_left_over``); worked out in one scan, once per plan (``Plan.dispatch_memo``)."""
    memo = plan.dispatch_memo
    if "forms" not in memo:
        memo["forms"] = _forms_parted(plan)
    return memo["forms"]


def _forms_parted(plan: Plan) -> tuple[tuple[Form, ...], tuple[Form, ...]]:
    """Return ``forms_parted``'s (carried, left over), scanning the report years' bodies once."""
    view, lettered = dispatched(plan), set(addressees(plan))  # addressees: never the sender
    carried: list[Form] = []
    left_over: list[Form] = []
    for year in per_agency.report_years(plan):
        for aid in per_agency.tracked(per_agency.for_year(plan, year)):
            heir = view.current_id(aid)
            if aid not in lettered and heir != aid and heir != plan.monitor_id and not view.dissolved(aid):
                (carried if heir in lettered else left_over).append((year, aid, heir))
    return tuple(carried), tuple(left_over)


def taken_by_monitor(plan: Plan) -> frozenset[tuple[int, str]]:
    """Return (year, body) of each report of ``reporting.years`` owed by a body (it stood on that
    year's deadline) that the monitor took over by the dispatch's date, so no letter goes to it
    (letters sent after both the deadline and the merger): the monitor reports those tasks itself
    (``reporter``), so no form is made for it (``bao_cao.units``) and nobody owes that report
    (``reminders.owing``), as when the merger comes before the deadline. Once per plan."""
    memo = plan.dispatch_memo
    if "taken" not in memo:
        view, lettered = dispatched(plan), set(addressees(plan))
        memo["taken"] = frozenset(
            (year, aid) for year in per_agency.report_years(plan) for aid in per_agency.tracked(per_agency.for_year(plan, year))
            if aid not in lettered and aid != plan.monitor_id and view.current_id(aid) == plan.monitor_id)
    return memo["taken"]


def forms_carried(plan: Plan) -> list[Form]:
    """Return the forms of ``forms_parted`` whose successor gets a letter: the form is made in
    the successor's folder (``bao_cao.units``) and its letter asks for that report (``late_sentence``)."""
    return list(forms_parted(plan)[0])


def forms_left_over(plan: Plan) -> list[Form]:
    """Return the forms of ``forms_parted`` no letter carries: their successor gets no dispatch
    letter (the issuer, when the monitor sends them), so the build warns about each."""
    return list(forms_parted(plan)[1])


def carried_by(plan: Plan, agency_id: str) -> dict[str, list[int]]:
    """Return body -> years of the forms the letter to ``agency_id`` carries for the bodies it took
    over after their deadline (``forms_carried``), registry order: {} for most letters."""
    out: dict[str, list[int]] = {}
    for year, aid, heir in forms_parted(plan)[0]:
        if heir == agency_id:
            out.setdefault(aid, []).append(year)
    return dict(sorted(out.items(), key=lambda item: plan.position(item[0])))
