"""The bundled spec (variables/plans/ke-hoach-709.yaml) encodes the seed plan, text and roles."""

from __future__ import annotations

import datetime as dt

import pytest

from khcn_docs.plan import LEAD, SUPPORT
from khcn_docs.spec.load import load_plan
from tests.spec.seed_text import (BUNDLED_SPEC, CORRECTIONS, apply_corrections, flatten,
                                  raw_seed_lines, seed_lines)
from tests.spec.tiny_spec import VALID, edit, write_project


@pytest.fixture(scope="module")
def plan():
    return load_plan(BUNDLED_SPEC)


def task(plan, task_id):
    return next(t for t in plan.tasks if t.id == task_id)


def ids(plan, agency_id, role):
    return {t.id for t, r in plan.tasks_for(agency_id) if r == role}


# ------------------------------------------------------------------ text

def test_flattened_spec_is_the_seed_line_by_line(plan):
    assert flatten(plan) == seed_lines()


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: c.seed[:30])
def test_each_correction_occurs_once_in_the_seed(correction):
    assert "\n".join(raw_seed_lines()).count(correction.seed) == 1
    assert correction.seed != correction.fixed


def test_a_correction_that_no_longer_applies_fails():
    with pytest.raises(ValueError, match="occurs 0 times"):
        apply_corrections(["Bộ KH&CN (B/c);"], CORRECTIONS[4:5])


def test_spec_keeps_emphasis_markers_that_the_flattening_drops(plan):
    assert "*Quyết định số 709/QĐ-TTg của Thủ tướng Chính phủ*" in plan.spec.opening[0]
    assert "*" not in "".join(flatten(plan))


# ------------------------------------------------------------------ document facts

def test_draft_metadata(plan):
    doc = plan.spec.document
    assert (doc.issuer, doc.number, doc.date, doc.year, doc.drafting_unit) == ("ubnd-tinh", None, None, 2024, "KGVX")
    assert doc.is_draft and doc.title.startswith("Thực hiện Quyết định số 709/QĐ-TTg ngày 23/7/2024")


def test_reporting_duty_is_15_november_through_so_khcn(plan):
    rep = plan.spec.reporting
    assert (rep.day, rep.month, plan.monitor_id) == (15, 11, "so-khcn")


def test_dispatch_is_signed_by_the_director_of_so_khcn(plan):
    disp = plan.spec.dispatch
    assert (disp.sender, disp.unit, disp.reminder_days) == ("monitor", "QLKH", 7)
    assert plan.signature_lines(disp.signature) == (("GIÁM ĐỐC",), "Nguyễn Văn Minh")


def test_task_ids_are_unique_and_every_task_has_a_lead(plan):
    assert len(plan.tasks) == 40
    assert len({t.id for t in plan.tasks}) == 40
    assert all(t.lead for t in plan.tasks)


# ------------------------------------------------------------------ roles, read from the seed by hand

# Tasks given to "Các Sở, ban, ngành, Ủy ban nhân dân các huyện…" (lead) and to
# "Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ban, ngành, UBND các huyện…" (support).
GROUP_LEAD = {"II.1.a-1", "II.1.a-2", "II.2.a-1", "II.2.a-2", "II.2.a-3", "II.2.a-4", "II.3.a",
              "II.4.a-1", "II.4.a-2", "II.6.a", "III.1"}
GROUP_SUPPORT = {"II.2.b-1", "II.2.b-2", "II.2.b-3", "II.2.b-5", "II.3.b-1", "II.3.b-2", "II.3.b-3",
                 "II.3.b-5", "II.4.b-1", "II.4.b-2", "II.4.b-3", "II.4.b-4", "II.5.a", "II.5.b-1", "II.5.b-2"}


