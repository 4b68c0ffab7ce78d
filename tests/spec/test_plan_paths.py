"""A plan records the real paths of its spec and variables folder (links followed), whatever way the
spec is named: through a linked folder, as a link itself, or with another ``variables`` setting."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from khcn_docs.spec.load import load_plan
from tests.spec.tiny_spec import VALID, edit, write_project


def _paths(plan) -> tuple:
    return plan.spec_path, plan.variables_dir, [path for path, _ in plan.sources]


def _expected(spec: Path, variables: str = "..") -> tuple:
    var_dir = (spec.parent / variables).resolve()
    return spec.resolve(), var_dir, [str(spec.resolve()), str(var_dir / "agencies.yaml"), str(var_dir / "signers.yaml")]


def test_a_spec_named_through_a_linked_folder_is_recorded_where_it_is(tmp_path):
    spec = write_project(tmp_path / "real", VALID)
    os.symlink(tmp_path / "real", tmp_path / "link")
    named = tmp_path / "link" / "variables" / "plans" / "plan.yaml"
    assert _paths(load_plan(named)) == _expected(named) and _expected(named)[0] == spec


def test_a_spec_that_is_a_link_finds_its_variables_from_where_the_link_is(tmp_path):
    write_project(tmp_path / "a", VALID)
    write_project(tmp_path / "b", VALID)
    link = tmp_path / "b" / "variables" / "plans" / "link.yaml"
    os.symlink(tmp_path / "a" / "variables" / "plans" / "plan.yaml", link)
    plan = load_plan(link)
    assert _paths(plan) == _expected(link)
    assert (plan.spec_path, plan.variables_dir) == ((tmp_path / "a" / "variables" / "plans" / "plan.yaml").resolve(),
                                                    (tmp_path / "b" / "variables").resolve())


@pytest.mark.parametrize("variables, where", [("../..", "."), (".", "variables/plans"), ("../shared", "variables/shared"),
                                              ("./../", "variables")])
def test_the_variables_folder_is_recorded_where_the_setting_leads(tmp_path, variables, where):
    spec = write_project(tmp_path, edit(VALID, ("variables: ..", f"variables: {variables}")))
    target = (tmp_path / where).resolve()
    for name in ("agencies.yaml", "signers.yaml"):
        if not (target / name).exists():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(tmp_path / "variables" / name, target / name)
    assert _paths(load_plan(spec)) == _expected(spec, variables)


def test_a_variables_folder_reached_through_a_link_is_recorded_where_it_is(tmp_path):
    spec = write_project(tmp_path / "real", edit(VALID, ("variables: ..", "variables: ../linked")))
    os.symlink(tmp_path / "real" / "variables", tmp_path / "real" / "variables" / "linked")
    assert _paths(load_plan(spec)) == _expected(spec, "../linked")
    assert load_plan(spec).variables_dir == (tmp_path / "real" / "variables").resolve()


def test_a_spec_named_relative_to_the_working_folder_is_recorded_in_full(tmp_path, monkeypatch):
    spec = write_project(tmp_path, VALID)
    monkeypatch.chdir(spec.parent)
    assert _paths(load_plan("plan.yaml")) == _expected(spec)
