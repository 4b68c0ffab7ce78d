"""Broken specs: every problem is reported as ``file:line:col: field: message — hint``, all at once."""

from __future__ import annotations

import re

import pytest

from khcn_docs import i18n
from khcn_docs.errors import SpecError
from khcn_docs.spec.load import load_plan
from tests.spec.broken_specs import CASES, FIXED_GAPS, YAML_MISTAKES, Broken, parse_problem
from tests.spec.tiny_spec import VALID, edit, write_project


def problems_of(tmp_path, case: Broken) -> tuple[list, object]:
    """Return (parsed problems, path of the file that should hold the problem) for ``case``."""
    spec_path = write_project(tmp_path, case.spec, case.agencies)
    with pytest.raises(SpecError) as info:
        load_plan(spec_path)
    where = spec_path.parent.parent / "agencies.yaml" if case.in_registry else spec_path
    return [parse_problem(p) for p in info.value.problems], where.resolve()


def assert_reported(tmp_path, case: Broken) -> None:
    problems, where = problems_of(tmp_path, case)
    found = [p for p in problems if (p.file, p.line, p.column, p.field) == (where, case.line, case.column, case.field)]
    assert found, f"no problem at {case.line}:{case.column} {case.field}; got {problems}"
    assert any(case.message in p.message for p in found), found
    assert all(" — " in p.message for p in found), "every problem carries a hint"


def test_the_valid_spec_loads(tmp_path):
    assert [t.id for t in load_plan(write_project(tmp_path, VALID)).tasks] == ["t-1", "t-2"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_broken_spec_is_reported_at_its_position(tmp_path, case):
    assert_reported(tmp_path, case)


def test_the_header_names_the_files_with_problems_not_always_the_plan(tmp_path):
    case = next(c for c in CASES if c.kind == "unknown-merged-into")
    spec_path = write_project(tmp_path, case.spec, case.agencies)
    with pytest.raises(SpecError) as info:
        load_plan(spec_path)
    header = info.value.message.splitlines()[0]
    assert header.startswith("Có 1 lỗi trong ") and header.endswith("agencies.yaml; lệnh đã dừng, chưa ghi tệp nào:")
    assert "plan.yaml" not in header


@pytest.mark.parametrize("case", YAML_MISTAKES, ids=lambda c: c.kind)
def test_a_yaml_mistake_is_explained_in_the_clerks_words(tmp_path, case):
    assert_reported(tmp_path, case)
    problems, _ = problems_of(tmp_path, case)
    assert len(problems) == 1  # the file is not read further
    english = ("found", "expected", "mapping", "scanning", "while", "alias", "indicator")
    assert not [w for w in english if w in problems[0].message.split(" — ")[0].split(": ", 1)[1]], problems[0]


@pytest.mark.parametrize("case", FIXED_GAPS, ids=lambda c: c.kind)
def test_former_loader_gaps(tmp_path, case):
    assert_reported(tmp_path, case)


def test_an_invalid_nested_node_does_not_make_the_body_look_empty(tmp_path):
    problems, _ = problems_of(tmp_path, Broken("x", edit(VALID, ("task: t-1", "task: nhiệm-vụ-1")), 0, 0, "", ""))
    assert [p.field for p in problems] == ["body[0].children[0].task"]


def test_all_problems_are_reported_together(tmp_path):
    spec = edit(VALID, ("  year: 2024", "  date: 30/02/2024"), ("  title:", "  titel:"),
                ("lead: [so-noi-vu]", "lead: [so-noi-vuu]"), ("task: t-2", "task: t-1"),
                ("signer: le-duc-tien", "signer: nguyen-van-a"))
    spec_path = write_project(tmp_path, spec)
    with pytest.raises(SpecError) as info:
        load_plan(spec_path)
    problems = [parse_problem(p) for p in info.value.problems]
    assert {p.line for p in problems} >= {4, 5, 16, 17, 29}
    assert str(info.value.message).startswith(f"Có {len(problems)} lỗi trong {spec_path}; lệnh đã dừng, chưa ghi tệp nào:\n")
    assert [(p.line, p.column) for p in problems] == sorted((p.line, p.column) for p in problems)


def test_messages_in_english(tmp_path, monkeypatch):
    monkeypatch.setenv("KHCN_DOCS_LANG", "en")
    monkeypatch.setattr(i18n, "_current", [])
    spec = edit(VALID, ("  title:", "  titel:"), ("day: 15", "day: 31"), ("month: 11", "month: 4"))
    with pytest.raises(SpecError) as info:
        load_plan(write_project(tmp_path, spec))
    text = info.value.message
    assert re.match(r"3 problem\(s\) in \S+/plan\.yaml; stopped before writing anything:\n", text)
    assert ":5:3: document.titel: key “titel” is not supported — did you mean “title”?" in text
    assert ":20:3: reporting.day: 31/4 is not a real date — choose a day that exists in month 4" in text


def test_a_task_with_only_its_own_support_has_no_lead(tmp_path):
    spec = edit(VALID, ("        task: t-2\n        lead: [so-noi-vu]\n", "        task: t-2\n"))
    problems, _ = problems_of(tmp_path, Broken("x", spec, 0, 0, "", ""))
    assert any("chưa có cơ quan chủ trì" in p.message for p in problems), problems


def _without_task(problems) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.field) for p in problems if "chỉ dùng cho mục có nhiệm vụ bên trong" in p.message]


