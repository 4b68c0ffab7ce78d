"""The cheap input keys never hide a change: after each kind of edit, the units found outdated with
the keys are exactly those found by making every context and comparing digests."""

from __future__ import annotations

import dataclasses
import re

import pytest

from khcn_docs.build import discover
from khcn_docs.outdated import outdated
from khcn_docs.spec.load import load_plan
from khcn_docs.state import Manifest


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    ("one word of one task", "spec", "chức triển khai hiệu quả chính sách", "chức triển khai kịp thời chính sách"),
    ("a role turned around", "spec", "- task: II.2.c-1\n                lead: [so-khcn]\n                support: [so-noi-vu]",
     "- task: II.2.c-1\n                lead: [so-noi-vu]\n                support: [so-khcn]"),
    ("an agency renamed", "agencies", "    name: Sở Nội vụ\n", "    name: Sở Nội vụ tỉnh Quảng Trị\n"),
    ("the monitor's short name", "agencies", "short_name: Sở KH&CN", "short_name: Sở KH-CN"),
    ("the parent body's short name", "agencies", "short_name: UBND tỉnh Quảng Trị", "short_name: UBND tỉnh QT"),
    ("the dispatch signer's name", "signers", "Nguyễn Văn Minh", "Nguyễn Văn An"),
    ("the reminder delay", "spec", "reminder_days: 7", "reminder_days: 10"),
    ("the reporting day", "spec", "  day: 15\n", "  day: 14\n"),
    ("a second reporting year", "spec", "years: [2024]", "years: [2024, 2025]"),
    ("the plan is issued", "spec", "  year: 2024\n", "  year: 2024\n  number: 135\n  date: 15/08/2024\n"),
    ("the dispatch dated after the mergers", "spec", "reminder_days: 7\n", "reminder_days: 7\n  date: 05/03/2025\n"),
]


def both_ways(project) -> tuple[set[str], set[str]]:
    """Return the outdated unit keys found with the input keys, and found by making every context."""
    units = discover(load_plan(project.spec))
    with Manifest.open(project.folder, create=False) as manifest:
        keyed = {v.unit.key for v in outdated(units, manifest, project.folder, project.templates) if v.outdated}
        full_units = [dataclasses.replace(u, inputs="") for u in units]
        full = {v.unit.key for v in outdated(full_units, manifest, project.folder, project.templates) if v.outdated}
    return keyed, full


NOT_IN_BUILT_DOCUMENTS = {"the monitor's short name", "the reminder delay"}


@pytest.mark.parametrize("name, where, old, new", EDITS, ids=[e[0] for e in EDITS])
def test_input_keys_find_exactly_what_the_contexts_find(project, name, where, old, new):
    project.build()
    target = {"spec": project.spec, "agencies": project.agencies,
              "signers": project.agencies.with_name("signers.yaml")}[where]
    replace_in(target, old, new)
    keyed, full = both_ways(project)
    assert keyed == full, name
    # two edits reach no built document (only reminders read the delay; no built context prints
    # the monitor's short name): for every other edit the comparison is between non-empty sets
    assert bool(full) == (name not in NOT_IN_BUILT_DOCUMENTS), name


def test_moving_an_agency_in_the_registry_moves_the_folders_it_numbers(project):
    project.build()
    text = project.agencies.read_text(encoding="utf-8")
    start = text.index("  lien-hiep-hoi:\n")  # in no group: only the registry order changes
    end = re.compile(r"\n  [a-z0-9-]+:\n").search(text, start + 5).start() + 1
    block = text[start:end]
    project.agencies.write_text(text[:start] + text[end:].rstrip("\n") + "\n" + block, encoding="utf-8")
    keyed, full = both_ways(project)
    assert keyed == full and any(":lien-hiep-hoi" in k for k in full)
    report = project.build()
    assert all(p.exists() for p in report.outputs.values())
