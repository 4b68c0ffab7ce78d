"""Who signs and numbers the letters: the dispatch letters are their sender's (``dispatch.sender``),
the reminders the monitor's, whichever body sent the dispatch letters (built and read back)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from docx import Document

from tests.documents.conftest import ROOT, ok, run_cli, texts
from tests.spec.tiny_spec import VALID, write_project

DEPUTY = "  pho-giam-doc-skhcn:\n    name: Trần Thị Lan\n    title: PHÓ GIÁM ĐỐC\n    agency: so-khcn\n"


def signature(path) -> list[str]:
    """Return the lines of the signature block (the signature table's right cell) of the .docx at ``path``."""
    cell = Document(str(path)).tables[-1].rows[0].cells[1]
    return [p.text for p in cell.paragraphs if p.text.strip()]


def build_and_remind(tmp_path, spec: str, signers_extra: str = ""):
    """Build ``spec``, remind on 20/11/2024; return the folder of Sở Nội vụ's documents."""
    path, out = write_project(tmp_path, spec), tmp_path / "out"
    if signers_extra:
        signers = path.parent.parent / "signers.yaml"
        signers.write_text(signers.read_text(encoding="utf-8") + signers_extra, encoding="utf-8")
    ok("build", path, "-o", out, "-q", "--templates", ROOT / "templates")
    ok("remind", path, "--as-of", "20/11/2024", "-o", out, "--templates", ROOT / "templates")
    return out / "plan" / "04-so-noi-vu"


@pytest.fixture(scope="module")
def from_issuer(tmp_path_factory):
    """Sở Nội vụ's folder of a plan whose dispatch letters the issuer sends, with no signature nor unit of their own."""
    return build_and_remind(tmp_path_factory.mktemp("issuer"), VALID + "dispatch:\n  sender: issuer\n")


def test_the_issuers_letters_carry_its_unit_and_the_plans_signature(from_issuer):
    letter = from_issuer / "cong-van-trien-khai.docx"
    assert "Số:       /UBND-KGVX" in texts(letter) and "- Lưu: VT, KGVX." in texts(letter)
    assert signature(letter) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Đức Tiến"]


def test_the_reminders_are_signed_by_the_monitors_head_when_the_issuer_sent_the_letters(from_issuer):
    """The monitor's head is the signer of signers.yaml whose ``agency`` is the monitor and whose
    title is its ``head_title`` (no name to fill in by hand)."""
    reminder = from_issuer / "cong-van-don-doc-2024-lan-1.docx"
    assert "Số:       /SKHCN-QLKH" in texts(reminder)
    assert signature(reminder) == ["GIÁM ĐỐC", "Nguyễn Văn Minh"]


def test_the_reminders_own_signature_wins_over_the_dispatch_letters(tmp_path):
    spec = VALID.replace("  via: so-khcn\n", "  via: so-khcn\n  signature:\n    authority: KT\n"
                                               "    head_title: GIÁM ĐỐC\n    signer: pho-giam-doc-skhcn\n")
    folder = build_and_remind(tmp_path, spec + "dispatch:\n  signature:\n    signer: giam-doc-skhcn\n", DEPUTY)
    assert signature(folder / "cong-van-trien-khai.docx") == ["GIÁM ĐỐC", "Nguyễn Văn Minh"]
    assert signature(folder / "cong-van-don-doc-2024-lan-1.docx") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Lan"]


GD_STTTT = "  gd-stttt:\n    name: Trần Văn Bình\n    title: GIÁM ĐỐC\n    agency: so-tttt\n"
REMINDERS_SIGNED = [  # (reporting.via, its signer, the dispatch's signer, who may sign on 18/11/2024)
    ("so-khcn", "gd-stttt", "giam-doc-skhcn", "giam-doc-skhcn"),  # Sở TT&TT's director before the merger
    ("so-tttt", "giam-doc-skhcn", "gd-stttt", "gd-stttt"),        # Sở KH&CN's director on Sở TT&TT's letter
]


def _signed_by_a_body_merged_later(tmp_path, via: str, signer: str, dispatch: str):
    """Return (plan, output folder) of a 2024 plan whose reminders are signed by someone of a body
    that is one with the monitor only from 01/3/2025 (Sở TT&TT merged into Sở KH&CN)."""
    spec = VALID.replace("  via: so-khcn\n", f"  via: {via}\n  signature:\n    signer: {signer}\n")
    path = write_project(tmp_path, spec + f"dispatch:\n  signature:\n    signer: {dispatch}\n  unit: VP\n", signers=GD_STTTT)
    return path, tmp_path / "out"


@pytest.mark.parametrize("via, signer, dispatch, ours", REMINDERS_SIGNED)
def test_reminders_dated_before_a_merger_are_refused_at_their_signer(tmp_path, via, signer, dispatch, ours):
    path, out = _signed_by_a_body_merged_later(tmp_path, via, signer, dispatch)
    done = run_cli("remind", path, "--as-of", "18/11/2024", "-o", out, "--templates", ROOT / "templates")
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
    assert "plan.yaml:24:5: reporting.signature.signer: " in done.stderr  # the signer's line
    assert f"người ký “{signer}” là người của" in done.stderr and "công văn đôn đốc ngày 18/11/2024" in done.stderr
    assert f"(người có “agency: {via}”: {ours})" in done.stderr  # that day's people of the sender only
    assert f"“{signer}” chỉ ký được công văn đôn đốc từ ngày 01/3/2025" in done.stderr
    assert not list(out.rglob("*.docx"))


def test_a_reminder_signer_refused_for_a_body_with_no_signer_says_to_add_one(tmp_path):
    """reporting.via: so-tttt, signed by Sở KH&CN's director, and nobody of Sở TT&TT in signers.yaml:
    the hint names nobody ("người nói trên" was nobody) and says to add one, with an example line."""
    spec = VALID.replace("  via: so-khcn\n", "  via: so-tttt\n  signature:\n    signer: giam-doc-skhcn\n")
    path, out = write_project(tmp_path, spec + "dispatch:\n  sender: issuer\n"), tmp_path / "out"
    for lang, said in (("vi", ("signers.yaml chưa có người ký nào của Sở Thông tin và Truyền thông (không người nào "
                               "có “agency: so-tttt”): thêm người ký của Sở Thông tin và Truyền thông vào signers.yaml, "
                               "ví dụ dòng “nguoi-ky-so-tttt: {name: Nguyễn Văn A, title: GIÁM ĐỐC, agency: so-tttt}”",
                               "công văn trước ngày đó ghi “signer:” là mã một người của Sở Thông tin và Truyền thông "
                               "(người có “agency: so-tttt” trong signers.yaml), từ ngày 01/3/2025")),
                       ("en", ("signers.yaml has no signer of Sở Thông tin và Truyền thông (nobody with “agency: "
                               "so-tttt”): add a signer", "before that day set “signer:” to the id of someone of Sở "
                               "Thông tin và Truyền thông (with “agency: so-tttt” in signers.yaml)"))):
        done = subprocess.run([sys.executable, "-m", "khcn_docs", "remind", path, "--as-of", "20/11/2024", "-o", out,
                               "--templates", ROOT / "templates"], capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "KHCN_DOCS_LANG": lang, "KHCN_DOCS_PDF": "0"})
        assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
        assert all(part in done.stderr for part in said), done.stderr
        assert "…)" not in done.stderr and "người nói trên" not in done.stderr and "named above" not in done.stderr
    assert not out.exists() or not list(out.rglob("*.docx"))


