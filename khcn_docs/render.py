"""Rendering one document from a .docx template: sandboxed, autoescaped Jinja, compiled once.

docxtpl re-reads, re-patches and re-compiles the template on every render (about half its time).
Here a template is prepared once — docxtpl's own ``patch_xml`` turns Word's run soup into Jinja
source, the sandbox compiles it — and each render only evaluates it and re-zips the package with
fixed timestamps, so the same context gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from khcn_docs import paths, sniff, template_shape
from khcn_docs.errors import TemplateError, TemplateMistake
from khcn_docs.files import read_file
from khcn_docs.i18n import t
from khcn_docs.sandbox import LimitError, Sandbox, time_budget

JINJA_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def escape(text: str) -> str:
    """Return ``text`` with ``&``, ``<`` and ``>`` written as XML entities: what
    ``xml.sax.saxutils.escape`` does, without the 10 ms of urllib, http.client and ssl that
    module loads with it at every start."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rich(runs) -> Markup:
    """Return WordprocessingML runs for ``runs`` (text, or a list of {text, italic, bold, size in
    pt}), escaped."""
    if isinstance(runs, str):
        runs = [{"text": runs}]
    out = []
    for run in runs:
        props = ("<w:b/>" if run.get("bold") else "") + ("<w:i/>" if run.get("italic") else "")
        if run.get("size"):
            props += f'<w:sz w:val="{round(2 * run["size"])}"/><w:szCs w:val="{round(2 * run["size"])}"/>'
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(str(run["text"]))}</w:t></w:r>')
    return Markup("".join(out))


def make_env() -> SandboxedEnvironment:
    """Return the only Jinja environment templates run in: sandboxed with limits (``sandbox.py``),
    autoescaped, strict."""
    env = Sandbox(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["rich"] = rich
    return env


_GLOBALS = frozenset(make_env().globals)  # range, dict, cycler…: names a template may use undeclared


def _docxtpl_patch(xml: str) -> str:
    """Return Word XML with Jinja tags cleaned of run markup (docxtpl's patch_xml), and of the
    character references docxtpl leaves in them: LibreOffice saves ``'`` and ``"`` inside text as
    ``&apos;`` and ``&quot;``, so a template edited and saved there would no longer compile."""
    from docxtpl import DocxTemplate

    patched = DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), xml)
    return _JINJA_TAG.sub(lambda tag: tag.group(0).replace("&apos;", "'").replace("&quot;", '"'), patched)


_JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _unsafe_names(ast: nodes.Template) -> list[str]:
    """Return attribute/item names in the template that reach into Python internals (``_x``)."""
    names = [n.attr for n in ast.find_all(nodes.Getattr) if n.attr.startswith("_")]
    names += [str(n.arg.value) for n in ast.find_all(nodes.Getitem)
              if isinstance(n.arg, nodes.Const) and str(n.arg.value).startswith("_")]
    return names


