"""The letters a body sends are that body's (``spec.senders``): ``dispatch.signature`` and
``reporting.signature`` are signed by someone of the sending body on the letters' day (``agency`` in
signers.yaml; signing as the head, with the head's title), and ``dispatch.unit`` is one of its
``units``; the plan's ``signature`` and ``drafting_unit`` are the issuing body's the same way."""

from __future__ import annotations

import pytest
from docx import Document

from khcn_docs import i18n
from khcn_docs.errors import SpecError
from khcn_docs.spec.load import load_plan
from tests.documents.conftest import ROOT, run_cli
from tests.spec.broken_specs import parse_problem
from tests.spec.tiny_spec import VALID, VARIABLES, edit, write_project

# VALID ends at line 29; these lines follow it (dispatch: 30, sender: 31 …).
ISSUER_SIGNED_BY_THE_SO = VALID + "dispatch:\n  sender: issuer\n  signature:\n    signer: giam-doc-skhcn\n"

NO_AGENCY = """\
signers:
  le-duc-tien:
    name: Lê Đức Tiến
    title: PHÓ CHỦ TỊCH
  giam-doc-skhcn:
    name: Nguyễn Văn Minh
    title: GIÁM ĐỐC
"""


def _problems(path) -> list:
    with pytest.raises(SpecError) as info:
        load_plan(path)
    return [parse_problem(p) for p in info.value.problems]


def _signers(path, text: str) -> None:
    (path.parent.parent / "signers.yaml").write_text(text, encoding="utf-8")


def test_the_issuers_letters_signed_by_someone_of_the_monitor_are_refused_at_the_signer(tmp_path):
    [problem] = _problems(write_project(tmp_path, ISSUER_SIGNED_BY_THE_SO))
    assert (problem.line, problem.column, problem.field) == (33, 5, "dispatch.signature.signer")
    assert ("người ký “giam-doc-skhcn” là người của Sở Khoa học và Công nghệ (“agency” trong signers.yaml), "
            "nhưng công văn triển khai (dispatch.sender: issuer) gửi với danh nghĩa Ủy ban nhân dân tỉnh Quảng Trị "
            "(ubnd-tinh)") in problem.message
    assert "(người có “agency: ubnd-tinh”: le-duc-tien)" in problem.message
    assert "bỏ khối “signature” ở “dispatch:”" in problem.message


def test_a_signer_with_no_agency_signing_as_head_of_another_body_is_refused_by_title(tmp_path):
    """A signers.yaml written before ``agency``: the director signing the People's Committee's letters
    with no KT. signs as its head, whose title (CHỦ TỊCH) is not theirs."""
    path = write_project(tmp_path, ISSUER_SIGNED_BY_THE_SO)
    _signers(path, NO_AGENCY)
    [problem] = _problems(path)
    assert (problem.line, problem.field) == (33, "dispatch.signature.signer")
    assert "có chức vụ “GIÁM ĐỐC” (signers.yaml) mà khối chữ ký không có “authority”" in problem.message
    assert "người đứng đầu là “CHỦ TỊCH”" in problem.message


def test_the_reminders_signature_is_of_the_monitor(tmp_path):
    spec = VALID.replace("  via: so-khcn\n", "  via: so-khcn\n  signature:\n    signer: le-duc-tien\n"
                                               "    authority: KT\n    head_title: CHỦ TỊCH\n")
    [problem] = _problems(write_project(tmp_path, spec))
    assert (problem.line, problem.column, problem.field) == (24, 5, "reporting.signature.signer")
    assert "công văn đôn đốc (do cơ quan theo dõi “reporting.via” gửi)" in problem.message
    assert "Sở Khoa học và Công nghệ (so-khcn)" in problem.message


@pytest.mark.parametrize("dispatch, line", [
    ("  sender: issuer\n  unit: QLKH\n", 32),   # a unit of Sở KH&CN on the UBND's letters
    ("  unit: XYZ\n", 31),                     # no unit of anybody
])
def test_a_unit_not_of_the_sender_is_refused_with_its_units(tmp_path, dispatch, line):
    [problem] = _problems(write_project(tmp_path, VALID + "dispatch:\n" + dispatch))
    assert (problem.line, problem.column, problem.field) == (line, 3, "dispatch.unit")
    assert "không phải đơn vị của" in problem.message and "ghi một đơn vị trong danh sách đó" in problem.message