@pytest.mark.parametrize("via, signer, dispatch, ours", REMINDERS_SIGNED)
def test_reminders_dated_after_the_merger_take_that_signer(tmp_path, via, signer, dispatch, ours):
    path, out = _signed_by_a_body_merged_later(tmp_path, via, signer, dispatch)
    ok("remind", path, "--as-of", "05/3/2025", "--year", "2024", "-o", out, "--templates", ROOT / "templates")
    [letter] = out.rglob("04-so-noi-vu/cong-van-don-doc-2024-lan-1.docx")
    assert signature(letter)[-1] == {"gd-stttt": "Trần Văn Bình", "giam-doc-skhcn": "Nguyễn Văn Minh"}[signer]


def _issued_by(tmp_path, issuer: str):
    """Return the plan folder of a plan of 10/3/2025 issued in the name of ``issuer``, whose
    dispatch letters (dated 14/3/2025) the issuer sends, built through the CLI."""
    spec = VALID.replace("  issuer: ubnd-tinh\n  year: 2024\n", f"  issuer: {issuer}\n  number: 12\n  date: 10/03/2025\n")
    spec = spec.replace("  drafting_unit: KGVX\n", "  drafting_unit: QLKH\n")
    spec = spec[:spec.index("signature:\n")] + "signature:\n  head_title: GIÁM ĐỐC\n  signer: giam-doc-skhcn\n"
    path = write_project(tmp_path, spec + "dispatch:\n  sender: issuer\n  number: 301\n  date: 14/03/2025\n")
    ok("build", path, "-o", tmp_path / "out", "-q", "--templates", ROOT / "templates")
    return tmp_path / "out" / "plan"


