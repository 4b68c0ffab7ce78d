"""YAML reading that keeps the line and column of every key and item, and NFC-normalises all text.

The document is composed into nodes by libyaml (PyYAML's C parser when present) and turned into
plain dicts and lists here; the nodes are kept, so the position of any path is found when a
message needs it. Files are UTF-8 (with or without a byte-order mark) or UTF-16 or UTF-32 with one. Dates
stay text (the models validate them with positions), and a key written twice is an error, not a
silent overwrite.

A file that is not YAML is reported at its position with what libyaml found said in the clerk's
words (``PROBLEMS``: a tab, a colon inside a value, a quote left open, a value starting with
``*``, ``&``, ``!``, ``]``, ``?`` … or with a quoted phrase followed by more text; a control
character pasted in). Anchors and aliases (``&x`` … ``*x``) are followed, but a file may not nest deeper than
``MAX_DEPTH`` nor expand to more than ``MAX_VALUES`` values, and an alias may not contain itself:
such a file is refused with a message instead of exhausting the stack or the memory.

A folded block (``paragraph: >-`` and its lines below) is read as the clerk means it: its lines
joined by spaces, a blank line a line break. YAML itself keeps the line breaks around a "more
indented" line, so one line indented a space more than the first (or a first line a space less than
the rest) would put hard line breaks inside a paragraph; here such a break is one space too, and the
extra indentation is dropped (``_folded``). A literal block (``|``) keeps its lines as written.
"""

from __future__ import annotations

import hashlib
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from khcn_docs.vn import nfc

try:  # libyaml: about ten times faster than the pure-Python parser
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader


_RESOLVERS = _SafeLoader.yaml_implicit_resolvers
_IMPLICIT = {first: tuple(resolvers + _RESOLVERS.get(None, [])) for first, resolvers in _RESOLVERS.items()
             if first is not None}
"""First character of a plain scalar -> the (tag, pattern) implicit resolvers it is tried against."""
_ANY_FIRST = tuple(_RESOLVERS.get(None, []))  # those for any first character (the safe loader has none)
_SCALAR, _SEQUENCE = yaml.ScalarNode, yaml.SequenceNode
_STR, _SEQ, _MAP = _SafeLoader.DEFAULT_SCALAR_TAG, _SafeLoader.DEFAULT_SEQUENCE_TAG, _SafeLoader.DEFAULT_MAPPING_TAG


class _Loader(_SafeLoader):
    """PyYAML's safe loader, its resolver's answers worked out with less work: libyaml asks the
    resolver for the tag of every node it composes, three Python calls a node, which the safe
    resolver's general way (path resolvers, a list of candidates made per scalar) made about a
    seventh of what composing a plan costs.

    The tags are the same as the safe loader's (``tests/spec/test_yaml_tags.py``): a plain scalar
    tried against the implicit resolvers its first character selects (most of a plan's text starts
    with a letter that selects none, or only ``bool`` or ``null``), anything else the default tag of
    its kind. The safe loader has no path resolvers, so descending and ascending the tree track nothing."""

    def resolve(self, kind, value, implicit):
        """Return the tag of a node of ``kind`` (its text ``value`` when a scalar; ``implicit[0]``:
        written plain), as ``yaml.resolver.BaseResolver.resolve`` does without path resolvers."""
        if kind is _SCALAR:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _ANY_FIRST):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is _SEQUENCE else _MAP

    # libyaml calls these around every node it composes, for the path the safe loader's path
    # resolvers would need: it has none, so they track nothing. C functions taking the same
    # arguments and changing nothing are cheaper no-ops than Python ones (about a twentieth of
    # composing a plan): ``is_`` takes (parent, index) and ``tuple`` nothing, answers ignored.
    descend_resolver = staticmethod(operator.is_)
    ascend_resolver = staticmethod(tuple)


