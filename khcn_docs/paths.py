"""Where things live: templates, the output folder, and safe paths inside it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from khcn_docs.errors import OutputPathError
from khcn_docs.i18n import t

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def templates_dir(explicit: Path | None = None) -> Path:
    """Return the templates folder: ``explicit``, else ./templates, else the one shipped with khcn-docs."""
    if explicit:
        return Path(explicit)
    local = Path.cwd() / "templates"
    return local if local.is_dir() else PACKAGE_ROOT / "templates"


def safe_name(text: str) -> str:
    """Return ``text`` as a file/folder name safe on Windows and in zip files: ASCII, lower case, hyphens."""
    ascii_text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:80] or "van-ban"


def inside(root: Path, relative: str) -> Path:
    """Return ``root / relative``, refusing any path that would land outside ``root``."""
    root = root.resolve()
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise OutputPathError(t("paths.outside", path=relative, root=str(root)))
    return target
