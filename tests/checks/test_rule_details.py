"""Rule details found by mutating generated documents: each case states what a clerk should see."""

from __future__ import annotations

import docx
import pytest
from docx.shared import Twips

from khcn_docs.checks import check_document, runner, settings
from khcn_docs import i18n
from khcn_docs.i18n import t

from .conftest import build, problems, rule_ids
from .mutations import Pt, before_header, clear_page_field, footer_run, text


@pytest.mark.parametrize("issuer,symbol,severity", [
    ("THANH TRA TỈNH", "TTr-QLKH", None),  # Thanh tra tỉnh's own abbreviation is TTr
    ("CỤC THUẾ TỈNH QUẢNG TRỊ", "CT-TTHT", None),  # Cục Thuế: CT
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "KH-SKHCN", "error"),  # the type abbreviation before the issuer's
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "TTr-QLKH", "warning"),  # cannot tell: maybe another abbreviation
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "CV-SKHCN", "error"),  # "công văn" abbreviated: no such type abbreviation
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "CV-QLKH", "error"),
    ("CỤC VIỄN THÔNG", "CV-QLKH", None),  # the issuer's own abbreviation
])
def test_cong_van_symbol_starting_like_a_type_abbreviation(tmp_path, issuer, symbol, severity):
    doc, h = build("cong-van")
    text("issuer", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", issuer)(doc, h)
    text("so", "/SKHCN-QLKH", "/" + symbol)(doc, h)
    found = [(p.rule, p.severity) for p in problems(doc, tmp_path) if p.rule == "so-ky-hieu"]
    assert found == ([("so-ky-hieu", severity)] if severity else [])


@pytest.mark.parametrize("symbol,key", [("CV-SKHCN", "so.cong_van_cv"), ("KH-SKHCN", "so.cong_van")])
def test_a_cong_van_symbol_with_a_type_first_is_shown_it_without(tmp_path, symbol, key):
    doc, h = build("cong-van")
    text("so", h["so"].runs[0].text, "Số: 301/" + symbol)(doc, h)
    found = [(p.severity, p.message) for p in problems(doc, tmp_path) if p.rule == "so-ky-hieu"]
    assert found == [("error", t("check." + key, found=symbol.split("-")[0], expected="Số: 05/SKHCN-QLKH"))]


def _messages(doc, tmp_path, rule):
    """Return the messages of ``rule``'s problems in ``doc``."""
    return [p.message for p in problems(doc, tmp_path) if p.rule == rule]


@pytest.mark.parametrize("date,key,params", [
    ("ngày 31 tháng 4 năm 2024", "date.no_date", dict(day="31", month="4", year=2024, last=30)),
    ("ngày 31 tháng 02 năm 2024", "date.no_date", dict(day="31", month="02", year=2024, last=29)),
    ("ngày 29 tháng 02 năm 2023", "date.no_date", dict(day="29", month="02", year=2023, last=28)),
    ("ngày 29 tháng 02 năm 2024", None, {}),  # a leap year
    ("ngày 40 tháng 12 năm 2024", "date.no_day", dict(found="40")),
    ("ngày 32 tháng 12 năm 2024", "date.no_day", dict(found="32")),
    ("ngày 00 tháng 12 năm 2024", "date.no_day", dict(found="00")),
    ("ngày 15 tháng 13 năm 2024", "date.no_month", dict(found="13")),
    ("ngày 010 tháng 12 năm 2024", "date.day", dict(found="010", expected="10")),
])
def test_a_date_that_does_not_exist_is_said_so(tmp_path, date, key, params):
    doc, h = build()
    text("place-date", "ngày      tháng      năm 2024", date)(doc, h)
    assert _messages(doc, tmp_path, "place-date") == ([t("check." + key, **params)] if key else [])


@pytest.mark.parametrize("number,key,expected", [
    ("005", "so.zero", "05"), ("0010", "so.zero", "10"), ("5", "so.zero", "05"), ("012", "so.zero", "12"),
    ("0", "so.no_number", None), ("00", "so.no_number", None), ("000", "so.no_number", None),
    ("05", None, None), ("135", None, None),
])
def test_document_number_leading_zero_and_zero(tmp_path, number, key, expected):
    doc, h = build()
    text("so", "Số:       /", f"Số: {number}/")(doc, h)
    want = [t("check." + key, found=number, expected=expected)] if key else []
    assert _messages(doc, tmp_path, "so-ky-hieu") == want


@pytest.mark.parametrize("layout", ["table", "tabs"])
@pytest.mark.parametrize("number,date", [("…", "ngày … tháng … năm 2024"), ("...", "ngày ... tháng ... năm 2024"),
                                         ("…", "ngày … tháng 02 năm 2024")])
def test_a_draft_may_leave_number_and_date_as_ellipsis(tmp_path, layout, number, date):
    doc, h = build("ke-hoach", layout, layout)
    text("so", "Số:       /", f"Số: {number}/")(doc, h)
    text("place-date", "ngày      tháng      năm 2024", date)(doc, h)
    assert rule_ids(doc, tmp_path) == []


@pytest.mark.parametrize("first_page_differs", [True, False])
def test_no_page_number_at_all_is_not_a_number_on_page_1(tmp_path, first_page_differs):
    doc, h = build()
    clear_page_field()(doc, h)
    doc.sections[0].different_first_page_header_footer = first_page_differs
    assert _messages(doc, tmp_path, "page-number") == [t("check.page.no_field")]


def test_an_empty_word_document_lacks_page_numbers_only(tmp_path):
    path = tmp_path / "empty.docx"
    docx.Document().save(path)
    found = [p.message for p in check_document(str(path))[0] if p.rule == "page-number"]
    assert found == [t("check.page.no_field")]


def test_theo_de_nghi_line_may_be_italic_like_can_cu(tmp_path):
    doc, h = build()
    line = h["intro"].insert_paragraph_before("Theo đề nghị của Trưởng phòng Quản lý khoa học.", style="NoiDung")
    line.runs[0].italic = True
    assert "body-text" not in rule_ids(doc, tmp_path)


@pytest.mark.parametrize("change", [dict(bold=False), dict(size=11), dict(size=14)])
def test_issuer_name_wrapped_with_a_line_break_is_told_once(tmp_path, change):
    doc, h = build()
    issuer = h["issuer"]
    issuer.runs[0].text = "SỞ KHOA HỌC"
    issuer.runs[0].add_break()
    second = issuer.add_run("VÀ CÔNG NGHỆ")
    second.bold, second.font.size = True, Pt(13)
    for run in issuer.runs:
        run.bold = change.get("bold", run.bold)
        run.font.size = Pt(change.get("size", 13))
    assert len(_messages(doc, tmp_path, "issuer-name")) == 1


@pytest.mark.parametrize("issuer_bold,expected", [(True, []), (False, ["issuer-name"])])
def test_a_parent_name_wrapped_onto_several_lines_is_all_parent(tmp_path, issuer_bold, expected):
    """The tool breaks a long cơ quan chủ quản name into several non-bold lines (one paragraph,
    line breaks) above the bold issuer: all those lines are the parent, not a non-bold issuer."""
    doc, h = build()
    parent = h["parent"]
    parent.runs[0].text = "TRUNG TÂM"
    for line in ("ỨNG DỤNG TIẾN BỘ", "KHOA HỌC", "VÀ CÔNG NGHỆ"):
        parent.runs[-1].add_break()
        run = parent.add_run(line)
        run.bold, run.font.size = False, Pt(13)
    h["issuer"].runs[0].bold = issuer_bold
    assert [p.rule for p in problems(doc, tmp_path) if p.rule == "issuer-name"] == expected


@pytest.mark.parametrize("handle,line,key", [
    ("motto-line", "_" * 15, "rule.length_equal"),
    ("issuer-line", "_" * 20, "rule.length_ratio"),
])
def test_rule_length_states_the_decree_rule_and_the_tolerance_apart(tmp_path, handle, line, key):
    doc, h = build()
    h[handle].runs[0].text = line
    (message,) = _messages(doc, tmp_path, "rule-length")
    tail = t("check." + key, part="X", found="0", low="33,3", high="50", tol="5").split("; ", 1)[1]
    assert message.endswith(tail)
    assert "28,3" not in message and "95" not in message


@pytest.mark.parametrize("layout", ["table", "tabs"])
@pytest.mark.parametrize("titles,last", [
    (("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "PHÓ GIÁM ĐỐC"),  # the title under KT. was taken for the name
    (("GIÁM ĐỐC", ""), "GIÁM ĐỐC"),  # one title line and nothing under it
    (("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "CHỦ TỊCH"),
])
def test_a_missing_signer_name_is_said_so_under_the_last_title(tmp_path, layout, titles, last):
    doc, h = build("cong-van", layout, layout)
    text("sign-1", "KT. GIÁM ĐỐC", titles[0])(doc, h)
    text("sign-2", "PHÓ GIÁM ĐỐC", titles[1])(doc, h)
    h["name"].runs[-1].text = ""
    found = [(p.message, p.para.text.split("\t")[-1].strip()) for p in problems(doc, tmp_path)
             if p.rule == "signature"]
    assert found == [(t("check.sign.no_name", found=last), last)]


def test_a_signer_name_in_capitals_is_still_a_name(tmp_path):
    doc, h = build()
    text("name", "Nguyễn Văn An", "NGUYỄN VĂN AN")(doc, h)
    assert _messages(doc, tmp_path, "signature") == [t("check.sign.name_caps")]


@pytest.mark.parametrize("name,found", [
    ("nguyễn văn an", "nguyễn"), ("Nguyễn văn An", "văn"), ("Nguyễn Văn An", None), ("H'Hen Niê", None),
])
def test_a_signer_name_in_small_letters_is_said_so(tmp_path, name, found):
    """As a place name in small letters is: each syllable of a person's name starts with a capital."""
    doc, h = build()
    text("name", "Nguyễn Văn An", name)(doc, h)
    want = [t("check.sign.name_lower", found=found)] if found else []
    assert _messages(doc, tmp_path, "signature") == want


def test_a_name_holding_a_title_word_is_a_name(tmp_path):
    """A given name that is also a title word ("Trưởng") in ordinary case is the signer's name."""
    doc, h = build()
    text("name", "Nguyễn Văn An", "Lê Văn Trưởng")(doc, h)
    assert _messages(doc, tmp_path, "signature") == []


def _quyet_dinh(competence: bool, ends: tuple[str, str, str]):
    """Return ``(doc, handles)`` of a Quyết định (mẫu 1.2): an optional competence line in
    capitals, two căn cứ lines and "Theo đề nghị …" ending with ``ends``."""
    doc, h = build()
    text("title", "KẾ HOẠCH", "QUYẾT ĐỊNH")(doc, h)
    text("so", "/KH-", "/QĐ-")(doc, h)
    if competence:
        line = h["can-cu-1"].insert_paragraph_before("GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ", style="NoiDung")
        line.alignment, line.runs[0].bold = docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER, True
    text("can-cu-1", "2013;", "2013" + ends[0])(doc, h)
    text("can-cu-2", "tỉnh.", "tỉnh" + ends[1])(doc, h)
    line = h["intro"].insert_paragraph_before("Theo đề nghị của Trưởng phòng Quản lý khoa học" + ends[2],
                                              style="NoiDung")
    line.runs[0].italic = True
    return doc, h


@pytest.mark.parametrize("competence", [True, False])
@pytest.mark.parametrize("ends,expected", [
    ((";", ";", "."), []),  # Phụ lục III, mẫu 1.2: "Theo đề nghị …" closes the block with "."
    ((",", ",", "."), [";", ";"]),  # TT 01/2011's commas
    ((";", ".", "."), [";"]),
    ((";", ";", ";"), ["."]),
])
def test_quyet_dinh_can_cu_block_ends_with_theo_de_nghi(tmp_path, competence, ends, expected):
    doc, h = _quyet_dinh(competence, ends)
    assert _messages(doc, tmp_path, "can-cu") == [t("check.list.end", expected=e) for e in expected]


def test_quyet_dinh_can_cu_under_a_competence_line_must_be_italic(tmp_path):
    doc, h = _quyet_dinh(True, (";", ";", "."))
    h["can-cu-1"].runs[0].italic = False
    assert _messages(doc, tmp_path, "can-cu") == [t("check.fmt.italic", part=t("check.part.can-cu"))]


def _swap_cells(table, row: int) -> None:
    """Swap the contents of the two cells of ``row`` (a clerk's columns the wrong way round)."""
    left, right = (table.cell(row, c)._tc for c in (0, 1))
    moved = [[el for el in tc if el.tag.endswith("}p")] for tc in (left, right)]
    for tc, elements in ((right, moved[0]), (left, moved[1])):
        for el in elements:
            tc.append(el)


def _positions(doc, tmp_path):
    """Return ``(message, paragraph text)`` of each ``positions`` problem."""
    return [(p.message, p.para.text.strip()) for p in problems(doc, tmp_path) if p.rule == "positions"]


def _column(what, found, expected):
    """Return the message of a header part found in the other column."""
    return t("check.position.column", part=t("check.part." + what), found=t("check.align." + found),
             expected=t("check.align." + expected))


@pytest.mark.parametrize("rows,expected", [
    ((0, 1), [("quoc-hieu", "left", "right", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
              ("tieu-ngu", "left", "right", "Độc lập - Tự do - Hạnh phúc"),
              ("place-date", "left", "right", "Quảng Trị, ngày      tháng      năm 2024"),
              ("so", "right", "left", "Số:       /KH-SKHCN"),
              ("issuer", "right", "left", "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ")]),
    ((1,), [("place-date", "left", "right", "Quảng Trị, ngày      tháng      năm 2024"),
            ("so", "right", "left", "Số:       /KH-SKHCN")]),
])
def test_header_parts_in_the_wrong_column_are_said_so(tmp_path, rows, expected):
    doc, h = build()
    for row in rows:
        _swap_cells(h["header-table"], row)
    assert sorted(_positions(doc, tmp_path)) == sorted((_column(w, f, e), text) for w, f, e, text in expected)


def test_noi_nhan_on_the_right_of_the_signature_table_is_said_so(tmp_path):
    doc, h = build()
    _swap_cells(h["signature-table"], 0)
    assert _positions(doc, tmp_path) == [(t("check.position.noi_nhan"), "Nơi nhận:")]


@pytest.mark.parametrize("before", ["heading-1", "body-1", "closing"])
def test_a_signature_table_above_the_body_is_said_so(tmp_path, before):
    doc, h = build()
    h[before]._p.addprevious(h["signature-table"]._tbl)
    assert _positions(doc, tmp_path) == [(t("check.position.signature"), h[before].text)]


def test_an_appendix_after_the_signature_is_not_body_text(tmp_path):
    doc, h = build()
    doc.add_paragraph("Phụ lục I").alignment = docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    appendix = doc.add_paragraph("Danh mục nhiệm vụ năm 2025 được trình bày như sau./.")
    appendix.alignment = docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert _positions(doc, tmp_path) == []


def test_the_indent_rule_says_1_27_cm_as_written(tmp_path):
    doc, h = build()
    h["body-1"].paragraph_format.first_line_indent = docx.shared.Cm(0.5)
    assert _messages(doc, tmp_path, "body-text") == [t("check.body.indent", found="0,5", expected="1 / 1,27")]


@pytest.mark.parametrize("lang,spacing,said", [
    ("vi", "AT_LEAST", "giãn dòng tối thiểu 40 pt; NĐ30 quy định từ dòng đơn đến 1,5 dòng"),
    ("vi", "EXACTLY", "giãn dòng cố định 40 pt; NĐ30 quy định từ dòng đơn đến 1,5 dòng"),
    ("en", "AT_LEAST", "line spacing at least 40 pt; ND30 requires single to 1.5 lines"),
    ("en", "EXACTLY", "exact line spacing 40 pt; ND30 requires single to 1.5 lines"),
])
def test_at_least_line_spacing_is_not_called_exact(tmp_path, monkeypatch, lang, spacing, said):
    """Word's "At least 40 pt" is a minimum ("tối thiểu"); only "Exactly" is "cố định"."""
    monkeypatch.setattr(i18n, "_current", [lang])
    doc, h = build()
    fmt = h["body-1"].paragraph_format
    fmt.line_spacing, fmt.line_spacing_rule = Pt(40), getattr(docx.enum.text.WD_LINE_SPACING, spacing)
    assert _messages(doc, tmp_path, "body-text") == [said]


@pytest.mark.parametrize("handle,rule,what", [("tieu-ngu", "tieu-ngu", "tieu-ngu"), ("label", "noi-nhan", "noi-nhan")])
def test_an_underlined_motto_or_noi_nhan_label_is_said_so(tmp_path, handle, rule, what):
    doc, h = build()
    for run in h[handle].runs:
        run.font.underline = True
    assert _messages(doc, tmp_path, rule) == [t("check.fmt.underlined", part=t("check.part." + what))]


@pytest.mark.parametrize("name,found", [
    ("Ông Nguyễn Văn An", "Ông"), ("Bà Lê Thị Hoa", "Bà"), ("Đồng chí Nguyễn Văn An", "Đồng chí"),
    ("Đ/c Nguyễn Văn An", "Đ/c"), ("Ông Văn Tùng", None),  # Ông is a surname too
    ("Đồng Chí Thanh", None), ("Đồng Chính Nghĩa", None),  # and Đồng: a name after a title has two words
    ("Đồng chí Lê Thanh", "Đồng chí"),
])
def test_a_courtesy_title_before_the_signer_name_is_said_so(tmp_path, name, found):
    doc, h = build()
    text("name", "Nguyễn Văn An", name)(doc, h)
    want = [t("check.sign.honorific", found=found)] if found else []
    assert _messages(doc, tmp_path, "signature") == want


@pytest.mark.parametrize("place,bad", [("quảng trị", True), ("Quảng Trị", False), ("Thành phố Hồ Chí Minh", False)])
def test_a_place_name_in_small_letters_is_said_so(tmp_path, place, bad):
    doc, h = build()
    text("place-date", "Quảng Trị", place)(doc, h)
    assert _messages(doc, tmp_path, "place-date") == ([t("check.date.place_case", found=place)] if bad else [])


def _encrypted_zip(path):
    """Write a .docx whose zip entries are marked encrypted (as a zip tool with a password writes them)."""
    import zipfile

    doc, _ = build()
    doc.save(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        offsets = [info.header_offset + 6 for info in package.infolist()]  # local headers' flags
    start = data.find(b"PK\x01\x02")
    while start >= 0:  # central directory entries' flags
        offsets.append(start + 8)
        start = data.find(b"PK\x01\x02", start + 4)
    for at in offsets:
        data[at] |= 0x1
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make", ["zip", "ole"])
def test_a_password_protected_file_is_said_so_in_words(tmp_path, make):
    from khcn_docs.checks import check_files

    path = tmp_path / "mat-khau.docx"
    if make == "zip":
        _encrypted_zip(path)
    else:  # Word's "Encrypt with Password" writes an OLE compound file, not a zip
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert check_files([path]).unreadable == {str(path): t("check.read.encrypted")}


@pytest.mark.parametrize("rule,size,bad", [
    ("page-size", dict(page_width=Twips(11906), page_height=Twips(16838)), False),  # Word's A4
    ("page-size", dict(page_width=Twips(11905), page_height=Twips(16838)), True),  # 209,99 mm
    ("margins", dict(top_margin=Twips(1134)), False),  # Word's 2 cm: 20,0025 mm
    ("margins", dict(top_margin=Twips(1135)), True),  # 20,02 mm
])
def test_a_size_written_in_twips_matches_its_mm_with_no_tolerance(tmp_path, rule, size, bad):
    """With ``tolerance_mm: 0`` a size is compared to the nearest twip (the unit Word writes it in)."""
    doc, _ = build()
    for name, value in size.items():
        setattr(doc.sections[0], name, value)
    opts = settings.defaults()
    opts["page-size"]["tolerance_mm"] = 0
    opts["margins"].update(tolerance_mm=0, top=[20, 20])
    doc.save(tmp_path / "doc.docx")
    found = [p.rule for p in check_document(str(tmp_path / "doc.docx"), settings=opts)[0]]
    assert (rule in found) == bad


@pytest.mark.parametrize("size,said", [
    (dict(page_width=Twips(11905)), "khổ giấy 209,99 × 297 mm; NĐ30 quy định A4"),  # 209,991 mm
    (dict(page_width=Twips(16838), page_height=Twips(11905)), "khổ giấy 297 × 209,99 mm"),  # landscape
    (dict(top_margin=Twips(1133)), "lề trên 19,98 mm; NĐ30 quy định 20–25 mm"),  # 19,985 mm
    (dict(left_margin=Twips(1985)), "lề trái 35,01 mm; NĐ30 quy định 30–35 mm"),  # 35,013 mm
])
def test_a_size_refused_with_no_tolerance_is_shown_apart_from_the_rule(tmp_path, size, said):
    """A size just outside its range is not rounded into it ("lề trên 20 mm; NĐ30 quy định 20–25 mm")."""
    doc, _ = build()
    for name, value in size.items():
        setattr(doc.sections[0], name, value)
    opts = settings.defaults()
    opts["page-size"]["tolerance_mm"] = 0
    opts["margins"]["tolerance_mm"] = 0
    doc.save(tmp_path / "doc.docx")
    messages = [p.message for p in check_document(str(tmp_path / "doc.docx"), settings=opts)[0]
                if p.rule in ("page-size", "margins")]
    assert [m for m in messages if said in m], messages


def test_signature_level_names_both_spaces(tmp_path):
    doc, h = build("ke-hoach")
    h["label"].paragraph_format.space_before = Pt(12)
    found = [(p.message, p.para.text, p.severity) for p in problems(doc, tmp_path) if p.rule == "signature-level"]
    assert found == [(t("check.sign.level", title="KT. GIÁM ĐỐC", found="0", expected="12"), "KT. GIÁM ĐỐC",
                      "warning")]


@pytest.mark.parametrize("which", ["footer", "first_page_footer"])
def test_a_footer_problem_names_the_footer(tmp_path, which):
    doc, h = build()
    footer_run(which, font="Arial")(doc, h)
    found = [p for p in problems(doc, tmp_path) if p.rule == "font-family"]
    assert [runner.where(p) for p in found] == [
        t("check.where.page-footer", n=1, excerpt="Tệp: abc.docx")]


@pytest.mark.parametrize("title,line,why,expected", [
    (None, "Số: 45/SKHCN", [("one_group", "SKHCN")], "Số: 05/SKHCN-QLKH"),  # unit from "Lưu: VT, QLKH."
    (None, "Số 45/SKHCN-QLKH", [("colon", None)], "Số: 05/SKHCN-QLKH"),
    (None, "Số: 45 / SKHCN-QLKH", [("spaces", None)], "Số: 05/SKHCN-QLKH"),
    (None, "Số 45 /SKHCN", [("colon", None), ("spaces", None), ("one_group", "SKHCN")], "Số: 05/SKHCN-QLKH"),
    ("KẾ HOẠCH", "Số 45/KH-SKHCN", [("colon", None)], "Số: 05/KH-SKHCN"),
    ("KẾ HOẠCH", "Số: 45/2024/KH-SKHCN", [("extra", "2024")], "Số: 05/KH-SKHCN"),
    ("KẾ HOẠCH", "Số: 45/kh-skhcn", [], "Số: 05/KH-SKHCN"),
    ("BÁO CÁO", "Số 45/BC-SNV", [("colon", None)], "Số: 05/BC-SNV"),
    ("BÁO CÁO", "Số: 45/SKHCN", [("one_group", "SKHCN")], "Số: 05/BC-SKHCN"),
])
def test_a_wrong_number_line_is_shown_its_kind_form_and_fault(tmp_path, title, line, why, expected):
    doc, h = build("cong-van" if title is None else "ke-hoach")
    if title:
        text("title", "KẾ HOẠCH", title)(doc, h)
    text("so", h["so"].runs[0].text, line)(doc, h)
    reasons = [t("check.so.why." + key, found=found) for key, found in why]
    detail = f" ({'; '.join(reasons)})" if reasons else ""
    [message] = _messages(doc, tmp_path, "so-ky-hieu")
    assert message == t("check.so.pattern", found=line, why=detail, expected=expected)
    assert message.endswith(f"“{expected}”") and detail in message
    assert "KH-UBND" not in message


def test_a_cong_van_example_without_a_drafting_unit_names_one(tmp_path):
    doc, h = build("cong-van")
    text("luu", "VT, QLKH.", "VT.")(doc, h)
    text("so", h["so"].runs[0].text, "Số: 45/SKHCN")(doc, h)
    assert [m.rsplit("“", 1)[1] for m in _messages(doc, tmp_path, "so-ky-hieu")] == ["Số: 05/SKHCN-VP”"]


@pytest.mark.parametrize("layout", ["table", "tabs"])
@pytest.mark.parametrize("what,line,key", [
    ("page-break", "", "position.page_break"),  # a blank first page
    ("section-break", "", "position.page_break"),
    ("break-before", "", "position.page_break"),
    ("text", "Ghi chú: gửi kèm tài liệu", "position.before_header"),
    ("empty", "", None),  # an empty paragraph only moves the header down a line
    ("continuous-section", "", None),
    ("text", "LƯU HÀNH NỘI BỘ", None),  # ô số 11 stands above the header
])
def test_the_header_opens_page_one(tmp_path, layout, what, line, key):
    doc, h = build("ke-hoach", layout, layout)
    before_header(what, line)(doc, h)
    if layout == "tabs" and key == "position.before_header":  # read as a header line, not in capitals
        assert rule_ids(doc, tmp_path) == ["issuer-name"]
        return
    assert _messages(doc, tmp_path, "positions") == ([t("check." + key)] if key else [])