def test_agencies_named_where_no_task_is_nor_under_are_said_at_their_key(tmp_path):
    spec = edit(VALID, ("        task: t-1\n", ""), ("        task: t-2\n", ""))
    problems, _ = problems_of(tmp_path, Broken("x", spec, 0, 0, "", ""))
    assert _without_task(problems) == [(11, 5, "body[0].lead"), (15, 9, "body[0].children[1].lead")]


def test_support_named_where_no_task_is_is_said_at_support(tmp_path):
    spec = edit(VALID, ("        task: t-2\n        lead: [so-noi-vu]\n", ""))
    problems, _ = problems_of(tmp_path, Broken("x", spec, 0, 0, "", ""))
    assert _without_task(problems) == [(16, 9, "body[0].children[1].support")]


def test_agencies_over_a_task_further_down_are_not_said(tmp_path):
    spec = edit(VALID, ("      - item: Tổ chức tuyên truyền.\n        task: t-1\n",
                        "      - point: Tuyên truyền\n        children:\n          - item: Tổ chức tuyên truyền.\n"
                        "            children:\n              - paragraph: Ở cơ sở.\n                task: t-1\n"))
    assert [task.id for task in load_plan(write_project(tmp_path, spec)).tasks] == ["t-1", "t-2"]


def test_a_misspelt_agency_gets_the_closest_id(tmp_path):
    problems, _ = problems_of(tmp_path, Broken("x", edit(VALID, ("lead: [so-noi-vu]", "lead: [so-noi-vuu]")), 0, 0, "", ""))
    assert any("so-noi-vu”?" in p.message for p in problems), problems


def test_every_yaml_message_has_a_hint_in_both_languages():
    import re
    from pathlib import Path

    import yaml

    from khcn_docs.spec import yamlsrc

    source = Path(yamlsrc.__file__).read_text(encoding="utf-8")
    codes = {code for _, _, code in yamlsrc.PROBLEMS} | set(re.findall(r'"spec\.yaml\.([a-z_]+)"', source))
    codes |= set(re.findall(r'code(?:, params\["end"\])? = "([a-z_]+)"', source)) | {"other"}
    assert {"tab", "colon", "star", "quote_runs_on", "alias_loop", "too_many"} <= codes
    for lang in ("vi", "en"):
        catalogue = yaml.safe_load((Path(i18n.__file__).with_name("locale") / f"{lang}.yaml").read_text("utf-8"))
        missing = [k for c in sorted(codes) for k in (f"spec.yaml.{c}", f"spec.yaml.{c}.hint") if k not in catalogue]
        assert missing == [], lang