@pytest.mark.parametrize("agency, role, expected", [
    # II.2.c "Sở Nội vụ": "- Chủ trì, phối hợp với Sở KH&CN … cải cách hành chính"
    ("so-noi-vu", LEAD, GROUP_LEAD | {"II.2.c-2"}),
    # II.2.c "- Phối hợp với Sở KH&CN trong việc xây dựng chính sách thu hút nhân lực";
    # II.3.b "- Chủ trì, phối hợp với Sở Nội vụ, Liên hiệp các Hội …"
    ("so-noi-vu", SUPPORT, GROUP_SUPPORT | {"II.2.c-1", "II.3.b-4"}),
    # II.2.b "- Phối hợp với Sở Tài chính trong triển khai các quy định về dự toán …";
    # II.2.d "- Chủ trì, phối hợp với Sở KH&CN … tài sản hình thành từ nhiệm vụ KH&CN"
    ("so-tai-chinh", LEAD, GROUP_LEAD | {"II.2.b-4", "II.2.d-1"}),
    # II.2.d "- Phối hợp với Sở KH&CN … Quỹ phát triển khoa học và công nghệ của doanh nghiệp"
    ("so-tai-chinh", SUPPORT, GROUP_SUPPORT | {"II.2.d-2"}),
    # II.3.đ "Phối hợp với Sở KH&CN … Trạm Nghiên cứu … Bắc Hướng Hóa"
    ("so-nnptnt", SUPPORT, GROUP_SUPPORT | {"II.3.dd"}),
    ("so-tttt", LEAD, GROUP_LEAD | {"II.1.b"}),
    ("so-gddt", LEAD, GROUP_LEAD | {"II.3.c-1", "II.3.c-2", "II.4.c"}),
    # not a Sở: named once, in II.3.b-4
    ("lien-hiep-hoi", LEAD, set()),
    ("lien-hiep-hoi", SUPPORT, {"II.3.b-4"}),
    # a district: "Ủy ban nhân dân các huyện…" everywhere but II.6.a ("Các sở, ban ngành liên quan")
    ("ubnd-cam-lo", LEAD, GROUP_LEAD - {"II.6.a"}),
    ("ubnd-cam-lo", SUPPORT, GROUP_SUPPORT),
    # "Các Trường Đại học, Cao đẳng trên địa bàn tỉnh"
    ("cd-y-te", LEAD, {"II.3.d"}),
    ("cd-y-te", SUPPORT, set()),
])
def test_roles_as_the_seed_assigns_them(plan, agency, role, expected):
    assert ids(plan, agency, role) == expected


def test_so_khcn_leads_what_others_do_in_coordination_with_it(plan):
    coordinated = {"II.2.c-1", "II.2.d-2", "II.3.dd", "II.5.a"}  # "Phối hợp với Sở Khoa học và Công nghệ …"
    assert coordinated <= ids(plan, "so-khcn", LEAD)
    assert ids(plan, "so-khcn", SUPPORT) == {"II.2.b-4", "II.2.c-2", "II.2.d-1"}


def test_monitoring_duty_is_so_khcn_alone(plan):
    monitoring = task(plan, "III.2")
    assert (monitoring.lead, monitoring.support, monitoring.deadline) == (("so-khcn",), (), "Định kỳ, đột xuất")


def test_group_so_ban_nganh_expands_to_every_so(plan):
    """Every Sở of 2024; not the two formed on 01/3/2025 (``renamed_from``), which the registry
    also lists: a 2024 plan's groups hold the bodies of its date."""
    formed_2025 = {"so-nnmt", "so-dttg"}
    every_so = {aid for aid, a in plan.registry.agencies.items() if a.name.startswith("Sở ")} - formed_2025
    assert len(every_so) == 16
    assert every_so <= set(task(plan, "II.6.a").lead)
    assert every_so - {"so-khcn"} <= set(task(plan, "II.2.b-1").support)
    assert not formed_2025 & {aid for t in plan.tasks for aid in t.lead + t.support}
    assert all(plan.not_yet(aid) == dt.date(2025, 3, 1) for aid in formed_2025)
    later = plan.at(dt.date(2025, 11, 15))
    assert formed_2025 <= set(later.group_members("so-ban-nganh"))
    assert not {"so-nnptnt", "so-tnmt", "ban-dan-toc"} & set(later.group_members("so-ban-nganh"))


def test_an_agency_is_listed_once_per_task(plan):
    for t in plan.tasks:
        named = t.lead + t.support
        assert len(named) == len(set(named)), t.id


def test_lead_wins_over_support_through_a_group(plan):
    ii5a = task(plan, "II.5.a")  # lead so-khcn, support so-ban-nganh (which holds so-khcn)
    assert ii5a.lead == ("so-khcn",) and "so-khcn" not in ii5a.support
    assert [r for t, r in plan.tasks_for("so-khcn") if t.id == "II.5.a"] == [LEAD]


def test_agency_named_via_group_and_individually_is_listed_once(tmp_path):
    spec = edit(VALID, ("lead: [so-noi-vu]", "lead: [so-ban-nganh, so-noi-vu, so-noi-vu]"),
                ("support: [so-khcn]", "support: [so-noi-vu, ubnd-huyen, ubnd-cam-lo]"))
    t2 = task(load_plan(write_project(tmp_path, spec)), "t-2")
    assert t2.lead.count("so-noi-vu") == 1 and "so-noi-vu" not in t2.support
    assert t2.support.count("ubnd-cam-lo") == 1
