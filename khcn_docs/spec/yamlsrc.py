"""YAML reading that keeps line and column of every key and item, and NFC-normalises all text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from khcn_docs.vn import nfc


class YamlSyntaxError(Exception):
    """A file that is not valid YAML; ``line``/``column`` are 1-based."""

    def __init__(self, path: Path, line: int, column: int, problem: str):
        super().__init__(problem)
        self.path, self.line, self.column, self.problem = path, line, column, problem


@dataclass(frozen=True)
class Source:
    """A loaded YAML document: its path, its data (plain + ruamel containers) and position lookup."""

    path: Path
    data: Any

    def position(self, loc: tuple) -> tuple[int, int]:
        """Return the 1-based (line, column) of the deepest node of ``loc`` that exists, (1, 1) if none."""
        node, best = self.data, (1, 1)
        for key in loc:
            pos = _child_position(node, key)
            if pos is None:
                break
            best = pos
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
        return best


def _child_position(node: Any, key: Any) -> tuple[int, int] | None:
    """Return the 1-based position of ``node[key]``'s key (maps) or item (lists), or None."""
    try:
        if isinstance(node, CommentedMap) and key in node:
            line, col = node.lc.key(key)
            return line + 1, col + 1
        if isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line, col = node.lc.item(key)
            return line + 1, col + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return None


def _yaml() -> YAML:
    """Return a round-trip YAML reader that keeps dates as text (validated later, with positions)."""
    yaml = YAML(typ="rt")
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda c, n: c.construct_scalar(n)
    )
    yaml.allow_duplicate_keys = False
    return yaml


def _normalise(node: Any) -> Any:
    """NFC-normalise every string of ``node`` in place (positions are kept); return the node."""
    if isinstance(node, CommentedMap):
        for key in list(node.keys()):
            value = node[key]
            node[key] = nfc(value) if isinstance(value, str) else _normalise(value)
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            node[i] = nfc(value) if isinstance(value, str) else _normalise(value)
    return node


def load(path: Path) -> Source:
    """Return the YAML at ``path`` as a Source; raise YamlSyntaxError (with position) if it is not YAML."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(path, 1, 1, f"utf8:{exc.start}") from None
    try:
        data = _yaml().load(nfc(text))
    except MarkedYAMLError as exc:
        quoted = bool(exc.context and "quoted scalar" in str(exc.context))
        mark = (exc.context_mark if quoted else None) or exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(path, line, col, str(exc.problem or exc.context)) from None
    return Source(path, _normalise(data) if data is not None else CommentedMap())
