"""Which spec file a plan folder belongs to, so that two plans never overwrite each other's documents.

The folder of a plan is named after its spec file without accents (``output/ke-hoach-709``). Two
spec files whose names give the same folder ("Kế hoạch 709.yaml" beside "ke-hoach-709.yaml"), or a
copy elsewhere built with the same ``-o``, would share it: each build would overwrite the other's
documents. The manifest remembers the spec a folder was built from (its path, and its path from
the folder), and a build from another spec file that still exists is refused (exit 8). What is
not another plan: the same file reached by another path (a mapped drive and its network path,
another letter case on Windows), a spec that was moved or renamed (the old file is gone), and a
whole project copied elsewhere with its output (the spec is where it was relative to the folder).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from khcn_docs.errors import StateError
from khcn_docs.i18n import t
from khcn_docs.state import Manifest

KEY = "spec"  # manifest meta: [absolute path, path relative to the plan folder] of the spec


def _stamp(folder: Path, spec: Path) -> list[str]:
    return [str(spec), os.path.relpath(spec, folder)]


def check(manifest: Manifest, folder: Path, spec: Path) -> None:
    """Raise StateError when ``folder`` holds the documents of another spec file that still exists; return None."""
    stored = manifest.meta(KEY)
    if stored is None:
        return
    other, relative = json.loads(stored)
    if other == str(spec) or relative == _stamp(folder, spec)[1] or not Path(other).is_file() \
            or _same_file(other, spec):  # the same path (the common case) is told without a relpath
        return
    raise StateError(t("build.other_plan", folder=folder, other=other, spec=spec))


def remember(manifest: Manifest, folder: Path, spec: Path) -> None:
    """Record that ``folder`` now belongs to ``spec`` (once: nothing is written while it does); return None."""
    stamp = json.dumps(_stamp(folder, spec), ensure_ascii=False)
    if manifest.meta(KEY) != stamp:
        manifest.set_meta(KEY, stamp)


def _same_file(one: str | Path, other: str | Path) -> bool:
    """Return True when two paths name one file; when that cannot be told, True (build rather than refuse)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return True
