"""A clerk's week at random: edits, renames, mergers, deleted and hand-edited documents, template
changes, the plan and its dispatch letters issued and taken back, --force, --force-issued and
--prune in any order. After every build each document of the plan has the
hash its manifest row records and opens as a .docx, and the next build has nothing to do;
``--explain`` beforehand lists exactly the documents the build then writes or keeps; after every
third build, each document not issued is byte for byte what a build into an empty folder gives."""

from __future__ import annotations

import hashlib
import io
import random
import re
import sqlite3
import zipfile

import pytest

from khcn_docs import state
from khcn_docs.build import build

STEPS = 18
MERGE = "    merged_into: so-xay-dung\n    merged_on: 01/01/2024\n"
PLAN_DRAFT, PLAN_ISSUED = "  year: 2024\n", "  year: 2024\n  number: 215\n  date: 20/08/2024\n"
DISPATCH_DRAFT, DISPATCH_ISSUED = "  reminder_days: 7\n", "  reminder_days: 7\n  number: 45\n  date: 23/08/2024\n"
LETTER_DRAFT, LETTER_NUMBERED = "  unit: QLKH\n", "  unit: QLKH\n  numbers:\n    so-noi-vu: 46\n"


def _edit_task_text(project, rnd):
    text = project.spec.read_text(encoding="utf-8")
    line = rnd.choice([line for line in text.split("\n")
                       if line.startswith(" " * 18) and ":" not in line and len(line.strip()) > 30])
    project.spec.write_text(text.replace(line, line + " X", 1), encoding="utf-8")


def _rename(project, rnd):
    text = project.agencies.read_text(encoding="utf-8")
    name = rnd.choice(re.findall(r"\n    name: (Sở [^\n]+)", text))
    project.agencies.write_text(text.replace(f"name: {name}\n", f"name: {name} mới\n", 1), encoding="utf-8")


def _edit_task_terms(project, rnd):
    """Give a task a deadline or a product (printed in its agencies' letters and forms), or change it."""
    lines = project.spec.read_text(encoding="utf-8").split("\n")
    at = rnd.choice([n for n, line in enumerate(lines) if line.lstrip().startswith("- task: ")])
    indent = " " * (len(lines[at]) - len(lines[at].lstrip()) + 2)
    key = rnd.choice(["deadline", "product"])
    value = f"{key}: {rnd.choice(['Quý II năm 2025', 'Thường xuyên', 'Báo cáo chuyên đề'])} {rnd.randrange(99)}"
    end = next(n for n in range(at + 1, len(lines)) if not lines[n].startswith(indent))  # the task's own lines
    done = [n for n in range(at + 1, end) if lines[n].startswith(f"{indent}{key}: ")]
    if done:
        lines[done[0]] = indent + value
    else:
        lines.insert(at + 1, indent + value)
    project.spec.write_text("\n".join(lines), encoding="utf-8")


def _toggle_merger(project, rnd):
    text = project.agencies.read_text(encoding="utf-8")
    text = text.replace(MERGE, "") if MERGE in text else text.replace("  so-y-te:\n", "  so-y-te:\n" + MERGE, 1)
    project.agencies.write_text(text, encoding="utf-8")


def _move_in_registry(project, rnd):
    """Move an agency to the end of the registry: its folder and the ones after it are renumbered."""
    text = project.agencies.read_text(encoding="utf-8")
    starts = [m.start() + 1 for m in re.finditer(r"\n  [a-z0-9-]+:\n", text[text.index("agencies:"):])]
    offset = text.index("agencies:")
    start = offset + rnd.choice(starts[:-1])
    end = re.compile(r"\n  [a-z0-9-]+:\n").search(text, start + 3).start() + 1
    project.agencies.write_text(text[:start] + text[end:].rstrip("\n") + "\n" + text[start:end], encoding="utf-8")


def _toggle_years(project, rnd):
    text = project.spec.read_text(encoding="utf-8")
    text = (text.replace("years: [2024]", "years: [2024, 2025]") if "years: [2024]" in text
            else text.replace("years: [2024, 2025]", "years: [2024]"))
    project.spec.write_text(text, encoding="utf-8")


def _toggle_plan_issued(project, rnd):
    """Issue the plan, or take its number and date back (its dispatch letters' too: they cite it)."""
    text = project.spec.read_text(encoding="utf-8")
    if PLAN_ISSUED in text:
        text = text.replace(PLAN_ISSUED, PLAN_DRAFT).replace(DISPATCH_ISSUED, DISPATCH_DRAFT)
        text = text.replace(LETTER_NUMBERED, LETTER_DRAFT)
    else:
        text = text.replace(PLAN_DRAFT, PLAN_ISSUED)
    project.spec.write_text(text, encoding="utf-8")


