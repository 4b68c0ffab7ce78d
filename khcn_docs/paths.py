"""Where things live: templates, the output folder, and safe paths inside it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from khcn_docs import vn
from khcn_docs.errors import OutputPathError
from khcn_docs.i18n import t

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def templates_dir(explicit: Path | None = None) -> Path:
    """Return the templates folder: ``explicit``, else ./templates, else the one shipped with khcn-docs."""
    if explicit:
        return Path(explicit)
    local = Path.cwd() / "templates"
    return local if local.is_dir() else PACKAGE_ROOT / "templates"


@lru_cache(maxsize=4096)
def safe_name(text: str) -> str:
    """Return ``text`` as a file/folder name safe on Windows and in zip files: ASCII, lower case, hyphens."""
    ascii_text = vn.no_diacritics(text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:80] or "van-ban"


def plan_folder(output: Path | str, plan_or_spec) -> Path:
    """Return the folder of a plan's documents: ``output/<spec file name>``, for a ``Plan`` or the
    path of its spec (the build and the tracking commands name it alike)."""
    return inside(output, safe_name(Path(getattr(plan_or_spec, "spec_path", plan_or_spec)).stem))


def inside(root: Path | str, relative: str) -> Path:
    """Return ``root / relative``, refusing any path that would land outside ``root``
    (absolute paths, ``..`` steps, or a folder on the way that links elsewhere)."""
    return Path(_checked(_resolved(os.fspath(root)), relative, {}))


def inside_all(root: Path, relatives: Iterable[str]) -> dict[str, Path]:
    """Return ``relative -> root / relative`` for each of ``relatives``, refusing (``OutputPathError``)
    any that would land outside ``root``; each folder on the way is looked at once."""
    relatives = list(relatives)
    top = Path(checked_below(root, relatives))
    return {relative: top / relative for relative in relatives}


def checked_below(root: Path, relatives: Iterable[str]) -> str:
    """Return ``root`` resolved, as text, after refusing (``OutputPathError``) any of ``relatives``
    that would land outside it (``inside_all``); each folder on the way is looked at once."""
    base = _resolved(str(root))
    checked: set[str] = set()  # relative folders known to stay below base
    links: dict[str, set[str]] = {base: _links_in(base)}  # folder -> names of the links in it (one listing each)
    for relative in relatives:
        parent, _, name = relative.rpartition("/")
        plain = bool(parent) and name not in ("", ".", "..")
        if plain and parent in checked:  # the common case: a file in a folder already checked
            continue
        if not (plain and _plain_folder(parent, links[base]) and not os.path.isabs(relative)):
            _checked(base, relative, links)
        if plain:
            checked.add(parent)
    return base


def _plain_folder(name: str, links: set[str]) -> bool:
    """Return True when ``name`` is one folder right below a resolved root whose links are ``links``,
    and no link itself: nothing below it leads out (``_checked``'s answer for one step, cheaply)."""
    return "/" not in name and name not in (".", "..") and name not in links


class OutputPaths(Mapping[str, Path]):
    """Key -> ``root / relative`` for files below ``root`` (``relatives``: key -> relative path, each
    checked by ``checked_below``), each ``Path`` made on first use: a build knows every unit's output
    path, and a rebuild of one agency's documents uses few (pathlib's objects are costly)."""

    def __init__(self, root: Path, relatives: dict[str, str]) -> None:
        self.base = checked_below(root, relatives.values())
        self.relatives = relatives
        self._top = Path(self.base)
        self._made: dict[str, Path] = {}

    def text(self, key: str) -> str:
        """Return the path of ``key`` as text, making no ``Path``."""
        return f"{self.base}/{self.relatives[key]}"

    def __getitem__(self, key: str) -> Path:
        path = self._made.get(key)
        if path is None:
            path = self._made[key] = self._top / self.relatives[key]
        return path

    def __contains__(self, key: object) -> bool:
        return key in self.relatives

    def __iter__(self) -> Iterator[str]:
        return iter(self.relatives)

    def __len__(self) -> int:
        return len(self.relatives)


def _checked(base: str, relative: str, links: dict[str, set[str]]) -> str:
    """Return ``base / relative`` (``base`` resolved) as text; raise OutputPathError when
    ``relative`` is absolute, steps up (``..``) or passes a link that leads out of ``base``."""
    steps = [step for step in relative.split("/") if step not in ("", ".")]
    if not steps or os.path.isabs(relative) or ".." in steps:
        raise OutputPathError(t("paths.outside", path=relative, root=base))
    folder = base
    for step in steps[:-1]:  # below a resolved root, only a link can lead out
        if folder not in links:
            links[folder] = _links_in(folder)
        is_link = step in links[folder]
        folder = os.path.join(folder, step)
        if is_link and not _within(_resolved(folder), base):
            raise OutputPathError(t("paths.outside", path=relative, root=base))
    return os.path.join(folder, steps[-1])


def own_file(folder: Path, name: str, root: Path | None = None, message: str = "paths.link_outside") -> Path:
    """Return ``folder / name``, a file the tool itself keeps there (the build manifest, its lock,
    the tracking file); raise OutputPathError (``message``) when it is a symbolic link leading out
    of ``root`` (``folder`` unless given; dangling or not): SQLite and ``open`` would follow it and
    write the file it points to, elsewhere. Links are resolved afresh (not ``_resolved``'s memo:
    a tracking command may run in a process that built before)."""
    path = Path(folder) / name
    if path.is_symlink():
        target, base = str(path.resolve()), str(Path(root or folder).resolve())
        if not _within(target, base):
            raise OutputPathError(t(message, path=path, target=target, root=base))
    return path


def _links_in(folder: str) -> set[str]:
    """Return the names of the symbolic links in ``folder`` (none when it does not exist yet)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries if entry.is_symlink()}
    except (FileNotFoundError, NotADirectoryError):
        return set()


def _within(path: str, base: str) -> bool:
    """Return True when the resolved ``path`` is ``base`` or below it."""
    return path == base or path.startswith(os.path.join(base, ""))


def resolved(path: Path | str) -> Path:
    """Return ``path`` with links resolved, as ``Path.resolve`` does, from what the build resolved
    already (``_resolved``): the folders it names were looked at once."""
    return Path(_resolved(os.fspath(path)))


_RESOLVED: dict[str, str] = {}
"""Path -> the same with links resolved, as ``_resolved`` found it (each resolved path too)."""


def _resolved(path: str) -> str:
    """Return ``path`` with links resolved (memoised: a build asks for the same folders many times;
    ``forget_links`` starts afresh, so a long-lived process sees folders replaced by links). A path
    below a folder is that folder's resolution joined with its name, unless that name is a link:
    one look at it, not one per step. On POSIX the folder is resolved so in turn (the folders above
    the output folder, the templates and the spec are each looked at once per build, the root ``/``
    not at all); on Windows, where resolving also follows junctions and expands short names, only a
    folder already resolved is used so (the plan folder in the output folder). A relative path is
    taken from the working folder as it is now (its resolution remembered under the joined path,
    not the relative one: a process that changes folder between two builds or commands gets the
    new folder's)."""
    if not os.path.isabs(path):
        path = os.path.join(os.getcwd(), path)
    known = _RESOLVED.get(path)
    if known is None:
        folder, name = os.path.split(path)
        above = None
        if folder and folder != path and name not in ("", ".", ".."):
            above = _RESOLVED.get(folder) if os.name == "nt" else _resolved(folder)
        joined = os.path.join(above, name) if above is not None else None
        if joined is not None and not os.path.islink(joined):
            known = joined
        elif path == "/" and os.name != "nt":  # the root, no link: as resolving it says
            known = path
        else:
            known = str(Path(path).resolve())
        _RESOLVED[path] = _RESOLVED[known] = known
    return known


def forget_links() -> None:
    """Forget the resolved folders ``inside`` remembered (each build starts with this); return None."""
    _RESOLVED.clear()
