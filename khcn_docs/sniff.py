"""What a file is when it is not the text or the Word document a command expects: a plan spec
picked from the wrong folder, a workbook renamed .docx. Told by its first bytes and, for a zip,
by the parts inside; said in a message rather than as a parser's error."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterable

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file: an old .doc or .xls, or a Word file saved with a password."""
# first bytes -> what the file is
MAGIC = ((b"%PDF", "PDF"), (OLE, "Word/Excel 97–2003 (.doc/.xls)"))
# a part only one kind of Office package has -> that kind
WORD, ZIP = "Word (.docx)", "ZIP"
ZIP_KINDS = (("word/document.xml", WORD), ("xl/workbook.xml", "Excel (.xlsx)"),
             ("ppt/presentation.xml", "PowerPoint (.pptx)"), ("content.xml", "OpenDocument (.odt/.ods)"))


def zip_kind(names: Iterable[str]) -> str:
    """Return the kind of Office package whose part names are ``names`` (``ZIP`` for none)."""
    names = set(names)
    return next((kind for part, kind in ZIP_KINDS if part in names), ZIP)


def binary_kind(path: Path | str) -> str | None:
    """Return what the file at ``path`` is when it is an Office document, a PDF or a zip rather
    than text; None for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    kind = next((name for magic, name in MAGIC if head.startswith(magic)), None)
    if kind is not None or not head.startswith(b"PK\x03\x04"):
        return kind
    try:
        with zipfile.ZipFile(path) as package:
            return zip_kind(package.namelist())
    except (zipfile.BadZipFile, OSError):
        return ZIP