def test_a_number_or_yes_where_text_is_expected_is_said_with_how_to_quote_it(tmp_path):
    for value, hint in (("2024", 'đặt trong ngoặc kép, ví dụ: "2024"'), ("yes", "YAML hiểu yes, no, on, off")):
        spec = write_project(tmp_path, edit(VALID, ("title: Kế hoạch thử nghiệm", f"title: {value}")))
        with pytest.raises(SpecError) as info:
            load_plan(spec)
        [problem] = info.value.problems
        assert hint in problem and "int" not in problem and "bool" not in problem


def test_a_letter_may_have_the_plans_number_and_the_batch_number(tmp_path):
    """Numbers of different registers (the plan's KH-UBND, the letters' SKHCN-QLKH), or a letter's own
    number equal to the batch's, are no shared number."""
    spec = edit(VALID, ("  year: 2024", "  number: 46\n  date: 20/10/2024")) \
        + "dispatch:\n  date: 21/10/2024\n  number: 46\n  numbers:\n    so-noi-vu: 46\n    so-tai-chinh: 47\n"
    assert load_plan(write_project(tmp_path, spec)).spec.dispatch.numbers == {"so-noi-vu": 46, "so-tai-chinh": 47}


@pytest.mark.parametrize("kind", ["empty-file", "comments-only-file"])
def test_an_empty_plan_is_one_problem_not_one_per_missing_key(tmp_path, kind):
    problems, _ = problems_of(tmp_path, next(c for c in CASES if c.kind == kind))
    assert [(p.line, p.field) for p in problems] == [(1, "-")]


@pytest.mark.parametrize("given", ["Sở Nội vụ", "SO-NOI-VU", "SNV", "sở nội vụ"])
def test_an_agency_named_by_name_abbreviation_or_capitals_gets_its_id(tmp_path, given):
    problems, _ = problems_of(tmp_path, Broken("x", edit(VALID, ("lead: [so-noi-vu]", f"lead: [{given}]")), 0, 0, "", ""))
    assert [p.message.split(" — ")[1].split("? ")[0] for p in problems] == ["có phải ý bạn là “so-noi-vu”"]


def test_one_agency_written_without_brackets_is_one_problem_with_the_bracketed_form(tmp_path):
    """``lead: so-ban-nganh`` (brackets left out) is one problem whose hint writes it as it should be;
    it no longer also says the task below has no lead, which it has."""
    case = Broken("lead-without-brackets", edit(VALID, ("lead: [so-ban-nganh]", "lead: so-ban-nganh")), 11, 11,
                  "body[1].lead", "phải là một danh sách")
    problems, _ = problems_of(tmp_path, case)
    assert len(problems) == 1, problems
    assert "lead: [so-ban-nganh]" in problems[0].message


def test_an_opening_paragraph_written_without_a_dash_is_shown_the_dash_form_not_brackets(tmp_path):
    """``opening: >-`` and a paragraph (no "- "): the hint writes it as a "- " line below the key;
    ``opening: [Thực hiện …, … như sau:]`` (the bracketed form of one id) would be a YAML error
    (its ":") and its commas would split the paragraph."""
    spec = edit(VALID, ("opening:\n  - Thực hiện Quyết định số 709/QĐ-TTg.",
                        "opening: >-\n  Thực hiện Quyết định số 709/QĐ-TTg, Ủy ban nhân dân tỉnh ban hành\n"
                        "  Kế hoạch như sau:"))
    problems, _ = problems_of(tmp_path, Broken("x", spec, 0, 0, "", ""))
    assert [(p.line, p.field) for p in problems] == [(7, "opening")]
    message, hint = problems[0].message.split(" — ")
    assert "phải là một danh sách" in message
    assert "bắt đầu bằng “- ”, ví dụ “  - Thực hiện Quyết định số …”" in hint
    assert "opening: [Thực hiện" not in hint.replace('["', "")
    assert 'opening: ["Thực hiện Quyết định số …"]' in hint