@pytest.mark.parametrize("dispatch", [
    "  sender: issuer\n",                       # the plan's own signature and unit (KGVX)
    "  sender: issuer\n  unit: KGVX\n  signature:\n    signer: le-duc-tien\n    collective: ỦY BAN NHÂN DÂN\n"
    "    authority: KT\n    head_title: CHỦ TỊCH\n",
    "  unit: VP\n  signature:\n    signer: giam-doc-skhcn\n",  # the bundled example's, another unit of the Sở
])
def test_letters_signed_and_numbered_by_their_sender_load(tmp_path, dispatch):
    assert load_plan(write_project(tmp_path, VALID + "dispatch:\n" + dispatch)).spec.dispatch is not None


VIA_SO_TTTT = VALID.replace("  via: so-khcn\n", "  via: so-tttt\n")
"""Reports through Sở TT&TT, which lists no ``units`` in the bundled registry (the plan is of 2024,
before it merged into Sở KH&CN)."""


@pytest.mark.parametrize("spec, line", [(VIA_SO_TTTT, 1), (VIA_SO_TTTT + "dispatch:\n  sender: monitor\n", 30)])
def test_a_sender_listing_no_units_needs_dispatch_unit(tmp_path, spec, line):
    """No other body's unit (QLKH of Sở KH&CN) is put in its ký hiệu and "Lưu" line."""
    [problem] = _problems(write_project(tmp_path, spec))
    assert (problem.line, problem.field) == (line, "dispatch.unit")
    assert ("Sở Thông tin và Truyền thông (so-tttt), cơ quan gửi công văn triển khai (dispatch.sender: monitor), "
            "không có “units” trong danh mục cơ quan") in problem.message
    assert "ví dụ “unit: VP”, hoặc thêm “units:” vào mục “so-tttt” trong agencies.yaml" in problem.message


def test_a_sender_listing_no_units_takes_the_unit_written_in_dispatch(tmp_path):
    out = tmp_path / "out"
    spec = write_project(tmp_path, VIA_SO_TTTT + "dispatch:\n  unit: VP\n")
    done = run_cli("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    assert done.returncode == 0, done.stderr
    [letter] = sorted(out.glob("plan/*/cong-van-trien-khai.docx"))[:1]
    doc = Document(str(letter))
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for table in doc.tables for row in table.rows for c in row.cells])
    assert "/STTTT-VP" in text and "Lưu: VT, VP." in text and "QLKH" not in text


def test_the_build_refuses_a_sender_listing_no_units_in_english_and_writes_nothing(tmp_path):
    spec, out = write_project(tmp_path, VIA_SO_TTTT), tmp_path / "out"
    done = run_cli("--lang", "en", "build", spec, "-o", out)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "has no “units” in the registry" in done.stderr and "add “units:” to “so-tttt”" in done.stderr
    assert not out.exists()


def test_an_unknown_agency_of_a_signer_is_refused_in_signers_yaml(tmp_path):
    path = write_project(tmp_path, VALID)
    _signers(path, NO_AGENCY.replace("    title: GIÁM ĐỐC\n", "    title: GIÁM ĐỐC\n    agency: so-khcm\n"))
    [problem] = _problems(path)
    assert (problem.file.name, problem.line, problem.field) == ("signers.yaml", 8, "signers.giam-doc-skhcn.agency")
    assert "so-khcm" in problem.message and "so-khcn" in problem.message


@pytest.mark.parametrize("spec, field", [
    (ISSUER_SIGNED_BY_THE_SO, "dispatch.signature.signer"),
    (edit(VALID, ("  authority: KT\n  head_title: CHỦ TỊCH\n  signer: le-duc-tien\n", "  signer: giam-doc-skhcn\n")),
     "signature.signer"),
])
def test_a_signers_unknown_agency_is_said_once_and_their_title_is_checked(tmp_path, spec, field):
    """An ``agency`` that is no body of the registry is refused in signers.yaml only (not said as the
    body the signer belongs to), for the letters as for the plan; the block is then checked as one
    whose signer has no agency: the director signing as the head of a People's Committee."""
    path = write_project(tmp_path, spec)
    _signers(path, NO_AGENCY.replace("    title: GIÁM ĐỐC\n", "    title: GIÁM ĐỐC\n    agency: so-khcm\n"))
    agency, signer = _problems(path)
    assert (agency.file.name, agency.field) == ("signers.yaml", "signers.giam-doc-skhcn.agency")
    assert signer.field == field and "so-khcm" not in signer.message
    assert "“GIÁM ĐỐC” (signers.yaml)" in signer.message and "“CHỦ TỊCH”" in signer.message


