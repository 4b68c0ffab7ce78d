"""YAML reading that keeps the line and column of every key and item, and NFC-normalises all text.

The document is composed into nodes by libyaml (PyYAML's C parser when present) and turned into
plain dicts and lists here; the nodes are kept, so the position of any path is found when a
message needs it. Dates stay text (the models validate them with positions), and a key written
twice is an error, not a silent overwrite.
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
    """A loaded YAML document: its path, its data (plain dicts/lists), its composed nodes (where
    positions are looked up) and the sha256 of the bytes it was read from (what the quick check
    compares next time)."""

    path: Path
    data: Any
    root: yaml.Node | None = field(default=None, compare=False, repr=False)
    digest: str = ""

    def position(self, loc: tuple) -> tuple[int, int]:
        """Return the 1-based (line, column) of the deepest node of ``loc`` that exists (a mapping
        entry's key, a list's item), (1, 1) if none."""
        node, found = self.root, (1, 1)
        for part in loc:
            step = _step(node, part)
            if step is None:
                break
            marked, node = step
            found = _where(marked)
        return found


def _step(node: yaml.Node | None, part) -> tuple[yaml.Node, yaml.Node] | None:
    """Return (the node that marks ``part`` under ``node``, the node it leads to), or None."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.__class__ is yaml.ScalarNode and _scalar(key_node) == part:
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part], node.value[part]
    return None


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
    """Turns composed nodes into plain data, refusing duplicate keys."""

    def __init__(self, path: Path):
        self.path = path

    def build(self, node: yaml.Node) -> Any:
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return _scalar(node)
        if kind is yaml.MappingNode:
            return self._mapping(node)
        return [self.build(item) for item in node.value]

    def _mapping(self, node: yaml.MappingNode) -> dict:
        out: dict = {}
        build = self.build
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise self._error(key_node, "a mapping or list cannot be a key")
            key = _scalar(key_node)
            if key in out:
                raise self._error(key_node, f'found duplicate key "{key}"')
            out[key] = build(value_node)
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
    return Source(path, _Builder(path).build(root), root, digest)
