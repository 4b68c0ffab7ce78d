"""Effective formatting, resolved the way Word resolves it.

Order, highest first: run properties (``w:rPr``) -> character style (``w:rStyle`` and its
``basedOn`` chain) -> paragraph style and its ``basedOn`` chain -> table style (its own
``w:pPr``/``w:rPr``, without conditional ``tblStylePr``) -> document defaults
(``w:docDefaults``) -> theme fonts. At each level a theme font reference (``w:asciiTheme``)
wins over an explicit name (``w:ascii``), as in Word. Attributes of ``w:spacing`` and ``w:ind``
merge attribute by attribute across levels. Toggle properties (bold, italic, caps) take the most
specific value (Word's XOR between style levels is not modelled).
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_OFF = {"0", "false", "off", "none"}
_THEME_SLOT = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme", "cs": "cstheme"}
DEFAULT_FONT = "Times New Roman"  # Word's font when nothing at all names one
DEFAULT_SIZE = 10.0  # Word's size (w:sz 20) when nothing sets one


def q(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag (``q("rPr")`` -> ``{w-ns}rPr``)."""
    return f"{{{W}}}{tag}"


def wattr(el, name: str) -> str | None:
    """Return the ``w:``-namespaced attribute ``name`` of ``el`` (None when absent)."""
    return None if el is None else el.get(q(name))


def on(el) -> bool | None:
    """Return a toggle element's value: None when the element is absent, else True unless val is off."""
    if el is None:
        return None
    return (wattr(el, "val") or "true").lower() not in _OFF


def theme_fonts(theme_xml: bytes | None) -> dict[str, str]:
    """Return ``{"minorHAnsi": "Calibri", "majorHAnsi": ...}`` from theme1.xml (empty without a theme)."""
    if not theme_xml:
        return {}
    root = etree.fromstring(theme_xml)
    fonts: dict[str, str] = {}
    for kind in ("major", "minor"):
        scheme = root.find(f".//{{{A}}}{kind}Font")
        if scheme is None:
            continue
        for tag, suffix in (("latin", ("HAnsi", "Ascii")), ("ea", ("EastAsia",)), ("cs", ("Bidi",))):
            el = scheme.find(f"{{{A}}}{tag}")
            if el is not None:
                for s in suffix:
                    fonts[kind + s] = el.get("typeface") or ""
    return fonts


class StyleSheet:
    """Styles, document defaults and theme of one document; resolves effective properties."""

    def __init__(self, styles_el, theme: dict[str, str]):
        self.theme = theme
        self.styles = {}
        self.defaults: dict[str, str] = {}
        if styles_el is not None:
            for st in styles_el.iter(q("style")):
                sid = wattr(st, "styleId")
                self.styles[sid] = st
                if wattr(st, "default") in ("1", "true", "on"):
                    self.defaults[wattr(st, "type")] = sid
        dd = None if styles_el is None else styles_el.find(q("docDefaults"))
        self.rpr_default = _find(dd, "rPrDefault", "rPr")
        self.ppr_default = _find(dd, "pPrDefault", "pPr")

    @lru_cache(maxsize=None)
    def chain(self, sid: str | None) -> tuple:
        """Return the style elements from ``sid`` up its ``basedOn`` chain (most specific first)."""
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            st = self.styles[sid]
            out.append(st)
            sid = wattr(st.find(q("basedOn")), "val")
        return tuple(out)

    def para_style(self, sid: str | None) -> str | None:
        """Return the paragraph style id to use (the document's default when ``sid`` is None)."""
        return sid if sid in self.styles else self.defaults.get("paragraph")

    def table_style(self, sid: str | None) -> str | None:
        """Return the table style id to use (the default table style when ``sid`` is None)."""
        return sid if sid in self.styles else self.defaults.get("table")

    @lru_cache(maxsize=None)
    def style_rprs(self, rstyle: str | None, pstyle: str | None, tstyle: str | None) -> tuple:
        """Return the ``w:rPr`` elements below direct formatting, most specific first."""
        levels = [self.chain(rstyle), self.chain(self.para_style(pstyle)), self.chain(tstyle)]
        out = [st.find(q("rPr")) for level in levels for st in level]
        out.append(self.rpr_default)
        return tuple(x for x in out if x is not None)

    @lru_cache(maxsize=None)
    def style_pprs(self, pstyle: str | None, tstyle: str | None) -> tuple:
        """Return the ``w:pPr`` elements below direct formatting, most specific first."""
        levels = [self.chain(self.para_style(pstyle)), self.chain(tstyle)]
        out = [st.find(q("pPr")) for level in levels for st in level]
        out.append(self.ppr_default)
        return tuple(x for x in out if x is not None)

    def font(self, rprs, slot: str) -> tuple[str, str]:
        """Return ``(font name, theme ref or "")`` for a font slot; the theme ref wins at each level."""
        for rpr in rprs:
            rf = rpr.find(q("rFonts"))
            if rf is None:
                continue
            ref = wattr(rf, _THEME_SLOT[slot])
            if ref:
                return self.theme.get(ref, ref), ref
            name = wattr(rf, slot)
            if name:
                return name, ""
        return DEFAULT_FONT, ""


def _find(el, *path: str):
    """Return the element at ``path`` (w: tags) under ``el``, or None."""
    for tag in path:
        if el is None:
            return None
        el = el.find(q(tag))
    return el


def first(props, tag: str):
    """Return the first element ``tag`` found in the property elements ``props`` (None if none)."""
    for p in props:
        el = p.find(q(tag))
        if el is not None:
            return el
    return None


def first_attr(props, tag: str, *names: str) -> tuple[str, str] | None:
    """Return ``(name, value)`` of the first of ``names`` set on ``tag`` across ``props``, else None."""
    for p in props:
        el = p.find(q(tag))
        if el is None:
            continue
        for name in names:
            val = wattr(el, name)
            if val is not None:
                return name, val
    return None