def test_the_build_refuses_the_letters_in_english_too_and_writes_nothing(tmp_path):
    spec, out = write_project(tmp_path, ISSUER_SIGNED_BY_THE_SO), tmp_path / "out"
    done = run_cli("--lang", "en", "build", spec, "-o", out)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert ("dispatch.signature.signer: signer “giam-doc-skhcn” belongs to Sở Khoa học và Công nghệ") in done.stderr
    assert not out.exists()


# ------------------------------------------------------------------ the plan's own drafting unit

SO_TTTT_2025 = edit(VALID, ("  issuer: ubnd-tinh\n", "  issuer: so-tttt\n"), ("  year: 2024\n", "  year: 2025\n"),
                    ("  drafting_unit: KGVX\n", "  drafting_unit: QLKH\n"),
                    ("  collective: ỦY BAN NHÂN DÂN\n  authority: KT\n  head_title: CHỦ TỊCH\n  signer: le-duc-tien\n",
                     "  signer: giam-doc-skhcn\n"))
"""A plan of Sở TT&TT drafted in 2025, after it merged into Sở KH&CN (01/3/2025): it prints Sở KH&CN's
header, so its drafting unit and signer are Sở KH&CN's."""


@pytest.mark.parametrize("spec, unit, guess, listed", [
    (edit(VALID, ("drafting_unit: KGVX", "drafting_unit: KGXV")), "KGXV", "KGVX",
     "KGVX (Khối Khoa giáo - Văn xã, Văn phòng UBND tỉnh)"),
    (edit(SO_TTTT_2025, ("drafting_unit: QLKH", "drafting_unit: KGVX")), "KGVX", None,
     "QLKH (Phòng Quản lý khoa học), VP (Văn phòng Sở)"),  # the body the merged issuer stands for
])
def test_a_drafting_unit_not_of_the_issuer_is_refused_at_its_line(tmp_path, spec, unit, guess, listed):
    [problem] = _problems(write_project(tmp_path, spec))
    assert (problem.line, problem.column, problem.field) == (6, 3, "document.drafting_unit")
    assert f"“{unit}” (đơn vị soạn thảo, in ở dòng “Lưu: VT, {unit}.”) không phải đơn vị của" in problem.message
    assert f"danh mục cơ quan ghi các đơn vị: {listed}" in problem.message
    assert (f"có phải ý bạn là “{guess}”?" in problem.message) == (guess is not None)


def test_any_drafting_unit_loads_when_the_issuer_lists_no_units(tmp_path):
    agencies = edit((VARIABLES / "agencies.yaml").read_text(encoding="utf-8"),
                    ("    units:\n      KGVX: Khối Khoa giáo - Văn xã, Văn phòng UBND tỉnh\n", ""))
    spec = edit(VALID, ("drafting_unit: KGVX", "drafting_unit: VX"))
    assert load_plan(write_project(tmp_path, spec, agencies)).spec.document.drafting_unit == "VX"


# ------------------------------------------------------------------ the plan's own signer

def test_a_plan_of_the_peoples_committee_signed_by_the_director_of_a_so_is_refused(tmp_path):
    [problem] = _problems(write_project(tmp_path, edit(VALID, ("signer: le-duc-tien", "signer: giam-doc-skhcn"))))
    assert (problem.line, problem.column, problem.field) == (29, 3, "signature.signer")
    assert ("người ký “giam-doc-skhcn” là người của Sở Khoa học và Công nghệ (“agency” trong signers.yaml), "
            "nhưng kế hoạch (ban hành năm 2024) đứng tên Ủy ban nhân dân tỉnh Quảng Trị (ubnd-tinh, "
            "cơ quan ban hành: document.issuer)") in problem.message
    assert "(người có “agency: ubnd-tinh”: le-duc-tien)" in problem.message


ONE_SIGNER = "signers:\n  giam-doc:\n    name: Nguyễn Văn Minh\n    title: GIÁM ĐỐC\n    agency: {agency}\n"