@dataclass
class CompiledTemplate:
    """A .docx template ready to render many times: static parts kept, Jinja parts compiled."""

    path: Path
    digest: str
    members: list[tuple[str, bytes]]
    compiled: dict[str, jinja2.Template]
    variables: frozenset[str]    # the names it uses that a context must provide (not range, dict…)
    sources: dict[str, str] = field(default_factory=dict)  # each Jinja part's source: the tag a render failed on
    crcs: dict[str, int] = field(default_factory=dict)  # each member's CRC-32 as the template's zip records it

    def missing(self, context: dict) -> set[str]:
        """Return the variables the template uses that ``context`` does not provide (empty: none)."""
        return set() if self.variables.issubset(context) else set(self.variables - context.keys())

    def render_parts(self, context: dict) -> dict[str, bytes]:
        """Return the rendered bytes of every Jinja part for ``context``; raise TemplateError if the
        template fails on it, or goes past a limit of the sandbox (its size, its time: ``sandbox.py``)."""
        try:
            with time_budget():
                rendered = {name: self._render(name, context) for name in self.compiled}
        except LimitError as exc:
            raise TemplateError(t("render.limit", template=self.path.name,
                                  what=t(exc.key, **exc.params))) from None
        return {name: _finish_xml(xml).encode("utf-8") for name, xml in rendered.items()}

    def _render(self, name: str, context: dict) -> str:
        """Return part ``name`` rendered for ``context``; raise TemplateError (TemplateMistake for a
        name the context does not have, LimitError as it is)."""
        try:
            return self.compiled[name].render(context)
        except LimitError:
            raise
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateError(t("render.unsafe", template=self.path.name, detail=str(exc))) from None
        except jinja2.UndefinedError as exc:
            raise TemplateMistake(self._undefined(exc, self.sources.get(name, ""), context)) from None
        except jinja2.TemplateError as exc:
            raise TemplateError(t("render.failed", template=self.path.name, detail=str(exc))) from None
        except Exception as exc:  # noqa: BLE001 - a template is the clerk's code: what fails in it (1/0,
            # a filter given the wrong value, a range too big) is that template's problem, said as such
            raise TemplateError(t("render.failed", template=self.path.name,
                                  detail=f"{type(exc).__name__}: {exc}")) from None

    def _undefined(self, exc: jinja2.UndefinedError, source: str, context: dict) -> str:
        """Return the message of a name ``context`` lacks (``hdr.isuer``): its tag and paragraph,
        found from the template line the error was raised on, and the name meant, if any."""
        lineno = _template_line(exc.__traceback__)
        found = _UNDEFINED_NAME.search(exc.message or "")
        if lineno is None or found is None:
            return t("render.undefined", template=self.path.name, detail=str(exc))
        name = (found.group(1) or found.group(2)).strip("'")
        guess = difflib.get_close_matches(name, sorted(_keys(context)), n=1)
        return t("render.undefined_name", template=self.path.name, name=name, detail=str(exc),
                 tag=template_shape.tag_on(source, lineno, name), near=template_shape.near(source, lineno),
                 guess=t("render.did_you_mean", guess=guess[0]) if guess else "")

    def render_bytes(self, context: dict, core: dict | None = None, previous: bytes | None = None) -> bytes:
        """Return the bytes of the rendered .docx (deterministic for the same context and core;
        ``previous``: as for ``package``)."""
        return self.package(self.render_parts(context), core, previous)

    def package(self, parts: dict[str, bytes], core: dict | None = None, previous: bytes | None = None) -> bytes:
        """Return the bytes of the .docx made of the rendered Jinja ``parts`` (``render_parts``), the
        template's other parts as they are and the metadata ``core`` (deterministic).

        ``previous``: the bytes of this document as this very tool (its code and its zlib:
        ``state.TOOL_VERSION``) last wrote it, unchanged since, if any. A member whose bytes are
        the same in it (styles, theme, headers: most of a rebuilt document) is then copied
        compressed instead of being compressed again (``_Previous``): the same zlib gives the same
        deflated bytes, so the document is byte for byte what a fresh render writes. It must have
        been rendered from this very template (the same file): its parts that are not rendered
        are then the template's own bytes, as in the new output."""
        parts = dict(parts)
        if core is not None:
            parts["docProps/core.xml"] = core_xml(**core)
        old = _Previous.read(previous)
        if old is not None and all(name.isascii() for name, _ in self.members):  # as ``_Previous`` reads them
            return self._lending(parts, old)
        buf = io.BytesIO()
        with _MemoryZip(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self.members:
                zf.writestr(_member_info(name), parts.get(name, data))
        return buf.getvalue()

    def _lending(self, parts: dict[str, bytes], old: _Previous) -> bytes:
        """Return the bytes ``package`` writes, each member's whole local record copied from the
        previous output ``old`` when it is the same (``_Previous.record``), else deflated as
        zipfile deflates it (zlib's default level, a raw stream: ``_deflated_record``), then the
        central directory and its end record as zipfile writes them (``_central_entry``): the
        archive is laid out by hand rather than through zipfile, which would make a ZipInfo and
        pack a header for every member copied (most of a rebuilt document). Every member name is
        ASCII (zipfile would flag another as UTF-8), and a document is far below the 2 GiB past
        which zipfile would write ZIP64 fields."""
        records, entries, offset = [], [], 0
        for name, data in self.members:
            rendered = name in parts
            data = parts.get(name, data)
            known = old.record(name, data, rendered, None if rendered else self.crcs.get(name))
            crc, packed, record = known if known is not None else _deflated_record(name, data)
            entries.append(_central_entry(name, crc, packed, len(data), offset))
            records.append(record)
            offset += len(record)
        directory = b"".join(entries)
        end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0)
        return b"".join(records) + directory + end


