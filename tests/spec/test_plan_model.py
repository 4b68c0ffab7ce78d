"""The plan model's numbering: ND30 labels for any number of parts (I. … XX.), not only fifteen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from khcn_docs.documents import ke_hoach
from khcn_docs.plan import number_label
from khcn_docs.spec.load import load_plan
from tests.spec.tiny_spec import VALID, edit, write_project


@pytest.mark.parametrize("depth, index, label", [
    (0, 0, "I."), (0, 3, "IV."), (0, 8, "IX."), (0, 14, "XV."), (0, 15, "XVI."), (0, 18, "XIX."), (0, 39, "XL."),
    (1, 0, "1."), (1, 11, "12."), (2, 0, "a)"), (2, 4, "đ)"), (2, 22, "y)"),
])
def test_labels_follow_nd30(depth, index, label):
    assert number_label(depth, index) == label


def test_a_plan_with_more_than_fifteen_parts_builds_its_document(tmp_path):
    part = ("  - section: PHẦN {n}\n    lead: [so-noi-vu]\n    children:\n"
            "      - item: Việc {n}.\n        task: t-{n}\n")
    many = "body:\n" + "".join(part.format(n=n) for n in range(1, 19))
    spec = edit(VALID, (VALID[VALID.index("body:"):VALID.index("reporting:")], many))
    plan = load_plan(write_project(tmp_path, spec))
    assert [t.label for t in plan.tasks][14:] == ["XV", "XVI", "XVII", "XVIII"]
    headings = [b["runs"][0]["text"] for b in ke_hoach.context(plan)["body"] if b["kind"] != "body"]
    assert "XVIII. " in headings


def _lettered(count: int) -> str:
    """Return a spec whose part I, point 1 has ``count`` lettered points a), b), …"""
    points = "".join(f"          - point: Điểm {n}.\n" for n in range(1, count + 1))
    body = ("body:\n  - section: NHIỆM VỤ\n    lead: [so-noi-vu]\n    children:\n"
            "      - section: Nhóm việc\n        children:\n" + points +
            "          - item: Việc.\n            task: t-1\n")
    return edit(VALID, (VALID[VALID.index("body:"):VALID.index("reporting:")], body))


def test_twenty_three_lettered_points_fit_the_alphabet(tmp_path):
    plan = load_plan(write_project(tmp_path, _lettered(23)))
    labels = [b["runs"][0]["text"] for b in ke_hoach.context(plan)["body"] if b["runs"][0]["text"].endswith(") ")]
    assert labels[0] == "a) " and labels[-1] == "y) " and len(set(labels)) == 23


def test_a_twenty_fourth_lettered_point_is_refused_where_it_is(tmp_path):
    from khcn_docs.errors import SpecError

    spec = write_project(tmp_path, _lettered(24))
    with pytest.raises(SpecError) as info:
        load_plan(spec)
    line = next(n for n, text in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "Điểm 24." in text)
    assert f":{line}:13: body[0].children[0].children[23]: mục này có quá 23 điểm đánh chữ" in info.value.message


@pytest.mark.parametrize("typed", ["15/08/2024", "15-08-2024", "15.08.2024", "2024-08-15", "'2024-08-15'", "15/8/2024",
                                   "2024-8-15"])
def test_a_date_is_read_the_ways_a_clerk_writes_it(tmp_path, typed):
    plan = load_plan(write_project(tmp_path, edit(VALID, ("  year: 2024", f"  year: 2024\n  number: 7\n  date: {typed}"))))
    assert str(plan.spec.document.date) == "2024-08-15"


def test_a_dispatch_date_is_read_with_one_digit_month_and_day(tmp_path):
    """``deadline: 2025-3-5`` was read, ``document.date``/``dispatch.date: 2025-3-5`` refused as "no
    real day": every date of a spec is read alike (``vn.parse_date``)."""
    spec = edit(VALID, ("  year: 2024", "  number: 7\n  date: 2024-8-15")) + "dispatch:\n  date: 2024-8-20\n"
    assert load_plan(write_project(tmp_path, spec)).spec.dispatch.date == dt.date(2024, 8, 20)


@pytest.mark.parametrize("where, edits", [
    ("5:3: document.date", [("  year: 2024", "  number: 7\n  date: 30/09/0000")]),
    ("32:3: dispatch.date", [("  year: 2024", "  number: 7\n  date: 15/08/2024")]),
    ("15:9: body[0].children[0].deadline", [("        task: t-1\n", "        task: t-1\n        deadline: 30/09/0000\n")]),
])
def test_a_year_zero_is_said_out_of_range_not_in_pythons_words(tmp_path, where, edits):
    """``30/09/0000`` showed Python's "year 0 is out of range" inside the Vietnamese message."""
    from khcn_docs.errors import SpecError

    spec = edit(VALID, *edits) + ("dispatch:\n  date: 30/09/0000\n" if "dispatch" in where else "")
    with pytest.raises(SpecError) as info:
        load_plan(write_project(tmp_path, spec))
    assert f":{where}: ngày “30/09/0000” nằm ngoài khoảng 01/01/1945 – 31/12/2200 — kiểm tra lại năm" \
        in info.value.message
    assert "year 0" not in info.value.message