def _toggle_numbered(project, draft: str, numbered: str) -> None:
    """Write ``numbered`` where the spec has ``draft``, or take it back; a number only once the plan
    is issued (a dispatch cannot be numbered before the plan it cites)."""
    text = project.spec.read_text(encoding="utf-8")
    if numbered in text:
        text = text.replace(numbered, draft)
    elif PLAN_ISSUED in text:
        text = text.replace(draft, numbered, 1)
    project.spec.write_text(text, encoding="utf-8")


def _toggle_dispatch_issued(project, rnd):
    """Number and date the dispatch letters, or take that back."""
    _toggle_numbered(project, DISPATCH_DRAFT, DISPATCH_ISSUED)


def _toggle_letter_number(project, rnd):
    """Give Sở Nội vụ's letter its own number, or take it back."""
    _toggle_numbered(project, LETTER_DRAFT, LETTER_NUMBERED)


def _drafts(project) -> list:
    """Return the documents whose manifest row is not issued (an issued one is the office's record:
    the build never rewrites it, so the week's hand edits and deletions go to drafts)."""
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        issued = {out for (out,) in conn.execute("SELECT out FROM units WHERE issued")}
    return sorted(p for p in project.folder.rglob("*.docx")
                  if ".sua-tay-" not in p.name and p.relative_to(project.folder).as_posix() not in issued)


def _delete_document(project, rnd):
    rnd.choice(_drafts(project)).unlink()


def _edit_document_by_hand(project, rnd):
    path = rnd.choice(_drafts(project))
    path.write_bytes(path.read_bytes() + b"\0")


def _touch_template(project, rnd):
    template = project.templates / rnd.choice(["ke-hoach.docx", "bao-cao.docx", "cong-van-trien-khai.docx"])
    out = io.BytesIO()
    with zipfile.ZipFile(template) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, data + b" " if info.filename == "word/settings.xml" else data)
    template.write_bytes(out.getvalue())


ACTIONS = [_edit_task_text, _edit_task_text, _edit_task_terms, _rename, _move_in_registry, _toggle_merger, _toggle_years,
           _delete_document, _edit_document_by_hand, _touch_template, _toggle_plan_issued, _toggle_dispatch_issued,
           _toggle_letter_number]
OPTIONS = [{}, {}, {}, {"prune": True}, {"force": True}, {"force_issued": True}]


def assert_consistent(project) -> None:
    """Every document of the plan has its recorded hash and opens; the next build does nothing."""
    current = {v.unit.key for v in project.build(explain=True).verdicts}
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        rows = conn.execute("SELECT key, out, docx_sha256 FROM units").fetchall()
    assert current <= {key for key, _, _ in rows}
    for key, out, sha in rows:
        if key in current:  # a removed unit's row stays until --prune, and its file is the clerk's
            data = (project.folder / out).read_bytes()
            assert hashlib.sha256(data).hexdigest() == sha, key
            assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None, key
    assert project.build().built == []
    # a document carrying its number and date now was written as issued; a report form never is
    issued_now = {v.unit.key for v in project.build(explain=True).verdicts if v.unit.issued}
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        marked = {key for (key,) in conn.execute("SELECT key FROM units WHERE issued")}
    assert issued_now <= marked and not any(key.startswith("bao-cao:") for key in marked)


@pytest.mark.parametrize("seed", [709, 2025])
def test_a_random_week_of_clerk_actions_keeps_the_outputs_consistent(project, seed):
    rnd = random.Random(seed)
    project.build()
    for step in range(STEPS):
        rnd.choice(ACTIONS)(project, rnd)
        options = rnd.choice(OPTIONS)
        said = project.build(explain=True, **options)
        done = project.build(**options)
        assert {v.unit.key for v in said.outdated} | {k.unit.key for k in said.kept if k.path in said.restored} \
            == {b.unit.key for b in done.built} | {k.unit.key for k in done.kept if k.path in done.restored}
        assert {k.unit.key for k in said.kept} == {k.unit.key for k in done.kept}
        assert {e.key for e in said.removed} == {e.key for e in done.removed}
        assert_consistent(project)
        if step % 3 == 2:
            assert_as_fresh(project, project.root / f"fresh-{step}")


def assert_as_fresh(project, empty) -> None:
    """Every document not protected as issued has the very bytes a build into an empty folder
    gives: no shortcut of the incremental build (stored digests, input keys, the quick check)
    has left one behind its inputs."""
    fresh = build(project.spec, empty, templates=project.templates)
    with sqlite3.connect(project.folder / state.MANIFEST_NAME) as conn:
        marked = {key for (key,) in conn.execute("SELECT key FROM units WHERE issued")}
    compared = 0
    verdicts = project.build(explain=True).verdicts
    for verdict in verdicts:
        key = verdict.unit.key
        if verdict.unit.issued or key in marked:  # an issued document stays as it was issued
            continue
        assert (project.folder / verdict.unit.out).read_bytes() == fresh.outputs[key].read_bytes(), key
        compared += 1
    assert compared >= len(verdicts) // 2  # the report forms at least (one per agency, never issued)