def bundled_data(path: Path) -> Any:
    """Return the plain data of a YAML file shipped with the tool (its rules, holidays, messages),
    read with libyaml when it is there: the pure-Python parser takes milliseconds for each."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


MAX_DEPTH = 64          # nesting levels of lists and mappings (a plan needs about 15)
MAX_VALUES = 100_000    # values once aliases are expanded (the bundled plan has about 600)

# What libyaml reports -> the message explaining it (``spec.yaml.<code>``); the first row whose words
# are in libyaml's context and problem wins. Anything else keeps libyaml's own words (``other``).
PROBLEMS: tuple[tuple[str, str, str], ...] = (
    # (words in the context, words in the problem, code)
    ("", "tab character", "tab"),
    ("quoted scalar", "end of stream", "unclosed_quote"),
    ("quoted scalar", "unknown escape", "escape"),
    ("alias", "", "star"),
    ("", "undefined alias", "star"),
    ("block scalar", "comment or line break", "block_scalar"),
    ("", "mapping values are not allowed", "colon"),
    ("flow", "did not find expected ','", "flow"),
    ("flow", "did not find expected node content", "flow"),  # "[" or "{" left open at the end of the file
    ("single document", "", "documents"),
    ("", "did not find expected key", "indent"),     # or a quote left open (``_quoted_before``)
    ("", "expected '-' indicator", "indent"),
    ("", "could not find expected ':'", "indent"),
    ("", "cannot start any token", "start_char"),
    ("scanning an anchor", "", "start_char"),      # ``&Triển khai``: "&" starts a YAML anchor
    ("scanning a tag", "", "start_char"),          # ``!Triển khai``: "!" starts a YAML tag
    ("block node", "expected node content", "start_char"),  # ``]Triển khai``, ``}…``
    ("", "mapping keys are not allowed", "start_char"),     # ``? Triển khai``: "? " starts a key
    ("plain scalar", "found unexpected ':'", "flow_colon"),  # ``[…, Ủy ban … như sau:]``
    ("", "exceeded maximum nesting depth", "too_deep"),  # libyaml's own limit (1000), past MAX_DEPTH
)


class YamlSyntaxError(Exception):
    """A file that is not valid YAML, or that this tool refuses to expand: ``line``/``column`` are
    1-based, ``message`` is the key of the message (``message.hint``: its hint), ``params`` fill both."""

    def __init__(self, path: Path, line: int, column: int, message: str, /, **params: object):
        super().__init__(message)
        self.path, self.line, self.column, self.message, self.params = path, line, column, message, params


_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Source:
    """A loaded YAML document: its path, its data (plain dicts/lists), its composed nodes (where
    positions are looked up), the sha256 of the bytes it was read from (what the quick check
    compares next time) and its text (where what YAML left out, such as comments, is looked at)."""

    path: Path
    data: Any
    root: yaml.Node | None = field(default=None, compare=False, repr=False)
    digest: str = ""
    text: str = field(default="", compare=False, repr=False)  # as read (NFC); "" when not read here

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

    def with_positions(self) -> "Source":
        """Return this source, or, when it has no nodes (variables an earlier build stored as JSON),
        the file read again for them; raise OSError or YamlSyntaxError when it cannot be."""
        return self if self.root is not None else load(self.path)


def _step(node: yaml.Node | None, part) -> tuple[yaml.Node, yaml.Node] | None:
    """Return (the node that marks ``part`` under ``node``, the node it leads to), or None."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.__class__ is yaml.ScalarNode and _scalar(key_node) == part:
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part], node.value[part]
    return None


_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*")                 # 135, 0135, 1_000 (not 0x10, 0b1, 1:30)
_BELOW_DIGITS_END = ":"
"""Every text starting with a digit or a sign sorts before it: ``value < _BELOW_DIGITS_END`` is the cheap
test that leaves the decimal pattern to the few plain texts that could match it (a slice of the
first character, then a search of a tuple, cost four times as much for a plan's 400 values)."""