_UNDEFINED_NAME = re.compile(r"has no (?:attribute|element) (.+)$|^'(\w+)' is undefined$")


def _template_line(tb) -> int | None:
    """Return the template source line of the innermost template frame of traceback ``tb`` (Jinja
    rewrites its frames to the template's own lines), None if there is none."""
    lineno = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _keys(value, depth: int = 0) -> set[str]:
    """Return the keys of the mappings in ``value``, at any depth down to 4 (the names a tag may use)."""
    if depth > 4:
        return set()
    if isinstance(value, dict):
        return {str(k) for k in value} | {k for v in value.values() for k in _keys(v, depth + 1)}
    if isinstance(value, (list, tuple)):
        return {k for v in value for k in _keys(v, depth + 1)}
    return set()


class _MemoryZip(zipfile.ZipFile):
    """A zip written to memory, dropped unfinished when its block fails: a Ctrl-C that lands while
    a member is being written leaves that member's handle open, and finishing the archive then
    raises ValueError ("Can't close the ZIP file while there is an open writing handle"), which
    would hide the interruption behind an internal error."""

    def __exit__(self, exc_type, *_) -> None:
        if exc_type is None:
            self.close()
        else:
            self.fp = None  # nothing to finish (``close`` and ``__del__`` then do nothing): the bytes are dropped


class _Previous:
    """A document's previous output (its bytes and where each of its members' deflated bytes are),
    lending the deflated bytes of its members to the members of its new output that are the same."""

    def __init__(self, data: bytes, members: dict[str, tuple[int, int, int, int, int]]):
        self.data, self.members = data, members

    @classmethod
    def read(cls, data: bytes | None) -> _Previous | None:
        """Return the previous output ``data`` with its members found by walking their local
        headers (``package`` writes each header with its sizes and CRC-32: no data descriptor);
        None when there is none, it is not a zip written that way (a header with other fields than
        ``package`` writes, a member running past the end), or it holds a name twice (then every
        member is compressed as usual). The central directory is not read: the members are the
        local headers' from the first byte on, as ``package`` writes them. Each header is the very
        bytes ``package`` writes for a member of that name, CRC-32 and sizes (its other fields are
        the same for every member, its name is ASCII: ``_LOCAL_FIXED``), so it is copied as it is."""
        if not data:
            return None
        members, pos = {}, 0
        while data.startswith(b"PK\x03\x04", pos):
            if len(data) < pos + 30 or data[pos + 4:pos + 14] != _LOCAL_FIXED:
                return None
            crc, packed, size, name_len, extra_len = _LOCAL_TAIL.unpack_from(data, pos + 14)
            start = pos + 30 + name_len + extra_len
            written = data[pos + 30:pos + 30 + name_len]
            name = written.decode() if written.isascii() else None
            if extra_len or start + packed > len(data) or name is None or name in members:
                return None
            members[name] = (pos, start, packed, size, crc)
            pos = start + packed
        return cls(data, members) if members else None

    def record(self, name: str, data: bytes, rendered: bool,
               crc32: int | None = None) -> tuple[int, int, bytes] | None:
        """Return (the CRC-32, the deflated size, the whole local record: header and deflated
        bytes) of the previous output's member ``name`` when they are those of ``data``: the same
        size and CRC-32 (the header fields ``package`` sets are the same for every member: ``read``
        checked them), and for a ``rendered`` part (what a context made, which two renders may make
        different at the same size and CRC) the very same bytes once inflated; None otherwise. A
        part not rendered is the template's own bytes, which the previous output was made of too
        (``package``); ``crc32``: theirs when known (the template's zip records it, checked when
        it was read: ``CompiledTemplate.crcs``), else computed."""
        old = self.members.get(name)
        if old is None:
            return None
        pos, start, packed, size, crc = old
        if size != len(data) or crc != (zlib.crc32(data) if crc32 is None else crc32):
            return None
        if rendered and not _inflates_to(self.data[start:start + packed], data):
            return None
        return crc, packed, self.data[pos:start + packed]


