"""A rebuilt document copies the deflated members of its previous output that did not change
(``CompiledTemplate.package``, ``build.previous_output``), and is byte for byte what a build into
an empty folder writes; anything unexpected in the old file means compressing as usual."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from khcn_docs import outdated, render, state
from khcn_docs.build import build
from khcn_docs.render import compile_template
from tests.build.conftest import ROOT, built, bump_font_size, rewrite_part

# II.3.c-1 is led by Sở Giáo dục và Đào tạo alone: its letter and form and the plan are rebuilt.
TASK_OLD = "nâng cao năng lực tin học"
TASK_NEW = "nâng cao kịp thời năng lực tin học"


@pytest.fixture
def lent(monkeypatch) -> list[str]:
    """Return the names of the members copied compressed from a previous output, as they are."""
    names: list[str] = []
    real = render._Previous.record

    def spy(self, name, *rest):
        known = real(self, name, *rest)
        if known is not None:
            names.append(name)
        return known

    monkeypatch.setattr(render._Previous, "record", spy)
    return names


def docx_bytes(folder: Path) -> dict[str, bytes]:
    """Return every document under ``folder`` (hand-edited copies kept aside left out): relative
    path -> its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.docx"))
            if ".sua-tay-" not in p.name}


def as_fresh(project, tmp_path) -> bool:
    """Return True when the project's documents are byte for byte those a build of its spec as it
    is now writes into an empty folder."""
    fresh = build(project.spec, tmp_path / "fresh", templates=project.templates)
    return docx_bytes(project.folder) == docx_bytes(fresh.folder)


def test_a_rebuild_copies_the_unchanged_members_and_writes_what_a_fresh_build_writes(project, lent, tmp_path):
    project.build()
    assert lent == []  # a first build has no previous outputs
    project.edit_spec(TASK_OLD, TASK_NEW)
    report = project.build()
    assert set(built(report).values()) == {("content",)} and len(report.built) == 3
    assert lent.count("word/styles.xml") == lent.count("docProps/core.xml") == 3  # static and rendered parts
    assert "word/document.xml" not in lent
    assert as_fresh(project, tmp_path)


def test_a_changed_template_or_tool_version_copies_nothing(project, lent, tmp_path, monkeypatch):
    project.build()
    bump_font_size(project.templates / "bao-cao.docx")
    project.edit_spec(TASK_OLD, TASK_NEW)
    report = project.build()
    forms = [b for b in report.built if b.unit.kind == "bao-cao"]
    assert forms and lent.count("word/styles.xml") == len(report.built) - len(forms)
    lent.clear()
    monkeypatch.setattr(state, "TOOL_VERSION", state.TOOL_VERSION + "-next")
    assert set(built(project.build()).values()) == {("tool",)} and lent == []
    assert as_fresh(project, tmp_path)


def test_the_zlib_the_documents_are_compressed_with_is_part_of_the_tool_version():
    """Copied deflated bytes are a fresh render's only when the same zlib made them: another zlib
    is another tool version, which rebuilds every document in full."""
    assert state.TOOL_VERSION.endswith(f"/zlib {zlib.ZLIB_RUNTIME_VERSION}")


def test_a_document_edited_by_hand_lends_nothing(project, lent, tmp_path):
    first = project.build()
    plan = first.path_of("ke-hoach")
    rewrite_part(plan, "word/header1.xml", lambda xml: xml.replace("</w:hdr>", "<w:p/></w:hdr>"))
    project.edit_spec(TASK_OLD, TASK_NEW)
    report = project.build()
    assert [path for path, _ in report.hand_edits] == [plan]
    assert lent.count("word/styles.xml") == len(report.built) - 1 == 2
    assert as_fresh(project, tmp_path)


def test_a_document_damaged_under_an_unchanged_stamp_lends_nothing(project, lent, tmp_path, monkeypatch):
    """The old file's bytes are read and hashed before they lend anything: a damaged styles part
    (its deflated bytes, CRC-32 and sizes left as they were) is not copied into the new document,
    even when the file's stamp says it is as recorded."""
    first = project.build()
    plan = first.path_of("ke-hoach")
    data = bytearray(plan.read_bytes())
    with zipfile.ZipFile(plan) as zf:
        styles = zf.getinfo("word/styles.xml")
    data[styles.header_offset + 30 + len(styles.filename) + 10] ^= 0xFF
    plan.write_bytes(bytes(data))
    monkeypatch.setattr(outdated, "output_hash", lambda path, entry, written_ns: (entry.docx_sha256, state.file_stamp(path)))
    project.edit_spec(TASK_OLD, TASK_NEW)
    report = project.build()
    assert len(report.built) == 3 and lent.count("word/styles.xml") == 2
    assert as_fresh(project, tmp_path)


@pytest.fixture(scope="module")
def plan_template():
    """Return the plan's template, compiled."""
    return compile_template(ROOT / "templates" / "ke-hoach.docx")


def plan_parts(template, title: str) -> dict[str, bytes]:
    """Return the rendered parts of the plan's template, as the bundled plan with ``title``."""
    from khcn_docs.documents import ke_hoach
    from khcn_docs.spec.load import load_plan

    context = ke_hoach.units(load_plan(ROOT / "variables" / "plans" / "ke-hoach-709.yaml"))[0].context
    return template.render_parts({**context, "doc": {**context["doc"], "title": title}})