def _scalar(node: yaml.ScalarNode) -> Any:
    """Return a scalar's value: numbers, booleans and null as such; everything else (dates too) as NFC text.

    A number is what a clerk means by one: decimal digits, read as decimal even with leading zeros
    (``0135`` is 135, not YAML 1.1's octal 93; ``08`` is 8). YAML 1.1's other ways of writing a
    number (``0x10``, ``0b1``, ``1:30``, ``1:30.5``) stay text, so the field's check says what to write.

    The text ``load`` composes is NFC already, and so is every text YAML makes of it without quotes,
    in single quotes or in a block: pieces of it joined by spaces, line breaks or quotes, none of
    which composes with what is next to it (nor do ``_folded``'s mends). Only a double-quoted text
    is normalised again: its escapes (``\\u0301``, a ``\\`` joining two lines) can write anything."""
    tag, value = node.tag, node.value
    if tag == _STR:
        style = node.style
        if not style:
            if value < _BELOW_DIGITS_END and _DECIMAL.fullmatch(value):
                return int(value.replace("_", ""), 10)  # ``08``, ``019``: not octal, so YAML 1.1 left them text
            return value
        if style == ">":
            return _folded(value)
        return unicodedata.normalize("NFC", value) if style == '"' else value
    if tag == _TAG + "int":
        return int(value.replace("_", ""), 10) if _DECIMAL.fullmatch(value) else value
    if tag == _TAG + "float":
        return _fraction(value)
    if tag == _TAG + "bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == _TAG + "null":
        return None
    return nfc(value)


_BREAKS = re.compile(r"(\n+)")
_LINE_END_SPACES, _SPACES = re.compile(r"[ \t]+(?=\n|$)"), re.compile(r"[ \t]{2,}")


def _folded(value: str) -> str:
    """Return a folded block's ``value`` with the lines YAML kept apart because they were "more
    indented" folded as the others are: the break next to such a line a space (one break of n in a
    row dropped, as between other lines), the line's leading spaces and tabs dropped; spaces left at
    a line's end (invisible in an editor, kept by YAML) and so doubled where lines join, one space."""
    if "\n" not in value.rstrip("\n") and "  " not in value and "\t" not in value and value[:1] != " " \
            and not value.rstrip("\n").endswith(" "):
        return value  # most blocks: one line once folded, nothing to mend
    parts = _BREAKS.split(value)  # text, breaks, text, breaks, …, text
    out = [parts[0].lstrip(" \t")]
    for before, breaks, after in zip(parts[0::2], parts[1::2], parts[2::2]):
        if after and (before[:1] in (" ", "\t") or after[:1] in (" ", "\t")):
            breaks = breaks[1:] or " "
        out += [breaks, after.lstrip(" \t")]
    return _SPACES.sub(" ", _LINE_END_SPACES.sub("", "".join(out)))


def _fraction(value: str) -> float | str:
    """Return a YAML 1.1 float written with a decimal point (``1.5``, ``0.5e+3``) as a float; ``.inf``,
    ``.nan`` and sexagesimal ``1:30.5`` as the text they are."""
    if ":" in value or "n" in value.lower():
        return value
    try:
        return float(value.replace("_", ""))
    except ValueError:  # ``._``: a float to YAML's pattern, not to Python
        return value


class _Builder:
    """Turns composed nodes into plain data, refusing duplicate keys, nesting deeper than
    ``MAX_DEPTH`` (an alias inside itself nests without end) and more than ``MAX_VALUES`` values."""

    def __init__(self, path: Path, root: yaml.Node):
        self.path, self.root = path, root
        self.depth = 0
        self.left = MAX_VALUES

    def build(self, node: yaml.Node) -> Any:
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return _scalar(node)
        self.depth += 1
        self.left -= len(node.value)
        if self.depth > MAX_DEPTH or self.left < 0:
            raise self._refused(node)
        if kind is yaml.MappingNode:
            built = self._mapping(node)
        else:
            build = self.build
            built = [_scalar(item) if item.__class__ is _SCALAR else build(item) for item in node.value]
        self.depth -= 1
        return built

    def _refused(self, node: yaml.Node) -> YamlSyntaxError:
        """Return the error for a file past a limit at ``node``: too many values, an alias inside
        itself, or nesting too deep (only now is the file searched for such an alias)."""
        if self.left < 0:
            return self._error(node, "spec.yaml.too_many", limit=f"{MAX_VALUES:,}".replace(",", " "))
        loop = _inside_itself(self.root)
        if loop is not None:
            return self._error(loop, "spec.yaml.alias_loop")
        return self._error(node, "spec.yaml.too_deep", limit=MAX_DEPTH)

    def _mapping(self, node: yaml.MappingNode) -> dict:
        """Return a mapping node as a dict. A key is nearly always a plain word, which ``_scalar``
        returns as written: such a key is taken without the call (a plan has some 250 keys)."""
        out: dict = {}
        build = self.build
        for key_node, value_node in node.value:
            if key_node.__class__ is not _SCALAR:
                raise self._error(key_node, "spec.yaml.complex_key")
            key = key_node.value
            if key_node.tag is not _STR or key_node.style or key < _BELOW_DIGITS_END:
                key = _scalar(key_node)
            if key in out:
                first = next(k for k, _ in node.value if k.__class__ is _SCALAR and _scalar(k) == key)
                raise self._error(key_node, "spec.yaml.duplicate_key", key=key, first=_where(first)[0])
            out[key] = _scalar(value_node) if value_node.__class__ is _SCALAR else build(value_node)
        return out

    def _error(self, node: yaml.Node, message: str, /, **params: object) -> YamlSyntaxError:
        line, column = _where(node)
        return YamlSyntaxError(self.path, line, column, message, **params)