@pytest.mark.parametrize("issuer, year, agency, signs", [
    ("so-tttt", 2025, "so-khcn", True),     # merged into Sở KH&CN on 01/3/2025: its people sign for it
    ("so-tttt", 2024, "so-khcn", False),    # before the merger: another body
    ("so-khcn", 2025, "so-tttt", True),     # a signer still written under the old id of their Sở
    ("so-khcn", 2024, "so-tttt", False),
    ("so-nnptnt", 2024, "so-nnmt", True),   # renamed later: the same body under the name it had then
    ("so-nnmt", 2025, "so-nnptnt", True),
    ("so-tnmt", 2024, "so-nnmt", False),    # merged into the renamed body only later
    ("so-tnmt", 2025, "so-nnmt", True),
    ("so-khcn", 2024, None, True),          # no agency said: not checked
])
def test_the_plans_signer_is_of_the_issuer_at_the_plans_date(tmp_path, issuer, year, agency, signs):
    spec = edit(VALID, ("issuer: ubnd-tinh", f"issuer: {issuer}"), ("year: 2024", f"year: {year}"),
                ("drafting_unit: KGVX", "drafting_unit: QLKH"), ("signer: le-duc-tien", "signer: giam-doc"))
    path = write_project(tmp_path, spec)
    _signers(path, ONE_SIGNER.format(agency=agency) if agency else ONE_SIGNER.replace("    agency: {agency}\n", ""))
    if signs:
        assert load_plan(path).spec.signature.signer == "giam-doc"
    else:
        [problem] = _problems(path)
        assert (problem.line, problem.field) == (29, "signature.signer")
        assert f"(không người nào có “agency: {issuer}”): thêm người ký của" in problem.message  # nobody to name
        assert f"ví dụ dòng “nguoi-ky-{issuer}: {{name: Nguyễn Văn A, title: GIÁM ĐỐC, agency: {issuer}}}”" in problem.message


def test_the_plans_signer_of_another_body_is_told_in_english_too(tmp_path, monkeypatch):
    """The English message, without a build: refusing one, exit 3 and nothing written, is
    ``test_the_plan_signed_as_the_head_by_another_title_is_refused_in_english_exit_3_and_nothing_written``."""
    monkeypatch.setattr(i18n, "_current", ["en"])
    [problem] = _problems(write_project(tmp_path, edit(VALID, ("signer: le-duc-tien", "signer: giam-doc-skhcn"))))
    assert (problem.line, problem.field) == (29, "signature.signer")
    assert "signer “giam-doc-skhcn” belongs to Sở Khoa học và Công nghệ" in problem.message
    assert "but the plan (issued in 2024) is issued in the name of" in problem.message


# ------------------------------------------------------------------ the plan's signer signing as the head

TM_ONLY = ("  collective: ỦY BAN NHÂN DÂN\n  authority: KT\n  head_title: CHỦ TỊCH\n  signer: le-duc-tien\n",
           "  collective: ỦY BAN NHÂN DÂN\n  signer: {signer}\n")
"""The plan's block as ``TM. ỦY BAN NHÂN DÂN`` over the signer's own title: the head signs."""

CHU_TICH = "  chu-tich:\n    name: Võ Văn Hưng\n    title: CHỦ TỊCH\n    agency: ubnd-tinh\n"


def test_a_plan_signed_as_the_head_by_a_director_with_no_agency_is_refused_by_title(tmp_path):
    """``TM. ỦY BAN NHÂN DÂN`` over ``GIÁM ĐỐC``: a signers.yaml written before ``agency`` says
    nothing of whose the director is, but the head of a People's Committee is its ``CHỦ TỊCH``."""
    path = write_project(tmp_path, edit(VALID, (TM_ONLY[0], TM_ONLY[1].format(signer="giam-doc-skhcn"))))
    _signers(path, NO_AGENCY)
    [problem] = _problems(path)
    assert (problem.line, problem.column, problem.field) == (27, 3, "signature.signer")
    assert ("người ký “giam-doc-skhcn” có chức vụ “GIÁM ĐỐC” (signers.yaml) mà khối chữ ký “signature:” không có "
            "“authority” (KT., TL., TUQ., Q.), tức là ký với tư cách người đứng đầu; nhưng kế hoạch (ban hành năm "
            "2024) đứng tên Ủy ban nhân dân tỉnh Quảng Trị (ubnd-tinh, cơ quan ban hành: document.issuer), người "
            "đứng đầu là “CHỦ TỊCH”") in problem.message
    assert "hoặc cấp phó với “authority: KT” và “head_title: CHỦ TỊCH”" in problem.message