def _member_info(name: str) -> zipfile.ZipInfo:
    """Return the zip header ``package`` writes a member ``name`` with (fixed date, deflated, rw-r--r--)."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _local_fixed() -> bytes:
    """Return the bytes of a member's local header ``package`` writes the same for every member
    (an ASCII name): the version needed, the flags, the method, the time and the date."""
    info = _member_info("x")
    info.flag_bits, info.CRC, info.compress_size, info.file_size = 0, 0, 0, 0  # as ``ZipFile.open`` sets them
    return info.FileHeader(False)[4:14]


_LOCAL_FIXED = _local_fixed()
_LOCAL_TAIL = struct.Struct("<3L2H")
"""The rest of a local header: CRC-32, compressed and uncompressed sizes, name and extra lengths."""


def _central_fixed() -> tuple[bytes, bytes]:
    """Return the bytes of a member's central directory entry that zipfile writes the same for every
    member ``package`` writes (an ASCII name), taken from an archive zipfile writes: those after the
    signature up to the CRC-32 (versions, system, flags, method, time, date), and those after the
    name's length up to the local header's offset (extra and comment lengths, disk, attributes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_member_info("x"), b"")
    archive = buf.getvalue()
    entry = archive[archive.index(b"PK\x01\x02"):]
    return entry[4:16], entry[30:42]


_CENTRAL_HEAD, _CENTRAL_TAIL = _central_fixed()
_CENTRAL_SIZES = struct.Struct("<3LH")  # CRC-32, compressed and uncompressed sizes, name length
_OFFSET = struct.Struct("<L")
_END_RECORD = struct.Struct("<4s4H2LH")  # zipfile's end of central directory (no comment)


def _central_entry(name: str, crc: int, packed: int, size: int, offset: int) -> bytes:
    """Return the central directory entry zipfile writes for the member ``name`` (ASCII) of
    CRC-32 ``crc``, ``packed`` deflated and ``size`` bytes, whose local record is at ``offset``."""
    encoded = name.encode("ascii")
    return b"".join((b"PK\x01\x02", _CENTRAL_HEAD, _CENTRAL_SIZES.pack(crc, packed, size, len(encoded)),
                     _CENTRAL_TAIL, _OFFSET.pack(offset), encoded))


def _deflated_record(name: str, data: bytes) -> tuple[int, int, bytes]:
    """Return (CRC-32, deflated size, whole local record) of the member ``name`` (ASCII) of bytes
    ``data`` as zipfile's ``writestr`` writes it in ``package``: deflated at zlib's default level
    as a raw stream, the header with its sizes and CRC-32 (``_LOCAL_FIXED``)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(data) + compressor.flush()
    crc, encoded = zlib.crc32(data), name.encode("ascii")
    header = b"PK\x03\x04" + _LOCAL_FIXED + _LOCAL_TAIL.pack(crc, len(deflated), len(data), len(encoded), 0)
    return crc, len(deflated), header + encoded + deflated


def _inflates_to(deflated: bytes, data: bytes) -> bool:
    """Return True when the raw deflate stream ``deflated`` is whole and inflates to ``data``."""
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        return inflate.decompress(deflated) == data and inflate.eof and not inflate.unused_data
    except zlib.error:
        return False


def _finish_xml(xml: str) -> str:
    """Return rendered XML with docxtpl's post-render fixes; a line break, tab or page break typed in
    a value becomes ``<w:br/>``, ``<w:tab/>`` or a page break inside the same run."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return _TEXT_WITH_CONTROL.sub(_split_controls, xml)


_TEXT_WITH_CONTROL = re.compile(r"<w:t(?: [^>]*)?>([^<]*[\t\n\a\f][^<]*)</w:t>")
_CONTROL_XML = {"\n": "<w:br/>", "\a": "<w:br/>", "\t": "<w:tab/>", "\f": '<w:br w:type="page"/>'}


def _split_controls(match: re.Match) -> str:
    """Return one ``<w:t>`` whose text holds control characters as text pieces and break/tab elements."""
    pieces = re.split(r"([\t\n\a\f])", match.group(1))
    out = []
    for piece in pieces:
        if piece in _CONTROL_XML:
            out.append(_CONTROL_XML[piece])
        elif piece:
            out.append(f'<w:t xml:space="preserve">{piece}</w:t>')
    return "".join(out)


def core_xml(title: str = "", subject: str = "", creator: str = "", keywords: str = "",
             description: str = "", created: dt.date | None = None) -> bytes:
    """Return docProps/core.xml with the given metadata and a fixed date (no tool name leaks)."""
    stamp = (created or dt.date(2000, 1, 1)).strftime("%Y-%m-%dT00:00:00Z")
    fields = "".join(
        f"<{tag}>{escape(value)}</{tag}>"
        for tag, value in (("dc:title", title), ("dc:subject", subject), ("dc:creator", creator),
                           ("cp:keywords", keywords), ("dc:description", description),
                           ("cp:lastModifiedBy", creator)) if value)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'{fields}<cp:revision>1</cp:revision>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        '</cp:coreProperties>'
    ).encode("utf-8")