def _inside_itself(root: yaml.Node) -> yaml.Node | None:
    """Return the first list or mapping that contains itself through an alias, or None (each node
    is searched once, however many aliases lead to it)."""
    path: list[tuple[yaml.Node, Any]] = [(root, iter(_children(root)))]
    on_path, done = {id(root)}, set()
    while path:
        child = next(path[-1][1], None)
        if child is None:
            finished = id(path.pop()[0])
            on_path.discard(finished)
            done.add(finished)
        elif id(child) in on_path:
            return child
        elif child.__class__ is not yaml.ScalarNode and id(child) not in done:
            path.append((child, iter(_children(child))))
            on_path.add(id(child))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    """Return the nodes directly under a list or mapping (a mapping's keys and values)."""
    if node.__class__ is yaml.MappingNode:
        return [part for pair in node.value for part in pair]
    return list(node.value) if node.__class__ is yaml.SequenceNode else []


def _where(node: yaml.Node) -> tuple[int, int]:
    """Return the 1-based (line, column) where ``node`` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def load(path: Path, raw: bytes | None = None, digest: str | None = None) -> Source:
    """Return the YAML at ``path`` (whose bytes are ``raw`` when already read, their sha256
    ``digest`` when already hashed) as a Source; raise YamlSyntaxError (with position) if it is not YAML."""
    raw = path.read_bytes() if raw is None else raw
    digest = hashlib.sha256(raw).hexdigest() if digest is None else digest
    encoding = _encoding(raw)
    try:
        decoded = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, raw, exc.start) from None
    text = nfc(decoded)
    # UTF-8 bytes already in NFC are what libyaml reads: given them, it does not encode the text again
    stream = raw if text is decoded and encoding == "utf-8" else text
    try:
        root = yaml.compose(stream, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _explained(path, text, exc) from None
    except yaml.reader.ReaderError:  # a control character: libyaml's words are English
        raise _control_character(path, text) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path, 1, 1, "spec.yaml.other", problem=str(exc)) from None
    if root is None:
        return Source(path, {}, digest=digest, text=text)
    return Source(path, _Builder(path, root).build(root), root, digest, text)


def _not_utf8(path: Path, raw: bytes, start: int) -> YamlSyntaxError:
    """Return the error for a file that is not UTF-8 (saved as ANSI, TCVN3, VNI …), placed at the
    first byte that cannot be read, with that line's text as far as it reads; a file with NUL bytes
    is UTF-16 or UTF-32 without a byte-order mark, said so."""
    if b"\x00" in raw:
        return YamlSyntaxError(path, 1, 1, "spec.nul")
    line_start = raw.rfind(b"\n", 0, start) + 1
    line_end = raw.find(b"\n", start)
    before = raw[line_start:start].decode("utf-8", "replace")
    text = raw[line_start:line_end if line_end >= 0 else len(raw)].decode("utf-8", "replace").strip()
    return YamlSyntaxError(path, raw.count(b"\n", 0, start) + 1, len(before) + 1, "spec.utf8",
                           text=text[:80])


def _encoding(raw: bytes) -> str:
    """Return the encoding to read ``raw`` with: UTF-32 or UTF-16 when it starts with that byte-order
    mark (Notepad's "Unicode" is UTF-16), else UTF-8 (a UTF-8 byte-order mark is allowed and skipped
    by YAML). UTF-32's little-endian mark starts as UTF-16's does, so it is looked for first."""
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "utf-32"
    return "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"


_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""A character YAML does not allow in a file (its ``c-printable``, YAML 1.1 §5.1)."""


