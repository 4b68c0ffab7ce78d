"""What a template's tags do to the Word XML around them, checked once when it is compiled.

docxtpl's ``{%p … %}`` tag stands for its whole paragraph; a plain ``{% … %}`` tag sits inside a
run's text (``<w:t>``). A clerk who deletes the ``p`` of ``{%p for b in body %}`` in Word leaves
the loop starting inside one paragraph and ending between others: every document rendered from
it is broken XML that Word cannot open. Likewise ``{{ b.runs|rich }}`` without its ``r`` puts the
runs ``rich`` makes inside a ``<w:t>``, and Word shows no text at all.

Both are properties of the template, not of the data: values are autoescaped text and ``rich``
makes whole runs, so only the template's own XML, and which of its blocks run, decide whether the
result is well-formed. ``check`` walks the compiled template's tree once, following the open XML
elements through every block: a loop's body and else, and every branch of an ``if``, must leave
them as they found them (they may close and reopen the same elements, as an ``{% if %}`` spanning
two paragraphs does). A render then needs no XML parse of its own (that would cost about a fifth
of each document's render time).

``syntax_message`` says a Jinja syntax error in the clerk's words: which tag, in which paragraph;
``unknown_names`` refuses, from the same tree, the names Jinja itself only checks when the tag
runs (or never in a condition): a filter or test that does not exist (``|upperr``, ``is strng``),
and a tag that reads another file (``include``, ``import``, ``extends``: a template has no folder
of files to read from).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jinja2 import nodes

from khcn_docs.i18n import t

_XML_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)[^<>]*?(/?)>")
_TEXT_ELEMENTS = frozenset({"w:t", "w:instrText", "w:delText"})
_PARAGRAPH_LEVEL = frozenset({"w:p", "w:body", "w:tbl", "w:tr", "w:tc", "w:hdr", "w:ftr"})


class ShapeError(Exception):
    """A tag that breaks the XML of every document made from the template: ``key`` is the locale
    key of what is wrong, ``lineno`` the template source line of the tag, ``word`` what the tag
    holds (``for``, ``if``, ``rich``; empty: any value tag)."""

    def __init__(self, key: str, lineno: int, word: str = ""):
        super().__init__(key)
        self.key, self.lineno, self.word = key, lineno, word

    def near(self, source: str) -> str:
        """Return the tag as typed on its source line (the line's text if it cannot be told apart)."""
        lines = source.splitlines()
        line = lines[self.lineno - 1] if 0 < self.lineno <= len(lines) else ""
        if self.key == "render.shape.block":
            tag = re.search(r"\{%-?\s*" + re.escape(self.word) + r"\b.*?%\}", line)
        else:
            tag = re.search(r"\{\{[^{}]*" + re.escape(self.word) + r"[^{}]*\}\}", line)
        return tag.group(0) if tag else near(source, self.lineno)


@dataclass
class _Open:
    """The XML elements open at a point of the template, and a tag cut in two by a Jinja tag
    (``<w:t xml:space="{{ x }}">``: its start, waiting for the rest)."""

    elements: list[str] = field(default_factory=list)
    partial: str = ""

    def copy(self) -> "_Open":
        """Return an independent copy (one per branch)."""
        return _Open(list(self.elements), self.partial)

    def same(self, other: "_Open") -> bool:
        """Return True when ``other`` has the same elements open."""
        return self.elements == other.elements and self.partial == other.partial


def check(ast: nodes.Template) -> None:
    """Raise ShapeError for the first tag whose block does not leave the XML as it found it, or
    whose value lands where Word cannot show it; return None when every render is well-formed."""
    _walk(ast.body, _Open(), 0)


def _walk(body: list[nodes.Node], state: _Open, lineno: int) -> _Open:
    """Return the XML open after ``body`` run from ``state`` (``lineno``: the enclosing block's tag)."""
    for node in body:
        if isinstance(node, nodes.Output):
            _output(node, state, lineno)
        elif isinstance(node, nodes.For):
            _same_after(node.body, state, node, "for")
            _same_after(node.else_, state, node, "for")
        elif isinstance(node, nodes.If):
            state = _branches(node, state)
        elif isinstance(getattr(node, "body", None), list):  # macro, call, filter, set, with blocks
            _same_after(node.body, state, node, "")
    return state


def _same_after(body: list[nodes.Node], state: _Open, node: nodes.Node, word: str) -> None:
    """Raise ShapeError unless ``body`` leaves the XML open as ``state`` (a loop body runs any number
    of times); ``node`` and ``word``: its block's tag."""
    if body and not _walk(body, state.copy(), node.lineno).same(state):
        raise ShapeError("render.shape.block", node.lineno, word)


def _branches(node: nodes.If, state: _Open) -> _Open:
    """Return the XML open after an ``if``: every branch (and no branch, without ``else``) must agree."""
    bodies = [node.body, *(elif_.body for elif_ in node.elif_), node.else_]
    after = [_walk(body, state.copy(), node.lineno) for body in bodies]
    if not all(result.same(after[0]) for result in after):
        raise ShapeError("render.shape.block", node.lineno, "if")
    return after[0]


def _output(node: nodes.Output, state: _Open, lineno: int) -> None:
    """Follow an output node's XML text and check where each of its values lands."""
    for child in node.nodes:
        if isinstance(child, nodes.TemplateData):
            _follow(child.data, state, lineno)
        elif not state.partial:  # a value inside an attribute: not text, nothing to check
            _placed(child, state)


def _placed(expr: nodes.Expr, state: _Open) -> None:
    """Raise ShapeError when runs made by ``rich`` land inside a text element (``{{ … }}`` where
    ``{{r … }}`` was meant), or plain text lands between paragraphs' runs (``{{r … }}`` for a value
    that is not runs)."""
    inner = state.elements[-1] if state.elements else ""
    is_rich = any(f.name == "rich" for f in expr.find_all(nodes.Filter)) or (
        isinstance(expr, nodes.Filter) and expr.name == "rich")
    if is_rich and inner in _TEXT_ELEMENTS:
        raise ShapeError("render.shape.rich_in_text", expr.lineno, "rich")
    if not is_rich and inner in _PARAGRAPH_LEVEL:
        raise ShapeError("render.shape.text_in_paragraph", expr.lineno)


def _follow(data: str, state: _Open, lineno: int) -> None:
    """Apply the XML tags of ``data`` to ``state``; raise ShapeError on a closing tag that does not
    close the innermost open element (a block that closes what it did not open)."""
    data = state.partial + data
    cut = data.rfind("<")
    state.partial = data[cut:] if cut >= 0 and ">" not in data[cut:] else ""
    if state.partial:
        data = data[:cut]
    for closing, name, empty in _XML_TAG.findall(data):
        if empty:
            continue
        if not closing:
            state.elements.append(name)
        elif state.elements and state.elements[-1] == name:
            state.elements.pop()
        else:
            raise ShapeError("render.shape.block", lineno, "")


_UNKNOWN_TAG = re.compile(r"Encountered unknown tag '(\w+)'")
_INNERMOST = re.compile(r"innermost block that needs to be closed is '(\w+)'")
_STATEMENT = re.compile(r"\{%-?\s*(\w+)")
_BLOCK_TAGS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "raw", "set"})


