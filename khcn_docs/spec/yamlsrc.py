"""YAML reading that keeps the line and column of every key and item, and NFC-normalises all text.

The document is composed into nodes by libyaml (PyYAML's C parser when present) and turned into
plain dicts and lists here, recording each node's position by its path. Dates stay text (the
models validate them with positions), and a key written twice is an error, not a silent overwrite.
"""

from __future__ import annotations

import hashlib
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


def _scalar(node: yaml.ScalarNode) -> Any:
    """Return a scalar's value: numbers, booleans and null as such; everything else (dates too) as NFC text."""
    tag, value = node.tag, node.value
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
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, loc)
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, loc: tuple) -> dict:
        out: dict = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, loc)
            if isinstance(key, (dict, list)):
                raise self._error(key_node, "a mapping or list cannot be a key")
            if key in out:
                raise self._error(key_node, f'found duplicate key "{key}"')
            self.positions[loc + (key,)] = _where(key_node)
            out[key] = self.build(value_node, loc + (key,))
        return out

    def _sequence(self, node: yaml.SequenceNode, loc: tuple) -> list:
        out = []
        for index, item in enumerate(node.value):
            self.positions[loc + (index,)] = _where(item)
            out.append(self.build(item, loc + (index,)))
        return out

    def _error(self, node: yaml.Node, problem: str) -> YamlSyntaxError:
        line, column = _where(node)
        return YamlSyntaxError(self.path, line, column, problem)


def _where(node: yaml.Node) -> tuple[int, int]:
    """Return the 1-based (line, column) where ``node`` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def load(path: Path) -> Source:
    """Return the YAML at ``path`` as a Source; raise YamlSyntaxError (with position) if it is not YAML."""
    raw = path.read_bytes()
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