def _control_character(path: Path, text: str) -> YamlSyntaxError:
    """Return the error for the first character of ``text`` YAML does not allow (libyaml gives its
    byte offset, the Python parser its index: it is found again here): a NUL means the file is
    UTF-16 or UTF-32 saved without a byte-order mark (said as the encoding problem it is), anything
    else is a control character pasted from another program."""
    found = _NOT_PRINTABLE.search(text)
    index = found.start() if found else 0
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    char = text[index:index + 1]
    if char == "\x00":
        return YamlSyntaxError(path, line, column, "spec.nul")
    return YamlSyntaxError(path, line, column, "spec.yaml.control", code=f"U+{ord(char or ' '):04X}")


def _explained(path: Path, text: str, exc: yaml.MarkedYAMLError) -> YamlSyntaxError:
    """Return libyaml's error as a YamlSyntaxError in the clerk's words (``PROBLEMS``), placed where
    the clerk has to look: an unclosed quote or bracket where it opens, anything else where libyaml
    stopped."""
    context, problem = str(exc.context or ""), str(exc.problem or "")
    code = next((code for in_context, in_problem, code in PROBLEMS
                 if in_context in context and in_problem in problem), "other")
    opened = code in ("unclosed_quote", "flow")  # said where the quote or bracket opens
    mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    params: dict[str, object] = {"problem": problem or context, "limit": MAX_DEPTH}
    if code == "start_char" and ("anchor" in context or "tag" in context) and exc.context_mark:  # where "&" or "!" is
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
    quoted = _quoted_before(text, mark) if code == "indent" and mark else None
    if quoted is not None and quoted.start_mark.line < quoted.end_mark.line:
        # a quote left open swallowed the lines up to here: point at where it opens
        code, params["end"] = "quote_runs_on", line
        line, column = quoted.start_mark.line + 1, quoted.start_mark.column + 1
    elif quoted is not None and quoted.end_mark.line == mark.line:
        # ``item: "Ngày hội" khởi nghiệp``: text goes on after the closing quote
        code, params["quoted"] = "quoted_start", _shortened(quoted.value.strip())
        line, column = quoted.start_mark.line + 1, quoted.start_mark.column + 1
    if code == "start_char":  # a YAML sign ("&", "!", "]", "?", "@" …) where a value starts
        char = _char_at(text, line, column)
        code = "tab" if char == "\t" else "other" if not char or char.isalnum() else code
        params["char"] = char
    return YamlSyntaxError(path, line, column, f"spec.yaml.{code}", **params)


def _shortened(text: str, most: int = 40) -> str:
    """Return ``text`` cut to ``most`` characters, "…" marking the cut."""
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def _quoted_before(text: str, mark) -> yaml.Token | None:
    """Return the token right before ``mark`` when it is a quoted text, else None: one running over
    several lines is the usual sign of a quote left open, one ending on ``mark``'s line a value that
    starts with a quoted phrase and goes on after it."""
    last, stop = None, (mark.line, mark.column)
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if (token.start_mark.line, token.start_mark.column) >= stop:
                break
            last = token
    except yaml.YAMLError:
        pass
    if isinstance(last, yaml.ScalarToken) and last.style in ('"', "'"):
        return last
    return None


def _char_at(text: str, line: int, column: int) -> str:
    """Return the character at 1-based ``line``/``column`` of ``text`` ("" past its end)."""
    lines = text.split("\n")
    row = lines[line - 1] if 0 < line <= len(lines) else ""
    return row[column - 1:column]