def syntax_message(template: str, message: str, lineno: int | None, source: str) -> str:
    """Return a Jinja syntax error said for the clerk: which tag is wrong and in which paragraph,
    with Jinja's own English text kept only as the detail."""
    unknown, innermost = _UNKNOWN_TAG.search(message), _INNERMOST.search(message)
    if message.startswith("Unexpected end of template") and innermost:
        opener = _unclosed(source, innermost.group(1))
        return t("render.syntax_unclosed", template=template, tag=innermost.group(1),
                 near=near(source, opener or lineno), detail=message)
    if unknown and unknown.group(1).startswith(("end", "else", "elif")):
        key = "render.syntax_stray_nested" if innermost else "render.syntax_stray"
        return t(key, template=template, tag=unknown.group(1), near=near(source, lineno),
                 open=innermost.group(1) if innermost else "", detail=message)
    if unknown:
        return t("render.syntax_unknown", template=template, tag=unknown.group(1), near=near(source, lineno),
                 detail=message)
    return t("render.syntax", template=template, detail=message, near=near(source, lineno))


def _unclosed(source: str, block: str) -> int | None:
    """Return the source line of the innermost ``{% block %}`` tag left open, None if not found."""
    opened: list[tuple[str, int]] = []
    for match in _STATEMENT.finditer(source):
        name = match.group(1)
        if name in _BLOCK_TAGS and not (name == "set" and "=" in source[match.end():source.find("%}", match.end())]):
            opened.append((name, match.start()))
        elif name.startswith("end"):
            for i in range(len(opened) - 1, -1, -1):
                if opened[i][0] == name[3:]:
                    del opened[i:]
                    break
    starts = [pos for name, pos in opened if name == block]
    return source.count("\n", 0, starts[-1]) + 1 if starts else None


_READS_FILES = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from", nodes.Extends: "extends"}


def unknown_names(ast: nodes.Template, filters, tests) -> ShapeError | None:
    """Return the error of the first filter or test not in ``filters`` / ``tests`` (the
    environment's), or of the first tag that reads another file; None when there is none."""
    for node in ast.find_all((nodes.Filter, nodes.Test, *_READS_FILES)):
        if type(node) in _READS_FILES:
            return ShapeError("render.reads_file", node.lineno, _READS_FILES[type(node)])
        known = filters if isinstance(node, nodes.Filter) else tests
        if node.name is not None and node.name not in known:  # a {% filter %} block's node has no name of its own
            key = "render.unknown_filter" if isinstance(node, nodes.Filter) else "render.unknown_test"
            return ShapeError(key, node.lineno, node.name)
    return None


def tag_on(source: str, lineno: int, word: str = "") -> str:
    """Return the first tag on source line ``lineno`` holding ``word`` as a whole word (any tag
    without one), as typed; "" when that line has none."""
    lines = source.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", line):
        if not word or re.search(r"(?<!\w)" + re.escape(word) + r"\b", tag):
            return tag
    return ""


_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}


def unescape(text: str) -> str:
    """Return the XML text ``text`` as typed: ``&gt;``, ``&lt;``, ``&quot;``, ``&apos;``, ``&amp;``
    and character references written as the characters they stand for."""
    return re.sub(r"&(?:lt|gt|quot|apos|amp|#\d+|#x[0-9A-Fa-f]+);", _entity, text)


def _entity(match: re.Match) -> str:
    """Return the character one XML entity or character reference stands for."""
    ref = match.group(0)
    if not ref.startswith("&#"):
        return _ENTITIES[ref]
    try:
        return chr(int(ref[3:-1], 16) if ref.startswith("&#x") else int(ref[2:-1]))
    except (ValueError, OverflowError):  # no such character: left as written
        return ref


def near(source: str, lineno: int | None) -> str:
    """Return the text of template source line ``lineno`` (about one paragraph), without its XML
    and as typed (``>``, not ``&gt;``), shortened."""
    lines = source.splitlines()
    line = lines[lineno - 1] if lineno and 0 < lineno <= len(lines) else ""
    text = unescape(re.sub(r"<[^>]+>", "", line).strip())
    return text if len(text) <= 80 else text[:77] + "…"