def test_a_deputy_signing_the_plan_without_kt_is_told_once(tmp_path):
    """``PHÓ CHỦ TỊCH`` with no ``KT.``: the deputy's own problem (``signatures``), not a second one."""
    [problem] = _problems(write_project(tmp_path, edit(VALID, (TM_ONLY[0], TM_ONLY[1].format(signer="le-duc-tien")))))
    assert (problem.line, problem.field) == (27, "signature.signer")
    assert "mà khối chữ ký không có “KT.”: cấp phó ký thay người đứng đầu" in problem.message


@pytest.mark.parametrize("spec", [
    edit(VALID, (TM_ONLY[0], TM_ONLY[1].format(signer="chu-tich"))),            # TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH
    edit(VALID, (TM_ONLY[0], "  signer: chu-tich\n")),                           # the head, no TM. line
    VALID,                                                                       # TM. … / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    SO_TTTT_2025,  # the head of the body the merged issuer is now, and that body's unit (QLKH)
])
def test_a_plan_signed_by_the_head_or_for_the_head_loads(tmp_path, spec):
    assert load_plan(write_project(tmp_path, spec, signers=CHU_TICH)).spec.signature.signer


def test_the_plan_signed_as_the_head_by_another_title_is_refused_in_english_exit_3_and_nothing_written(tmp_path):
    path, out = write_project(tmp_path, edit(VALID, (TM_ONLY[0], TM_ONLY[1].format(signer="giam-doc-skhcn")))), \
        tmp_path / "out"
    _signers(path, NO_AGENCY)
    done = run_cli("--lang", "en", "build", path, "-o", out)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert ("signature.signer: signer “giam-doc-skhcn” has the title “GIÁM ĐỐC” (signers.yaml) and the plan's "
            "“signature:” has no “authority”") in done.stderr
    assert "whose head is the “CHỦ TỊCH” (head_title in the registry)" in done.stderr
    assert not out.exists()


# ------------------------------------------------------------------ the letters' signer on the letters' day

def _letters_of_the_monitor(via: str, agency: str, dated: str | None) -> str:
    """Return VALID with the monitor ``via`` sending the dispatch letters (``dated`` or undated, the
    plan a 2024 draft), signed by the head of a Sở written as of ``agency``."""
    date = f"  date: {dated}\n" if dated else ""
    return (edit(VALID, ("  via: so-khcn\n", f"  via: {via}\n"))
            + f"dispatch:\n  sender: monitor\n{date}  signature:\n    signer: giam-doc\n  unit: VP\n")


NAMES = {"so-khcn": "Sở Khoa học và Công nghệ", "so-tttt": "Sở Thông tin và Truyền thông"}


@pytest.mark.parametrize("via, agency, dated, signs", [
    ("so-tttt", "so-khcn", "05/3/2025", True),    # Sở TT&TT merged into Sở KH&CN on 01/3/2025: its letters then
    ("so-tttt", "so-khcn", "20/12/2024", False),  # before the merger: Sở TT&TT's letters, another body's signer
    ("so-tttt", "so-khcn", None, False),          # undated: the plan's date (31/12/2024 for the 2024 draft)
    ("so-khcn", "so-tttt", "05/3/2025", True),    # a signer still written under the old id of their Sở
    ("so-khcn", "so-tttt", "20/12/2024", False),
    ("so-tttt", "so-tttt", "05/3/2025", True),    # both followed to Sở KH&CN
])
def test_the_dispatch_signer_is_of_the_sender_on_the_dispatchs_date(tmp_path, via, agency, dated, signs):
    path = write_project(tmp_path, _letters_of_the_monitor(via, agency, dated))
    _signers(path, NO_AGENCY + ONE_SIGNER.removeprefix("signers:\n").format(agency=agency))
    if signs:
        assert load_plan(path).spec.dispatch.signature.signer == "giam-doc"
    else:
        [problem] = _problems(path)
        assert (problem.line, problem.field) == (34 if dated else 33, "dispatch.signature.signer")
        assert f"người ký “giam-doc” là người của {NAMES[agency]} (“agency” trong signers.yaml)" in problem.message
        assert f"gửi với danh nghĩa {NAMES[via]} ({via})" in problem.message


