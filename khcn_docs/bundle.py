"""Deterministic PDF writing with pypdf: the post-pass after conversion, and bundles.

The same input always gives the same bytes: dates are fixed (``SOURCE_DATE_EPOCH`` or a
given date, else 2000-01-01T00:00:00+07:00) and the trailer ``/ID`` is a hash of the written
content. A PDF/A input keeps its conformance markers: its XMP packet is rewritten from the
final document information (dates, title, author, subject), so the two stay consistent.

``write_bundle`` merges PDFs into one file with an outline entry per group (agency) and,
nested under it, one per document.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Mapping, Sequence, Union
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, NumberObject

from khcn_docs.outputs import write_atomic

DateLike = Union[datetime, int, float, None]
Sections = Sequence[tuple[str, Sequence[tuple[str, Union[str, Path]]]]]

DEFAULT_DATE = datetime(2000, 1, 1, tzinfo=timezone(timedelta(hours=7)))
_PLACEHOLDER_ID = b"\x00" * 16
_META_KEYS = {"title": "/Title", "author": "/Author", "subject": "/Subject"}


def resolve_date(value: DateLike = None) -> datetime:
    """Return the timezone-aware date to stamp: ``value`` (datetime or epoch seconds),
    else ``$SOURCE_DATE_EPOCH`` (UTC), else 2000-01-01T00:00:00+07:00."""
    if value is None and os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        value = int(os.environ["SOURCE_DATE_EPOCH"])
    if value is None:
        return DEFAULT_DATE
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def pdf_date(moment: datetime) -> str:
    """Return ``moment`` as a PDF date string, e.g. ``D:20000101000000+07'00'``."""
    offset = int(moment.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(abs(offset), 60)
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hours:02d}'{minutes:02d}'"


def _pdfa_part(writer: PdfWriter) -> tuple[str, str] | None:
    """Return (part, conformance) from the document's XMP, or ``None`` when it is not PDF/A."""
    meta = writer.root_object.get("/Metadata")
    if meta is None:
        return None
    xml = meta.get_object().get_data().decode("utf-8", "replace")
    part = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", xml)
    conf = re.search(r"pdfaid:conformance(?:>|=\")\s*([A-Za-z])", xml)
    return (part.group(1), conf.group(1) if conf else "B") if part else None


def _xmp_packet(info: Mapping[str, str], moment: datetime, pdfa: tuple[str, str]) -> bytes:
    """Return an XMP packet matching ``info`` (PDF/A requires Info and XMP to agree)."""
    when = moment.isoformat(timespec="seconds")
    e = {k: escape(v) for k, v in info.items()}
    dc = ""
    if "/Title" in e:
        dc += f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e["/Title"]}</rdf:li></rdf:Alt></dc:title>'
    if "/Author" in e:
        dc += f'<dc:creator><rdf:Seq><rdf:li>{e["/Author"]}</rdf:li></rdf:Seq></dc:creator>'
    if "/Subject" in e:
        dc += f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e["/Subject"]}</rdf:li></rdf:Alt></dc:description>'
    body = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        f"<pdfaid:part>{pdfa[0]}</pdfaid:part><pdfaid:conformance>{pdfa[1]}</pdfaid:conformance></rdf:Description>\n"
        f'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">{dc}</rdf:Description>\n'
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f'<pdf:Producer>{e.get("/Producer", "")}</pdf:Producer></rdf:Description>\n'
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f'<xmp:CreatorTool>{e.get("/Creator", "")}</xmp:CreatorTool><xmp:CreateDate>{when}</xmp:CreateDate>'
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate><xmp:MetadataDate>{when}</xmp:MetadataDate></rdf:Description>\n"
        '</rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>'
    )
    return body.encode("utf-8")


def _set_info(writer: PdfWriter, meta: Mapping[str, str], moment: datetime) -> dict[str, str]:
    """Set fixed dates and the given title/author/subject; return the final Info as text."""
    info = {k: str(v) for k, v in (writer.metadata or {}).items()}
    info.update({_META_KEYS[k]: str(v) for k, v in meta.items() if k in _META_KEYS and v})
    info["/CreationDate"] = info["/ModDate"] = pdf_date(moment)
    info.setdefault("/Producer", "pypdf")
    writer.add_metadata(info)  # updates the Info in place: no stale copy is left behind
    return info


def _set_xmp(writer: PdfWriter, info: Mapping[str, str], moment: datetime) -> None:
    """Replace a PDF/A document's XMP packet with one that agrees with ``info`` (uncompressed)."""
    pdfa = _pdfa_part(writer)
    if pdfa is None:
        return
    stream = writer.root_object["/Metadata"].get_object()
    for key in ("/Filter", "/DecodeParms"):  # PDF/A: the metadata stream is not filtered
        stream.pop(key, None)
    stream._data = _xmp_packet(info, moment, pdfa)  # in place: no stale packet remains
    stream[NameObject("/Length")] = NumberObject(len(stream._data))


def deterministic_bytes(writer: PdfWriter, meta: Mapping[str, str] | None = None,
                        date: DateLike = None) -> bytes:
    """Return the writer's PDF with fixed dates, the given metadata and a content-hash ``/ID``.

    ``meta`` may hold ``title``, ``author``, ``subject`` (other keys are ignored).
    """
    moment = resolve_date(date)
    info = _set_info(writer, meta or {}, moment)
    _set_xmp(writer, info, moment)
    placeholder = ByteStringObject(_PLACEHOLDER_ID)
    writer._ID = ArrayObject([placeholder, placeholder])  # pypdf has no public setter
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:32].encode()
    cut = data.rindex(b"trailer")
    return data[:cut] + data[cut:].replace(b"<" + b"0" * 32 + b">", b"<" + digest + b">")


def rewrite_deterministic(pdf_path: str | Path, out_path: str | Path,
                          meta: Mapping[str, str] | None = None, date: DateLike = None) -> int:
    """Rewrite ``pdf_path`` deterministically to ``out_path`` (atomic); return its page count."""
    reader = PdfReader(pdf_path)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # keep LibreOffice's version (1.6 for PDF/A-2)
    write_atomic(out_path, deterministic_bytes(writer, meta, date))
    return len(writer.pages)


def _append_section(writer: PdfWriter, title: str,
                    documents: Iterable[tuple[str, Union[str, Path]]]) -> None:
    """Append one group's documents with an outline entry for the group and each document."""
    group = None
    for doc_title, pdf_path in documents:
        start = len(writer.pages)
        writer.append(PdfReader(pdf_path), import_outline=False)
        if group is None:
            group = writer.add_outline_item(title=title, page_number=start)
        writer.add_outline_item(title=doc_title, page_number=start, parent=group)


def write_bundle(out_path: str | Path, sections: Sections,
                 metadata: Mapping[str, str] | None = None, *, date: DateLike = None) -> int:
    """Merge the PDFs of ``sections`` into ``out_path``; return the bundle's page count.

    ``sections`` is ``[(group_title, [(doc_title, pdf_path), ...]), ...]``: each group gets a
    top-level outline entry pointing at its first page, each document a nested entry.
    ``metadata`` may hold ``title``, ``author``, ``subject``. Dates are fixed (see
    ``resolve_date``) and ``/ID`` is a content hash, so equal inputs give equal bytes.
    The file is written atomically (temp file + ``os.replace``). Groups without documents
    are skipped.
    """
    writer = PdfWriter()
    for title, documents in sections:
        _append_section(writer, title, documents)
    writer.page_mode = "/UseOutlines"
    write_atomic(out_path, deterministic_bytes(writer, metadata, date))
    return len(writer.pages)