def test_a_two_digit_year_is_not_guessed(tmp_path):
    from khcn_docs.errors import SpecError

    with pytest.raises(SpecError, match="document.date"):
        load_plan(write_project(tmp_path, edit(VALID, ("  year: 2024", "  year: 2024\n  number: 7\n  date: 15/08/24"))))


def test_the_plan_loaded_is_the_plan_checked_so_its_tasks_are_worked_out_once(tmp_path, monkeypatch):
    """Loading checks the plan (its letters' numbers need its tasks); the build then reads the
    same tasks. They are worked out once, not again on a copy made to attach the warnings."""
    from khcn_docs import plan as plan_module
    from khcn_docs.build import discover

    calls = []
    collect = plan_module._collect_tasks
    monkeypatch.setattr(plan_module, "_collect_tasks",
                        lambda plan, nodes, *rest: (calls.append(nodes) if nodes is plan.spec.body else None,
                                                    collect(plan, nodes, *rest))[1])
    plan = load_plan(write_project(tmp_path, VALID))
    discover(plan)
    assert plan.tasks and len(calls) == 1


def test_a_task_made_without_its_init_is_the_task_its_init_makes():
    """``Task.made`` (the plan's tasks) sets every field, as ``Task(...)`` does: a field added to
    ``Task`` must be added there too."""
    from dataclasses import fields

    from khcn_docs.plan import Task

    values = ("II.1-1", "Việc", "II.1", "Đầu mục", ("so-khcn",), ("so-noi-vu",), "Hằng năm", "Báo cáo",
              ("+ ý",))
    made = Task.made(*values)
    assert made == Task(*values) and hash(made) == hash(Task(*values))
    assert list(vars(made)) == [f.name for f in fields(Task)]


BUNDLED_SPEC = Path(__file__).resolve().parents[2] / "variables" / "plans" / "ke-hoach-709.yaml"


@pytest.mark.parametrize("day", [dt.date(2024, 12, 31), dt.date(2025, 3, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1)])
def test_a_group_expands_to_its_members_each_standing_for_itself_none_dissolved(day):
    """``Plan.expand`` takes a group's members (``group_members``) as they are: the bodies standing
    for them at the plan's date, none dissolved; an agency named is followed and left out when gone."""
    plan = load_plan(BUNDLED_SPEC).at(day)
    for group_id in plan.registry.groups:
        members = plan.group_members(group_id)
        assert all(plan.current_id(aid) == aid and not plan.dissolved(aid) for aid in members)
        assert plan.expand((group_id,)) == members
    named = ("so-tttt", "so-ban-nganh", "so-khcn", "ubnd-huyen", "ubnd-dong-ha", "truong-dh-cd")
    expected = dict.fromkeys(plan.current_id(aid) for ref in named
                             for aid in (plan.group_members(ref) if ref in plan.registry.groups else (ref,))
                             if not plan.dissolved(aid))
    assert plan.expand(named) == tuple(expected)


@pytest.mark.parametrize("year", [0, 1, 999, 1945, 2024, 2025, 9999])
def test_an_iso_day_reads_as_the_clerks_date_reader_reads_it(year):
    """``models.parse_date`` reads a ``yyyy-mm-dd`` day (the stored registry's dates) with
    ``date.fromisoformat``: the same day as ``vn.parse_date``, or the same error for one that
    does not exist or a year no calendar has."""
    from khcn_docs import vn
    from khcn_docs.spec.models import parse_date

    def read(reader, text):
        try:
            return reader(text)
        except ValueError as error:
            return type(error), str(error)

    for text in [f"{year:04d}-{month:02d}-{day:02d}" for month in range(14) for day in (0, 1, 28, 29, 30, 31, 32)]:
        assert read(parse_date, text) == read(vn.parse_date, text), text


def test_prose_is_stripped_as_every_other_text():
    """``models.Prose`` (the body's and the opening's texts) strips in Python what pydantic's
    ``str_strip_whitespace`` strips from ``Text``: the same for every character at either end."""
    from khcn_docs.spec.models import Model, Prose, Text

    class Both(Model):
        text: tuple[Text, ...] = ()
        prose: tuple[Prose, ...] = ()

    values = [f"{chr(c)}x{chr(c)}" for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    both = Both(text=values, prose=values)
    assert both.text == both.prose
    assert Both(prose=[" \u3000Triển khai\u00a0\n"]).prose == ("Triển khai",)