def test_the_reminders_signer_of_the_body_the_monitor_merges_into_loads(tmp_path):
    """The reminders are dated by ``remind``, after a deadline, maybe after the merger: a signer of
    Sở KH&CN may sign Sở TT&TT's (a 2024 plan; the merger on 01/3/2025)."""
    spec = edit(VALID, ("  via: so-khcn\n", "  via: so-tttt\n  signature:\n    signer: giam-doc-skhcn\n"))
    spec += "dispatch:\n  unit: VP\n"  # Sở TT&TT lists no units in the registry
    assert load_plan(write_project(tmp_path, spec)).spec.reporting.signature.signer == "giam-doc-skhcn"


def test_the_reminders_signer_refused_at_load_is_told_that_days_people_only(tmp_path):
    """A signer right on no day a reminder can be dated is refused at load, worded at the plan's
    date: Sở TT&TT's director is not yet one of Sở KH&CN's people then (merged on 01/3/2025)."""
    spec = edit(VALID, ("  via: so-khcn\n", "  via: so-khcn\n  signature:\n    signer: le-duc-tien\n"
                                             "    authority: KT\n    head_title: CHỦ TỊCH\n"))
    path = write_project(tmp_path, spec, signers="  gd-stttt:\n    name: Trần Văn Bình\n    title: GIÁM ĐỐC\n"
                                                 "    agency: so-tttt\n")
    [problem] = _problems(path)
    assert problem.field == "reporting.signature.signer"
    assert "(người có “agency: so-khcn”: giam-doc-skhcn)" in problem.message


def test_a_deputy_of_another_body_signing_the_dispatch_is_told_once_that_they_are_not_of_it(tmp_path):
    """le-duc-tien, PHÓ CHỦ TỊCH of ubnd-tinh, on Sở KH&CN's letters: one error, that the signer is
    of another body; no advice to sign "KT. GIÁM ĐỐC" for the Sở's director."""
    spec = VALID + "dispatch:\n  signature:\n    signer: le-duc-tien\n"
    [problem] = _problems(write_project(tmp_path, spec))
    assert (problem.line, problem.field) == (32, "dispatch.signature.signer")
    assert "người ký “le-duc-tien” là người của Ủy ban nhân dân tỉnh Quảng Trị" in problem.message
    assert "KT. GIÁM ĐỐC" not in problem.message and "authority: KT" not in problem.message


GD_STTTT = "  gd-stttt:\n    name: Trần Văn Bình\n    title: GIÁM ĐỐC\n    agency: so-tttt\n"


@pytest.mark.parametrize("issuer, plan_day, signer, letters_day", [
    ("so-tttt", "10/03/2025", "giam-doc-skhcn", "14/03/2025"),  # Sở TT&TT merged into Sở KH&CN on 01/3/2025
    ("so-khcn", "10/03/2025", "giam-doc-skhcn", "14/03/2025"),  # the same plan written with the new id
    ("so-tttt", "20/02/2025", "gd-stttt", "05/03/2025"),        # issued before the merger, sent after it
])
def test_the_unit_of_letters_sent_after_the_issuer_merged_is_checked_against_its_successor(
        tmp_path, issuer, plan_day, signer, letters_day):
    """The letters print Sở KH&CN's header and ký hiệu (``301/SKHCN-…``): a typo in ``dispatch.unit``
    is refused with the unit meant, whether the plan names Sở TT&TT or Sở KH&CN."""
    spec = VALID.replace("  issuer: ubnd-tinh\n  year: 2024\n", f"  issuer: {issuer}\n  number: 12\n  date: {plan_day}\n")
    spec = spec.replace("  drafting_unit: KGVX\n", "  drafting_unit: QLKH\n" if signer != "gd-stttt" else "  drafting_unit: VP\n")
    spec = spec[:spec.index("signature:\n")] + f"signature:\n  head_title: GIÁM ĐỐC\n  signer: {signer}\n"
    spec += f"dispatch:\n  sender: issuer\n  number: 301\n  date: {letters_day}\n  unit: QLHK\n"
    if signer == "gd-stttt":  # Sở TT&TT's director signs the plan, Sở KH&CN's the letters
        spec += "  signature:\n    signer: giam-doc-skhcn\n"
    [problem] = _problems(write_project(tmp_path, spec, signers=GD_STTTT))
    assert (problem.line, problem.field) == (33, "dispatch.unit")
    assert "“QLHK” không phải đơn vị của Sở Khoa học và Công nghệ (so-khcn)" in problem.message
    assert "có phải ý bạn là “QLKH”?" in problem.message


