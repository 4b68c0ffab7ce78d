"""The report form (báo cáo, mẫu 1.4) an agency fills in for the yearly report on the plan.

In the agency's own name and header, addressed as the dispatch letter asks (to the monitoring
body, or through it to the body above it when the issuer sends the letters); its tasks in a table with
empty columns for results and difficulties; one per agency with tasks (the monitor included).
A blank for the agency to fill and issue under its own number, it is never an issued document
of the plan: a rebuild keeps it in step with the tasks.
"""

from __future__ import annotations

from functools import partial

from khcn_docs.documents import common, cong_van_trien_khai, ke_hoach, per_agency
from khcn_docs.documents.unit import Unit
from khcn_docs.paths import safe_name
from khcn_docs.plan import Plan

KIND = "bao-cao"
TEMPLATE = "bao-cao.docx"
TYPE_ABBR = "BC"
SECTIONS = ("TÌNH HÌNH TRIỂN KHAI THỰC HIỆN", "KẾT QUẢ THỰC HIỆN",
            "KHÓ KHĂN, VƯỚNG MẮC", "ĐỀ XUẤT, KIẾN NGHỊ")
FILL_LINES = 3


def file_name(year: int, of: str = "") -> str:
    """Return the report form's file name for ``year``: ``bao-cao-2024.docx``; the form of another
    body (``of``, its name) carried in a successor's folder, ``bao-cao-2024-so-giao-thong-van-tai.docx``."""
    return f"bao-cao-{year}{f'-{safe_name(of)}' if of else ''}.docx"


def symbol(plan: Plan, agency_id: str) -> str:
    """Return the report's ký hiệu: ``BC-SNV`` (type abbreviation, the agency's abbreviation)."""
    return f"{TYPE_ABBR}-{plan.agency(agency_id).abbreviation}"


def title(plan: Plan, year: int) -> str:
    """Return the trích yếu: ``Kết quả thực hiện năm 2024 Kế hoạch số …/KH-UBND ngày … của UBND tỉnh
    Quảng Trị``: the year right after "thực hiện" is the year reported on; after the plan's
    reference it would read as the plan's year (``Kế hoạch số … của UBND tỉnh Quảng Trị năm 2024``)."""
    return f"Kết quả thực hiện năm {year} {ke_hoach.reference(plan)}"


def fill(end: str = "") -> list[dict]:
    """Return dotted lines to write on, the last ending with ``end``."""
    lines = [per_agency.dotted_line() for _ in range(FILL_LINES - 1)] + [per_agency.dotted_line(end)]
    return [{"kind": "body", "runs": [{"text": line}]} for line in lines]


def heading(n: int) -> dict:
    """Return the ``n``-th (0-based) section heading block: ``I. TÌNH HÌNH …``."""
    return {"kind": "h1", "runs": [{"text": f"{('I', 'II', 'III', 'IV')[n]}. {SECTIONS[n]}"}]}


Filer = tuple[Plan, str]
"""Who files a form carried in a successor's folder: (the plan on the letters' date, the successor)."""


def blocks_before_table(plan: Plan, agency_id: str, year: int, filer: Filer | None = None) -> list[dict]:
    """Return the opening sentence, section I with lines to fill, and section II's heading and lead-in;
    a carried form (``filer``) has its successor report on the body it took over: ``…, Sở Xây dựng báo
    cáo kết quả thực hiện Kế hoạch năm 2024 của Sở Giao thông vận tải (nay đã hợp nhất vào Sở Xây dựng)
    như sau:`` (``per_agency.former``)."""
    view, issuer = filer or (plan, agency_id)
    whose = f" của {per_agency.former(view, agency_id, issuer)}" if filer else ""
    opening = (f"Thực hiện {per_agency.plan_cited(plan)}, {per_agency.name(view, issuer)} "
               f"báo cáo kết quả thực hiện Kế hoạch năm {year}{whose} như sau:")
    lead_in = "Kết quả thực hiện các nhiệm vụ được giao tại Kế hoạch:"
    return [*per_agency.body(opening), heading(0), *fill(), heading(1), *per_agency.body(lead_in)]


def blocks_after_table(plan: Plan, agency_id: str) -> list[dict]:
    """Return sections III and IV with lines to fill; the last line closes the body with "./."."""
    return [heading(2), *fill(), heading(3), *fill("./.")]


def addressed_to(plan: Plan, agency_id: str) -> str:
    """Return the form's Kính gửi, as the dispatch letter asks the report sent
    (``per_agency.report_route``): ``Sở Khoa học và Công nghệ`` when the monitor collects the
    reports, ``Ủy ban nhân dân tỉnh Quảng Trị (qua Sở Khoa học và Công nghệ)`` when the issuer
    sends the letters ("gửi Ủy ban nhân dân tỉnh Quảng Trị (qua Sở Khoa học và Công nghệ)")."""
    return per_agency.through(plan, *per_agency.report_route(plan, agency_id))


