"""YAML reading that keeps the line and column of every key and item, and NFC-normalises all text.

The document is composed into nodes by libyaml (PyYAML's C parser when present) and turned into
plain dicts and lists here, recording each node's position by its path. Dates stay text (the
models validate them with positions), and a key written twice is an error, not a silent overwrite.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from khcn_docs.vn import nfc

try:  # libyaml: about ten times faster than the pure-Python parser
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader

_TAG = "tag:yaml.org,2002:"


class YamlSyntaxError(Exception):
    """A file that is not valid YAML; ``line``/``column`` are 1-based."""

    def __init__(self, path: Path, line: int, column: int, problem: str):
        super().__init__(problem)
        self.path, self.line, self.column, self.problem = path, line, column, problem


@dataclass(frozen=True)
class Source:
    """A loaded YAML document: its path, its data (plain dicts/lists), the position of every node
    and the sha256 of the bytes it was read from (what the quick check compares next time)."""

    path: Path
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    digest: str = ""

    def position(self, loc: tuple) -> tuple[int, int]:
        """Return the 1-based (line, column) of the deepest node of ``loc`` that exists, (1, 1) if none."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.positions:
                return self.positions[loc[:end]]
        return (1, 1)


_STR = _TAG + "str"


def _scalar(node: yaml.ScalarNode) -> Any:
    """Return a scalar's value: numbers, booleans and null as such; everything else (dates too) as NFC text."""
    tag, value = node.tag, node.value
    if tag == _STR:
        return unicodedata.normalize("NFC", value)
    if tag == _TAG + "int":
        return yaml.constructor.SafeConstructor.construct_yaml_int(_CONSTRUCTOR, node)
    if tag == _TAG + "float":
        return float(value.replace("_", "")) if value.lower().lstrip("+-") not in (".inf", ".nan") else value
    if tag == _TAG + "bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == _TAG + "null":
        return None
    return nfc(value)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class _Builder:
    """Turns composed nodes into plain data, recording positions and refusing duplicate keys."""

    def __init__(self, path: Path):
        self.path = path
        self.positions: dict[tuple, tuple[int, int]] = {}

    def build(self, node: yaml.Node, loc: tuple) -> Any:
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return _scalar(node)
        if kind is yaml.MappingNode:
            return self._mapping(node, loc)
        return self._sequence(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: tuple) -> dict:
        out: dict = {}
        positions, build = self.positions, self.build
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise self._error(key_node, "a mapping or list cannot be a key")
            key = _scalar(key_node)
            if key in out:
                raise self._error(key_node, f'found duplicate key "{key}"')
            here = loc + (key,)
            mark = key_node.start_mark
            positions[here] = (mark.line + 1, mark.column + 1)
            out[key] = build(value_node, here)
        return out

    def _sequence(self, node: yaml.SequenceNode, loc: tuple) -> list:
        out = []
        positions, build = self.positions, self.build
        for index, item in enumerate(node.value):
            here = loc + (index,)
            mark = item.start_mark
            positions[here] = (mark.line + 1, mark.column + 1)
            out.append(build(item, here))
        return out

    def _error(self, node: yaml.Node, problem: str) -> YamlSyntaxError:
        line, column = _where(node)
        return YamlSyntaxError(self.path, line, column, problem)


def _where(node: yaml.Node) -> tuple[int, int]:
    """Return the 1-based (line, column) where ``node`` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def load(path: Path, raw: bytes | None = None) -> Source:
    """Return the YAML at ``path`` (whose bytes are ``raw`` when already read) as a Source; raise
    YamlSyntaxError (with position) if it is not YAML."""
    raw = path.read_bytes() if raw is None else raw
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(path, 1, 1, f"utf8:{exc.start}") from None
    try:
        root = yaml.compose(nfc(text), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        quoted = bool(exc.context and "quoted scalar" in str(exc.context))
        mark = (exc.context_mark if quoted else None) or exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(path, line, col, str(exc.problem or exc.context)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path, 1, 1, str(exc)) from None
    if root is None:
        return Source(path, {}, digest=digest)
    builder = _Builder(path)
    data = builder.build(root, ())
    return Source(path, data, builder.positions, digest)