# ------------------------------------------------------------------ the plan's block on letters of its successor

def _issued_then_sent(issuer: str, plan_day: str, signer: str, letters_day: str, unit: str = "VP") -> str:
    """Return VALID as a plan of ``issuer`` dated ``plan_day``, signed by its director ``signer``, whose
    dispatch letters (``dispatch.sender: issuer``, no ``dispatch.signature``: the plan's block) are
    dated ``letters_day``; ``dispatch:`` at line 29."""
    spec = VALID.replace("  issuer: ubnd-tinh\n  year: 2024\n", f"  issuer: {issuer}\n  number: 12\n  date: {plan_day}\n")
    spec = spec.replace("  drafting_unit: KGVX\n", f"  drafting_unit: {unit}\n")
    spec = spec[:spec.index("signature:\n")] + f"signature:\n  head_title: GIÁM ĐỐC\n  signer: {signer}\n"
    return spec + f"dispatch:\n  sender: issuer\n  number: 301\n  date: {letters_day}\n"


GD_SNNPTNT = "  gd-snnptnt:\n    name: Đỗ Văn Hải\n    title: GIÁM ĐỐC\n    agency: so-nnptnt\n"


def test_the_plans_block_on_letters_sent_after_the_issuer_merged_is_refused_at_dispatch(tmp_path):
    """Sở TT&TT's plan of 20/02/2025 sent on 05/3/2025, after it merged into Sở KH&CN (01/3/2025):
    the letters print Sở KH&CN's header, so the plan's block (Sở TT&TT's director) cannot sign them."""
    path = write_project(tmp_path, _issued_then_sent("so-tttt", "20/02/2025", "gd-stttt", "05/03/2025"),
                         signers=GD_STTTT)
    [problem] = _problems(path)
    assert (problem.line, problem.column, problem.field) == (29, 1, "dispatch.signature")
    assert ("“dispatch:” không có “signature” nên công văn triển khai ngày 05/3/2025 (dispatch.sender: issuer) in "
            "khối chữ ký của kế hoạch (“signature:”), người ký “gd-stttt” là người của Sở Thông tin và Truyền thông "
            "(“agency” trong signers.yaml); nhưng công văn gửi với danh nghĩa Sở Khoa học và Công nghệ (so-khcn) vì "
            "Sở Thông tin và Truyền thông (so-tttt) đã hợp nhất vào Sở Khoa học và Công nghệ từ ngày 01/3/2025"
            ) in problem.message
    assert "ví dụ “signature: {signer: giam-doc-skhcn}”" in problem.message


@pytest.mark.parametrize("issuer, plan_day, signer, letters_day, unit, signers", [
    ("so-tttt", "20/02/2025", "gd-stttt", "25/02/2025", "VP", GD_STTTT),           # sent before the merger
    ("so-tttt", "10/03/2025", "giam-doc-skhcn", "14/03/2025", "QLKH", ""),       # issued after it: one body
    ("so-nnptnt", "20/02/2025", "gd-snnptnt", "05/03/2025", "VP", GD_SNNPTNT),   # only renamed since: one body
])
def test_the_plans_block_on_letters_of_the_same_body_loads(tmp_path, issuer, plan_day, signer, letters_day,
                                                            unit, signers):
    path = write_project(tmp_path, _issued_then_sent(issuer, plan_day, signer, letters_day, unit), signers=signers)
    plan = load_plan(path)
    assert plan.spec.signature.signer == signer and plan.spec.dispatch.signature is None


def test_the_plans_block_on_letters_of_the_successor_is_refused_in_english_exit_3_and_nothing_written(tmp_path):
    path, out = write_project(tmp_path, _issued_then_sent("so-tttt", "20/02/2025", "gd-stttt", "05/03/2025"),
                              signers=GD_STTTT), tmp_path / "out"
    done = run_cli("--lang", "en", "build", path, "-o", out)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert ("plan.yaml:29:1: dispatch.signature: “dispatch:” has no “signature”, so the dispatch letters dated "
            "05/3/2025 (dispatch.sender: issuer) print the plan's signature") in done.stderr
    assert "as Sở Thông tin và Truyền thông (so-tttt) merged into Sở Khoa học và Công nghệ on 01/3/2025" in done.stderr
    assert "e.g. “signature: {signer: giam-doc-skhcn}”" in done.stderr
    assert not out.exists()
