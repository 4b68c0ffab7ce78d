"""Templates a clerk edited and saved again in Word or LibreOffice still build the same documents.

The README tells clerks to change fonts and layout in the templates with either program. LibreOffice
writes the ``'`` of a tag such as ``{% if b.kind == 'h1' %}`` as ``&apos;``: every template then
failed to compile ("unexpected char '&'").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from khcn_docs.build import build
from khcn_docs.checks import settings
from khcn_docs.checks.runner import check_document
from khcn_docs.checks.templates_lint import lint
from tests.documents.conftest import texts
from tests.render.conftest import BUNDLED, ROOT

SAMPLE = ("ke-hoach.docx", "04-so-noi-vu/cong-van-trien-khai.docx", "04-so-noi-vu/bao-cao-2024.docx")


def _built(templates: Path, out: Path) -> Path:
    """Build the bundled plan with ``templates`` into ``out``; return its plan folder."""
    return build(BUNDLED, out, templates=templates).folder


def _same_documents(project: Path, templates: Path) -> None:
    """Assert the bundled plan built with ``templates`` reads as with the project's own templates
    and passes the ND30 checker."""
    edited, original = _built(templates, project / "edited"), _built(ROOT / "templates", project / "original")
    for rel in SAMPLE:
        assert texts(edited / rel) == texts(original / rel), rel
        problems, _ = check_document(str(edited / rel))
        assert [p for p in problems if p.severity == "error"] == [], rel


def test_tags_whose_quotes_are_written_as_character_references_compile(project):
    """What LibreOffice does to the text of a tag, done by hand on every template."""
    folder = project / "escaped"
    shutil.copytree(ROOT / "templates", folder)
    for template in folder.glob("*.docx"):
        with zipfile.ZipFile(template) as package:
            parts = {info: package.read(info.filename) for info in package.infolist()}
        with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as package:
            for info, data in parts.items():
                if info.filename == "word/document.xml":
                    data = re.sub(rb"<w:t([ >][^<]*)", lambda m: m.group(0).replace(b"'", b"&apos;"), data)
                    assert b"&apos;" in data, template.name
                package.writestr(info, data)
    _same_documents(project, folder)


@pytest.mark.soffice
def test_templates_saved_again_by_libreoffice_build_the_same_documents(project):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = project / "resaved"
    subprocess.run([exe, f"-env:UserInstallation={(project / 'lo-profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder),
                    *map(str, sorted((ROOT / "templates").glob("*.docx")))],
                   check=True, capture_output=True, timeout=240)
    assert sorted(p.name for p in folder.glob("*.docx")) == sorted(p.name for p in (ROOT / "templates").glob("*.docx"))
    with zipfile.ZipFile(folder / "ke-hoach.docx") as package:
        assert b"&apos;" in package.read("word/document.xml")  # what made them fail
    problems, checked = lint(folder, settings.defaults())
    assert len(checked) == 4 and problems == [], [p.message for p in problems]  # variables and samples checked
    _same_documents(project, folder)
