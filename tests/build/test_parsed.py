"""Parsed variables kept between builds (``parsed.py``): the registry and signers are not parsed
again while their bytes are the same, and the documents are exactly those of a fresh build."""

from __future__ import annotations

import shutil

import pytest

from khcn_docs import parsed
from khcn_docs.errors import SpecError
from khcn_docs.spec import yamlsrc
from khcn_docs.spec.load import load_plan
from khcn_docs.spec.models import Registry, Signers
from khcn_docs.state import Manifest
from tests.build.conftest import BUNDLED, REVISION

TASK = ("Tham mưu tổ chức đào tạo nâng cao năng lực tin học", "Tham mưu tổ chức đào tạo bồi dưỡng năng lực tin học")


@pytest.fixture
def parsed_files(monkeypatch) -> list[str]:
    """Return the names of the YAML files parsed from now on (filled as builds run)."""
    names: list[str] = []
    real = yamlsrc.load

    def counting(path, raw=None, digest=None):
        names.append(path.name)
        return real(path, raw, digest)

    monkeypatch.setattr("khcn_docs.spec.load.load_yaml", counting)
    return names


def stored(project) -> dict:
    with Manifest.open(project.folder, create=False) as manifest:
        return {"tool": manifest.meta(parsed.KEY), "models": manifest.meta_under(parsed.MODELS, encoded=True)}


def fresh_copy(project, tmp_path):
    """Return the documents (relative path -> sha256) of a first build of the project's files elsewhere."""
    other = tmp_path / "fresh"
    shutil.copytree(project.root / "variables", other / "variables")
    from khcn_docs.build import build

    report = build(other / "variables" / "plans" / "plan.yaml", other / "output", templates=project.templates)
    return {p.relative_to(report.folder).as_posix(): p.read_bytes() for p in report.outputs.values()}


def documents(project, report) -> dict:
    return {p.relative_to(report.folder).as_posix(): p.read_bytes() for p in report.outputs.values()}


@pytest.mark.parametrize("spec", [BUNDLED, REVISION], ids=["plan", "revision"])
def test_stored_models_read_back_equal(spec):
    plan = load_plan(spec)
    assert Registry.model_validate_json(plan.registry.model_dump_json()) == plan.registry
    assert list(Registry.model_validate_json(plan.registry.model_dump_json()).agencies) == list(plan.registry.agencies)
    assert Signers.model_validate_json(plan.signers.model_dump_json()) == plan.signers



@pytest.mark.parametrize("spec", [BUNDLED, REVISION], ids=["plan", "revision"])
def test_stored_json_is_what_dumping_the_models_read_back_gives(spec):
    """A plan loaded from stored variables keeps their stored JSON as its ``variables_json`` (stored
    again, and compared by ``diff``) instead of dumping them again: the two must be the same text."""
    first = load_plan(spec)
    known = parsed.wanted(first)
    again = load_plan(spec, known)
    assert again.__dict__.get("variables_json") is not None  # taken from ``known``, not dumped
    assert again.variables_json == (again.registry.model_dump_json().encode(), again.signers.model_dump_json().encode())
    assert again.shared_digest == first.shared_digest


def test_a_spec_edit_parses_the_spec_alone_and_gives_a_fresh_builds_documents(project, parsed_files, tmp_path):
    project.build()
    assert parsed_files == ["plan.yaml", "agencies.yaml", "signers.yaml"]
    parsed_files.clear()
    project.edit_spec(*TASK)
    report = project.build()
    assert parsed_files == ["plan.yaml"]
    assert documents(project, report) == fresh_copy(project, tmp_path)


def test_a_registry_edit_is_parsed_and_reaches_the_documents(project, parsed_files, tmp_path):
    project.build()
    parsed_files.clear()
    text = project.agencies.read_text(encoding="utf-8")
    project.agencies.write_text(text.replace("name: Sở Giáo dục và Đào tạo\n", "name: Sở Giáo dục và Đào tạo tỉnh Quảng Trị\n"),
                                encoding="utf-8")
    report = project.build()
    assert parsed_files == ["plan.yaml", "agencies.yaml"]
    assert any(b.unit.agency == "so-gddt" for b in report.built)
    assert documents(project, report) == fresh_copy(project, tmp_path)
    assert len(stored(project)["models"]) == 4  # the old registry's entries (model, header names) replaced, not added


def test_a_registry_problem_is_still_reported(project):
    project.build()
    text = project.agencies.read_text(encoding="utf-8")
    project.agencies.write_text(text.replace("parent: ubnd-tinh\n", "parent: ubnd-tinhh\n", 1), encoding="utf-8")
    with pytest.raises(SpecError) as err:
        project.build()
    assert any("agencies.yaml" in line and "ubnd-tinhh" in line for line in err.value.problems)


def test_stored_models_of_another_tool_or_unreadable_are_not_used(project, parsed_files, monkeypatch):
    project.build()
    damaged = {key: '{"agencies": "not a registry"}' for key in stored(project)["models"]}
    with Manifest.open(project.folder) as manifest:
        manifest.replace_meta_under(parsed.MODELS, damaged)
    parsed_files.clear()
    project.edit_spec(*TASK)
    project.build()                     # the damaged JSON fails validation: the files are parsed
    assert parsed_files == ["plan.yaml", "agencies.yaml", "signers.yaml"]
    assert stored(project)["models"] == parsed.wanted(load_plan(project.spec))  # and stored again
    parsed_files.clear()
    monkeypatch.setattr(parsed, "code_digest", lambda: "another version of the tool")
    project.edit_spec(TASK[1], TASK[0])
    project.build()
    assert parsed_files == ["plan.yaml", "agencies.yaml", "signers.yaml"]


def test_a_plan_with_letters_held_back_keeps_what_its_load_took_from_the_stored_variables():
    """``held_back`` copies the plan with some letters drafts; its registry and signers are the same,
    so what the load took from the stored JSON stays with the copy (no dump, no layouts tried again
    when the build remembers them)."""
    from khcn_docs.documents import cong_van_trien_khai

    first = load_plan(BUNDLED)
    again = load_plan(BUNDLED, parsed.wanted(first))
    held = cong_van_trien_khai.holding(again, cong_van_trien_khai.addressees(again)[:1])
    assert held is not again and held.spec.dispatch.held(cong_van_trien_khai.addressees(again)[0])
    for name in ("variables_json", "unbroken_names", "wide_header_names"):
        assert held.__dict__.get(name) is again.__dict__[name]
    assert parsed.wanted(held) == parsed.wanted(again)
