"""Fixtures for build tests: a scratch project (variables, the bundled spec, templates) and helpers.

Everything is real: real templates, a real SQLite manifest, real files read back.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from khcn_docs.build import BuildReport, build, discover

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "variables" / "plans" / "ke-hoach-709.yaml"
REVISION = ROOT / "variables" / "plans" / "ke-hoach-709-sua-doi-2025.yaml"
MERGED_2025 = {"so-tttt": "so-khcn", "so-nnptnt": "so-nnmt", "so-khdt": "so-tai-chinh", "so-gtvt": "so-xay-dung",
               "so-tnmt": "so-nnmt", "so-ldtbxh": "so-noi-vu", "ban-dan-toc": "so-dttg"}
"""The bundled registry's reorganisation of 01/3/2025, in registry order: old id -> the body taking over."""
FORMED_2025 = {"so-nnmt", "so-dttg"}  # the two bodies formed that day under new names (``renamed_from``)


def without_2025_reorganisation(registry: str) -> str:
    """Return the bundled registry's text as it stood in 2024: no merges, no bodies formed in 2025."""
    for formed in FORMED_2025:
        registry = re.sub(rf"\n  {formed}:.*?(?=\n  \S)", "", registry, count=1, flags=re.S)
    return "\n".join(line for line in registry.splitlines()
                     if "merged_into:" not in line and "merged_on: 01/3/2025" not in line) + "\n"


@dataclass
class Project:
    """A scratch copy of the project: ``spec`` (variables/plans/plan.yaml), templates, output."""

    root: Path

    @property
    def spec(self) -> Path:
        return self.root / "variables" / "plans" / "plan.yaml"

    @property
    def agencies(self) -> Path:
        return self.root / "variables" / "agencies.yaml"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def folder(self) -> Path:
        return self.output / "plan"

    def build(self, **options) -> BuildReport:
        """Build the project's spec; return the report."""
        return build(self.spec, self.output, templates=self.templates, **options)

    def edit_spec(self, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` in the spec with ``new``."""
        text = self.spec.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        self.spec.write_text(text.replace(old, new), encoding="utf-8")

    def move_to_2025(self) -> None:
        """Make the plan one of 2025, reporting for 2025 (a 2025 plan has no 2024 report)."""
        self.edit_spec("  year: 2024\n", "  year: 2025\n")
        self.edit_spec("years: [2024]", "years: [2025]")

    def docx_files(self) -> dict[str, str]:
        """Return every .docx under the plan folder: relative path -> sha256."""
        return {p.relative_to(self.folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(self.folder.rglob("*.docx"))}


@pytest.fixture
def project(tmp_path) -> Project:
    """Return a scratch project holding a copy of the bundled spec, the registry and the templates."""
    shutil.copytree(ROOT / "variables", tmp_path / "variables", ignore=shutil.ignore_patterns("plans"))
    (tmp_path / "variables" / "plans").mkdir()
    shutil.copy(BUNDLED, tmp_path / "variables" / "plans" / "plan.yaml")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return Project(tmp_path)


def built(report: BuildReport) -> dict[str, tuple[str, ...]]:
    """Return unit key -> reasons for every unit the build wrote."""
    return {b.unit.key: b.reasons for b in report.built}


def keys_of(report: BuildReport, agencies=(), plan_level: bool = False) -> set[str]:
    """Return the keys of the report's units for ``agencies`` (and the plan-level ones)."""
    return {u.key for u in report.units if u.agency in agencies or (plan_level and u.agency is None)}


def all_keys(project: Project) -> set[str]:
    """Return the keys of every unit of the project's plan as it is now."""
    from khcn_docs.spec.load import load_plan

    return {u.key for u in discover(load_plan(project.spec))}


def rewrite_part(docx: Path, part: str, change) -> None:
    """Rewrite one XML part of ``docx`` with ``change(text) -> text``."""
    with zipfile.ZipFile(docx) as zf:
        members = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            if info.filename == part:
                new = change(data.decode("utf-8"))
                assert new != data.decode("utf-8"), f"nothing changed in {part}"
                data = new.encode("utf-8")
            zf.writestr(info, data)


def bump_font_size(docx: Path) -> None:
    """Change the first font size in the template's styles (what a clerk does in Word)."""
    rewrite_part(docx, "word/styles.xml", lambda xml: re.sub(r'<w:sz w:val="(\d+)"/>',
                                                              lambda m: f'<w:sz w:val="{int(m.group(1)) + 2}"/>',
                                                              xml, count=1))


def inject_before_title(docx: Path, jinja: str) -> None:
    """Type ``jinja`` into the template just before its ``{{ doc.title }}``."""
    rewrite_part(docx, "word/document.xml", lambda xml: xml.replace("{{ doc.title }}", jinja + "{{ doc.title }}", 1))