def dated_year(plan: Plan, year: int) -> int:
    """Return the year the form's blank date line prints (``Quảng Trị, ngày … tháng … năm 2025``):
    that of the day the report of ``year`` is due (``per_agency.due_date``), when it is written; a
    2024 report asked for by letters of 10/3/2025, due 17/3/2025, is dated in 2025."""
    return per_agency.due_date(plan, year).year


def context(plan: Plan, agency_id: str, year: int, filer: Filer | None = None) -> dict:
    """Return the render context of ``agency_id``'s report form for ``year`` (``plan``: as on that
    year's deadline); a form carried in a successor's folder (``filer``, ``forms_carried``) is the
    successor's document (its header, number, route, signature) on the tasks of ``agency_id``."""
    view, issuer = filer or (plan, agency_id)
    agency = view.agency(issuer)
    doc_title = title(plan, year)
    return {
        "hdr": per_agency.agency_header(view, issuer, None, dated_year(plan, year)),
        "doc": {"number_line": common.number_line(None, symbol(view, issuer)),
                "title": doc_title, "title_rule": common.title_rule(doc_title)},
        "kg": per_agency.kinh_gui([addressed_to(view, issuer)]),
        "before": blocks_before_table(plan, agency_id, year, filer),
        "rows": per_agency.task_rows(plan, agency_id),
        "after": blocks_after_table(plan, agency_id),
        "recipients": ["Như trên"],
        "archive": per_agency.archive_unit(agency),
        "sig": per_agency.head_signature(agency),
    }


def owed(plan: Plan) -> list[tuple[int, str]]:
    """Return (year, agency id) of each report form the plan has, by year of ``reporting.years``,
    then in ``per_agency.recipients`` order: each agency with tasks as the agencies stand on that
    year's deadline (``per_agency.for_year``), less those whose report the monitor took over
    (``cong_van_trien_khai.taken_by_monitor``: it reports those tasks itself, no form). ``units``
    makes these forms; ``diff.reporters`` says whose come or go."""
    taken = cong_van_trien_khai.taken_by_monitor(plan)
    return [(year, aid) for year in per_agency.report_years(plan)
            for aid in per_agency.recipients(per_agency.for_year(plan, year)) if (year, aid) not in taken]


def units(plan: Plan) -> list[Unit]:
    """Return one report-form unit per agency with tasks and per reporting year (``reporting.years``,
    by default the plan's year of issue); each year's form is its own file and unit, for the
    agencies as they stand on that year's deadline (``per_agency.for_year``: a 2025 form goes to
    the body that took over a merged one, with its tasks, and to no dissolved body). The form of a
    body merged or renamed after its deadline and before the dispatch letters
    (``cong_van_trien_khai.forms_carried``) goes with its successor's letter: in that folder, after
    the successor's own forms, ``bao-cao-2024-so-giao-thong-van-tai.docx``, unit ``bao-cao:<successor>:2024-<body>``,
    as the successor's document (``context``'s ``filer``: Sở Xây dựng reports on Sở Giao thông vận tải's tasks)."""
    years = {year: (per_agency.for_year(plan, year), title(plan, year), file_name(year), str(year))
             for year in per_agency.report_years(plan)}
    carried = {(year, aid): heir for year, aid, heir in cong_van_trien_khai.forms_carried(plan)}
    forms = sorted((plan.position(carried.get((year, aid), aid)), (year, aid) in carried, year, aid)
                   for year, aid in owed(plan))  # by folder, then year
    view = cong_van_trien_khai.dispatched(plan)
    out = []
    for _, moved, year, aid in forms:
        then, year_title, name, said = years[year]  # said: the year as text
        owner, path, filer, variant = aid, f"{per_agency.folder(then, aid)}/{name}", None, said
        if moved:
            owner, variant, filer = carried[(year, aid)], f"{year}-{aid}", (view, carried[(year, aid)])
            path = f"{per_agency.folder(view, owner)}/{file_name(year, then.agency(aid).name)}"
        out.append(Unit(KIND, owner, TEMPLATE, path, None, partial(core, year_title, year, *(filer or (then, aid))),
                        f"{per_agency.name(then, aid)} — báo cáo {year}", variant=variant,
                        make=partial(context, then, aid, year, filer),
                        inputs=per_agency.inputs_key(then, aid, KIND, said, *((owner,) if moved else ()))))
    return out


def core(year_title: str, year: int, issuer_plan: Plan, issuer: str) -> dict:
    """Return the document properties of the form of ``year`` (its trích yếu ``year_title``:
    ``title``) filed by ``issuer`` (as it stands in ``issuer_plan``: ``context``'s filer, or the
    form's own agency): made only when the form is rendered or digested (``Unit.core``)."""
    return {"title": year_title, "subject": f"{symbol(issuer_plan, issuer)} {year}",
            "creator": per_agency.name(issuer_plan, issuer)}
