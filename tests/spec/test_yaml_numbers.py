"""Numbers are read the way a clerk writes them: decimal digits are decimal, even with leading
zeros (YAML 1.1 would read ``0135`` as octal 93); YAML's other ways of writing a number (hex,
octal, binary, sexagesimal) stay text, so the field's check says what to write."""

from __future__ import annotations

import pytest

from khcn_docs.errors import SpecError
from khcn_docs.spec.load import load_plan
from khcn_docs.spec.yamlsrc import load
from tests.spec.broken_specs import parse_problem
from tests.spec.tiny_spec import VALID, edit, write_project


@pytest.mark.parametrize("typed, read", [
    ("135", 135), ("0135", 135), ("010", 10), ("012", 12), ("08", 8), ("-012", -12), ("00", 0), ("1_000", 1000),
    ("0x10", "0x10"), ("0o10", "0o10"), ("0b1", "0b1"), ("1:30", "1:30"), ("1:30.5", "1:30.5"),
    ("1.5", 1.5), ("012.5", 12.5), (".inf", ".inf"), ('"0135"', "0135"), ("'08'", "08"),
])
def test_a_number_is_read_as_the_decimal_the_clerk_wrote(tmp_path, typed, read):
    path = tmp_path / "x.yaml"
    path.write_text(f"value: {typed}\n{typed}: key\n", encoding="utf-8")
    data = load(path).data
    assert data["value"] == read and type(data["value"]) is type(read)
    assert read in data  # keys are read the same way


@pytest.mark.parametrize("field, typed", [("number", "0135"), ("number", "010"), ("number", "012")])
def test_a_plan_number_with_a_leading_zero_is_that_number(tmp_path, field, typed):
    spec = edit(VALID, ("  year: 2024", f"  {field}: {typed}\n  date: 20/10/2024"),
                ("  day: 15", "  day: 015"), ("  month: 11", "  month: 011"))
    plan = load_plan(write_project(tmp_path, spec))
    assert plan.spec.document.number == int(typed, 10)
    assert (plan.spec.reporting.day, plan.spec.reporting.month) == (15, 11)


def test_a_dispatch_number_with_a_leading_zero_is_that_number(tmp_path):
    spec = edit(VALID, ("  year: 2024", "  number: 5\n  date: 20/10/2024")) \
        + "dispatch:\n  number: 046\n  numbers: {so-noi-vu: 047}\n  date: 21/10/2024\n"
    dispatch = load_plan(write_project(tmp_path, spec)).spec.dispatch
    assert (dispatch.number, dispatch.numbers) == (46, {"so-noi-vu": 47})


@pytest.mark.parametrize("typed", ["0x10", "0b1", "1:30", "0o10"])
def test_hex_binary_or_sexagesimal_is_refused_as_not_a_number(tmp_path, typed):
    spec = edit(VALID, ("  year: 2024", f"  number: {typed}\n  date: 20/10/2024"))
    with pytest.raises(SpecError) as info:
        load_plan(write_project(tmp_path, spec))
    problems = [parse_problem(p) for p in info.value.problems]
    assert [(p.line, p.field) for p in problems] == [(4, "document.number")]
    assert f"phải là số nguyên, nhận được “{typed}”" in problems[0].message


def test_a_sexagesimal_float_is_refused_not_a_traceback(tmp_path):
    with pytest.raises(SpecError) as info:
        load_plan(write_project(tmp_path, edit(VALID, ("  day: 15", "  day: 1:30.5"))))
    assert [parse_problem(p).field for p in info.value.problems] == ["reporting.day"]