def test_a_plan_issued_by_a_body_merged_before_its_date_is_its_successors_throughout(tmp_path):
    """Sở TT&TT merged into Sở KH&CN on 01/3/2025: a plan of 10/3/2025 written as Sở TT&TT's is Sở
    KH&CN's in every document, as ``issuer: so-khcn`` makes it: the letters come from Sở KH&CN, which
    gets no letter nor report form of its own (it would report to itself)."""
    merged, successor = _issued_by(tmp_path / "merged", "so-tttt"), _issued_by(tmp_path / "successor", "so-khcn")
    files = sorted(p.relative_to(successor) for p in successor.rglob("*.docx"))
    assert sorted(p.relative_to(merged) for p in merged.rglob("*.docx")) == files
    assert not any(str(f).startswith("02-so-khoa-hoc") for f in files)
    for name in files:
        assert texts(merged / name) == texts(successor / name), name
    letter = " ".join(texts(merged / "04-so-noi-vu" / "cong-van-trien-khai.docx"))
    assert "Số: 301/SKHCN-QLKH" in letter and "Sở Khoa học và Công nghệ đề nghị Sở Nội vụ" in letter
    assert "THÔNG TIN" not in letter


AFTER_THE_MERGER = "  number: 301\n  date: 05/03/2025\n  signature:\n    signer: giam-doc-skhcn\n"
"""Letters of 05/3/2025, Sở KH&CN's: signed by one of its people, not by the plan's block (Sở TT&TT's director)."""


def _issued_before_the_merger(tmp_path, dispatch: str = AFTER_THE_MERGER):
    """Return (spec path, output folder) of plan no. 12 of 20/02/2025 issued in the name of Sở TT&TT
    (merged into Sở KH&CN on 01/3/2025), whose dispatch letters the issuer sends (``dispatch``: their
    number, date and signature), built through the CLI."""
    spec = VALID.replace("  issuer: ubnd-tinh\n  year: 2024\n", "  issuer: so-tttt\n  number: 12\n  date: 20/02/2025\n")
    spec = spec[:spec.index("signature:\n")] + "signature:\n  head_title: GIÁM ĐỐC\n  signer: gd-stttt\n"
    path = write_project(tmp_path, spec + "dispatch:\n  sender: issuer\n" + dispatch, signers=GD_STTTT)
    ok("build", path, "-o", tmp_path / "out", "-q", "--templates", ROOT / "templates")
    return path, tmp_path / "out"


def test_a_plan_is_cited_as_issued_in_letters_sent_after_its_issuer_merged(tmp_path):
    """Plan 12 of 20/02/2025 is Sở TT&TT's (``12/KH-STTTT``); its letters of 05/3/2025 come from
    Sở KH&CN, which Sở TT&TT merged into on 01/3/2025, but every letter, form and reminder cites the
    plan as it was issued — never ``12/KH-SKHCN``, a number Sở KH&CN never gave."""
    path, out = _issued_before_the_merger(tmp_path)
    ok("remind", path, "--as-of", "20/11/2025", "-o", out, "--templates", ROOT / "templates")
    folder = out / "plan" / "04-so-noi-vu"
    assert "Số: 12/KH-STTTT" in texts(out / "plan" / "ke-hoach.docx")
    for name in ("cong-van-trien-khai.docx", "bao-cao-2025.docx", "cong-van-don-doc-2025-lan-1.docx"):
        text = " ".join(texts(folder / name))
        assert "Kế hoạch số 12/KH-STTTT ngày 20/02/2025 của Sở TT&TT" in text, name
        assert "KH-SKHCN" not in text, name
    letter = " ".join(texts(folder / "cong-van-trien-khai.docx"))
    assert "Số: 301/SKHCN-QLKH" in letter and "V/v triển khai thực hiện Kế hoạch số 12/KH-STTTT" in letter


def test_the_monitor_is_asked_for_no_report_it_would_send_itself(tmp_path):
    """Undated letters of Sở TT&TT's plan of 20/02/2025 (its monitor Sở KH&CN reports to it) go
    before the merger, Sở KH&CN's too; by the 2025 deadline Sở TT&TT is part of Sở KH&CN, which would
    report to itself: no form is made for it, so its letter asks for none and says why."""
    _, out = _issued_before_the_merger(tmp_path, dispatch="")
    folder = out / "plan" / "02-so-khoa-hoc-va-cong-nghe"
    assert sorted(p.name for p in folder.iterdir()) == ["cong-van-trien-khai.docx"]
    letter = " ".join(texts(folder / "cong-van-trien-khai.docx"))
    assert "biểu mẫu" not in letter
    assert ("Do Sở Thông tin và Truyền thông hợp nhất vào Sở Khoa học và Công nghệ trước hạn báo cáo năm 2025 "
            "(ngày 17/11/2025), Sở Khoa học và Công nghệ không phải gửi báo cáo định kỳ hằng năm") in letter
    assert "đề nghị Sở Nội vụ báo cáo" in " ".join(texts(out / "plan" / "04-so-noi-vu" / "cong-van-trien-khai.docx"))