def compile_template(path: Path) -> CompiledTemplate:
    """Return ``path`` compiled for rendering (cached per file content); raise TemplateError if unusable."""
    path = Path(path)
    try:
        data = read_file(path)
    except OSError:
        raise TemplateError(t("render.missing", template=str(path))) from None
    return _compile(paths.resolved(path), data)  # the templates folder was looked at once this build


@lru_cache(maxsize=32)
def _compile(path: Path, data: bytes) -> CompiledTemplate:
    """Return the template at ``path`` compiled from its bytes ``data`` (cached by both: the bytes
    are compared, so they are hashed only when compiled)."""
    try:
        members, crcs = [], {}
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                members.append((info.filename, zf.read(info.filename)))  # reading a member checks its CRC-32
                crcs[info.filename] = info.CRC  # a name twice: the last, as ``read``
    except zipfile.BadZipFile:
        raise TemplateError(t("render.not_docx", template=path.name)) from None
    kind = sniff.zip_kind(name for name, _ in members)
    if kind != sniff.WORD:  # an Excel workbook saved under the template's name: said, not "rendered"
        raise TemplateError(t("render.not_word", template=path.name, kind=kind))
    env, compiled, variables, sources = make_env(), {}, set(), {}
    for name, blob in members:
        if JINJA_PARTS.match(name) and (b"{{" in blob or b"{%" in blob):
            xml = blob.decode("utf-8")
            _require_closed_tags(path, xml)
            _require_undashed_whole_tags(path, xml)
            compiled[name], used, sources[name] = _compile_part(env, path, xml)
            variables |= used
    if "word/document.xml" not in compiled:  # a document saved over its template: every copy alike
        raise TemplateError(t("render.no_tags", template=path.name))
    return CompiledTemplate(path, hashlib.sha256(data).hexdigest(), members, compiled, frozenset(variables - _GLOBALS),
                            sources, crcs)


_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _paragraph_texts(xml: str):
    """Yield the text of each paragraph of a part's XML (its runs' ``<w:t>`` joined, as escaped in
    the XML), as the template checks read it."""
    for paragraph in _PARAGRAPH.findall(xml):
        yield "".join(_TEXT.findall(paragraph))

_TAG_MARKS = re.compile(r"\{\{|\}\}|\{%|%\}")
_CLOSES = {"{{": "}}", "{%": "%}"}


def _require_closed_tags(path: Path, xml: str) -> None:
    """Raise TemplateError naming the first paragraph whose ``{{ … }}`` or ``{% … %}`` tag is not
    closed in that same paragraph (``{{ hdr.parent }`` typed in Word). Left alone, docxtpl's
    paragraph tags would swallow the text up to the next closing mark, and the documents would
    silently lose it (the agency's name in the header)."""
    for text in _paragraph_texts(xml):
        opened = None
        for mark in _TAG_MARKS.findall(text):
            if mark in _CLOSES and opened is None:
                opened = mark
            elif opened is not None and mark == _CLOSES[opened]:
                opened = None
            else:
                break
        else:
            if opened is None:
                continue
        raise TemplateError(t("render.unclosed", template=path.name, near=_shown(text)))


# docxtpl's tags that stand for a whole paragraph, table row, table cell or run ({%p … %}…), each
# with the locale key of what it stands for
_WHOLE_TAG_UNITS = {"p": "render.unit.p", "tr": "render.unit.tr", "tc": "render.unit.tc", "r": "render.unit.r"}
_WHOLE_TAG = re.compile(r"\{%(-?)\s*(" + "|".join(_WHOLE_TAG_UNITS) + r")(-?)\s+(.*?)\s*(-?)%\}$", re.S)