@pytest.mark.parametrize("previous", [b"", b"not a zip", "truncated", "other dates", "a name twice",
                                      "an extra field"])
def test_an_old_file_not_as_package_writes_it_lends_nothing(plan_template, lent, previous):
    """None, not a zip, cut short, its members dated otherwise, a member twice, a header with an
    extra field: every member is compressed."""
    parts = plan_parts(plan_template, "KẾ HOẠCH")
    fresh = plan_template.package(parts)
    if previous == "truncated":
        previous = fresh[:len(fresh) // 2]
    elif previous == "other dates":
        previous = rezipped(fresh, date_time=(2000, 1, 1, 0, 0, 0))
    elif previous == "a name twice":
        with pytest.warns(UserWarning, match="Duplicate name"):
            previous = rezipped(fresh, twice="word/styles.xml")
    elif previous == "an extra field":
        previous = rezipped(fresh, extra=b"\x99\x99\x00\x00")
    assert plan_template.package(parts, None, previous) == fresh and lent == []


def test_the_previous_render_of_another_context_lends_its_static_parts(plan_template, lent):
    core = {"title": "KẾ HOẠCH", "creator": "UBND tỉnh"}
    previous = plan_template.package(plan_parts(plan_template, "KẾ HOẠCH CŨ"), core)
    parts = plan_parts(plan_template, "KẾ HOẠCH MỚI")
    assert plan_template.package(parts, core, previous) == plan_template.package(parts, core)
    assert "word/styles.xml" in lent and "docProps/core.xml" in lent and "word/document.xml" not in lent


def test_a_static_part_with_other_bytes_is_compressed_again(plan_template, lent):
    """A part not rendered is compared by the CRC-32 the template's zip records for it (checked
    when the template was read), the same as its bytes'."""
    assert plan_template.crcs == {name: zlib.crc32(data) for name, data in plan_template.members}
    parts = plan_parts(plan_template, "KẾ HOẠCH")
    fresh = plan_template.package(parts)
    styles = dict(plan_template.members)["word/styles.xml"]
    previous = rezipped(fresh, replace={"word/styles.xml": styles.replace(b"w:", b"x:", 1)})
    assert plan_template.package(parts, None, previous) == fresh
    assert "word/styles.xml" not in lent and "word/theme/theme1.xml" in lent


def test_a_rendered_part_of_the_same_size_and_crc_but_other_bytes_is_compressed_again(plan_template, lent):
    """Two renders may give a part (its metadata, a header) other bytes of the same size and
    CRC-32: a rendered part is copied only when its old deflated bytes inflate to the very same bytes."""
    parts, core = plan_parts(plan_template, "KẾ HOẠCH"), {"title": "KẾ HOẠCH", "creator": "UBND tỉnh"}
    fresh, metadata = plan_template.package(parts, core), render.core_xml(**core)
    forged = same_crc(metadata)
    assert forged != metadata and len(forged) == len(metadata) and zlib.crc32(forged) == zlib.crc32(metadata)
    previous = rezipped(fresh, replace={"docProps/core.xml": forged})
    assert plan_template.package(parts, core, previous) == fresh
    assert "docProps/core.xml" not in lent and "word/styles.xml" in lent


def rezipped(docx: bytes, date_time=None, replace: dict[str, bytes] | None = None, twice: str = "",
             extra: bytes = b"") -> bytes:
    """Return ``docx`` written again as ``package`` writes it, with other member dates or bytes,
    the member ``twice`` written twice, or every header with the ``extra`` field."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            for _ in range(2 if info.filename == twice else 1):
                copy = zipfile.ZipInfo(info.filename, date_time=date_time or info.date_time)
                copy.compress_type, copy.external_attr, copy.extra = zipfile.ZIP_DEFLATED, info.external_attr, extra
                new.writestr(copy, (replace or {}).get(info.filename, old.read(info.filename)))
    return out.getvalue()


def same_crc(data: bytes) -> bytes:
    """Return ``data`` with bits of its last 8 bytes flipped so that its CRC-32 stays the same
    (CRC-32 is affine in the bits: a nonzero combination of 33 or more bit flips whose effects on
    the CRC cancel out always exists; found by Gaussian elimination over GF(2))."""
    zero = zlib.crc32(bytes(len(data)))
    effects = []  # (the CRC change of a set of flips, that set as a bit mask over the 64 last bits)
    for bit in range(64):
        flip = bytearray(len(data))
        flip[len(data) - 8 + bit // 8] = 1 << (bit % 8)
        vector, combo = zlib.crc32(bytes(flip)) ^ zero, 1 << bit
        for basis, basis_combo in effects:
            if vector & (basis & -basis):
                vector, combo = vector ^ basis, combo ^ basis_combo
        if vector == 0:
            break
        effects = [(b ^ vector, c ^ combo) if b & (vector & -vector) else (b, c) for b, c in effects]
        effects.append((vector, combo))
    forged = bytearray(data)
    for bit in range(64):
        if combo >> bit & 1:
            forged[len(data) - 8 + bit // 8] ^= 1 << (bit % 8)
    return bytes(forged)