def _require_undashed_whole_tags(path: Path, xml: str) -> None:
    """Raise TemplateError naming the first ``{%p … %}`` (``tr``, ``tc``, ``r``) tag written with a
    ``-`` (``{%p for r in recipients -%}``, ``{%p- endif %}``). docxtpl's ``-`` joins the tag's
    paragraph to the text of the next or previous one, then drops the whole paragraph it stands
    for: the documents would silently lose that text ("Nơi nhận", the agency's name), or the tag
    would no longer be read as ``{%p``."""
    for text in _paragraph_texts(xml):
        for tag in _JINJA_TAG.findall(text):
            found = _WHOLE_TAG.match(tag)
            if found and "-" in found.group(1) + found.group(3) + found.group(5):
                unit = found.group(2)
                raise TemplateError(t("render.whole_tag_dash", template=path.name, tag=template_shape.unescape(tag),
                                      near=_shown(text), unit=t(_WHOLE_TAG_UNITS[unit]),
                                      fixed=template_shape.unescape(f"{{%{unit} {found.group(4)} %}}")))


def _shown(text: str) -> str:
    """Return a paragraph's XML text as the clerk typed it (``>``, not ``&gt;``), shortened."""
    text = template_shape.unescape(text)
    return text if len(text) <= 60 else text[:57] + "…"


def _source(xml: str) -> str:
    """Return the Jinja source of one XML part: docxtpl's patch, one paragraph a line."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", _docxtpl_patch(xml))


def _compile_part(env: SandboxedEnvironment, path: Path, xml: str):
    """Return (compiled template, variables it uses, its source) for one XML part; refuse unsafe
    expressions, unknown names and tags that would break the documents' XML."""
    from jinja2 import meta

    source = _source(xml)
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(template_shape.syntax_message(path.name, exc.message or "", exc.lineno, source)) from None
    unsafe = _unsafe_names(ast)
    if unsafe:
        raise TemplateError(t("render.unsafe", template=path.name, detail=", ".join(sorted(set(unsafe)))))
    unknown = template_shape.unknown_names(ast, env.filters, env.tests)
    if unknown is not None:
        raise TemplateError(_unknown_message(env, path, source, unknown))
    try:
        template_shape.check(ast)
    except template_shape.ShapeError as exc:
        raise TemplateError(_shape_message(env, path, xml, source, exc)) from None
    try:
        return env.from_string(source), set(meta.find_undeclared_variables(ast)), source
    except jinja2.TemplateSyntaxError as exc:  # what Jinja refuses only as it compiles (none known left)
        raise TemplateError(template_shape.syntax_message(path.name, exc.message or "", exc.lineno, source)) from None


def _shape_message(env: SandboxedEnvironment, path: Path, xml: str, source: str, error) -> str:
    """Return the message of a tag that breaks the documents' XML (``template_shape.check``); when
    the cause is a ``{%-`` or ``-%}`` tag (docxtpl then joins its paragraph to the one before or
    after: the part is well-shaped without the ``-``), that tag and what the ``-`` does; when the
    part is broken with or without it, the ``-`` is still said after the cause."""
    trimming = _trimming_tag(xml)
    message = t(error.key, template=path.name, near=error.near(source))
    if trimming is not None:
        try:
            template_shape.check(env.parse(_source(xml.replace("{%-", "{%").replace("-%}", "%}"))))
        except (template_shape.ShapeError, jinja2.TemplateSyntaxError):
            return message + t("render.shape.trim_also", tag=trimming[0], near=trimming[1])
        return t("render.shape.trim", template=path.name, tag=trimming[0], near=trimming[1])
    return message


def _trimming_tag(xml: str) -> tuple[str, str] | None:
    """Return (the first ``{%- … %}`` or ``{% … -%}`` tag, its paragraph's text) of ``xml``, None if none."""
    for text in _paragraph_texts(xml):
        for tag in _JINJA_TAG.findall(text):
            if tag.startswith("{%-") or tag.endswith("-%}"):
                return template_shape.unescape(tag), _shown(text)
    return None


def _unknown_message(env: SandboxedEnvironment, path: Path, source: str, error) -> str:
    """Return the message of a filter or test that does not exist, or of a tag reading another
    file (``template_shape.unknown_names``): the tag, its paragraph, the names meant, if any."""
    names = env.filters if error.key == "render.unknown_filter" else env.tests
    guess = difflib.get_close_matches(error.word, list(names), n=1) if error.key != "render.reads_file" else []
    return t(error.key, template=path.name, tag=template_shape.tag_on(source, error.lineno, error.word),
             near=template_shape.near(source, error.lineno), name=error.word,
             guess=t("render.did_you_mean", guess=guess[0]) if guess else "")
