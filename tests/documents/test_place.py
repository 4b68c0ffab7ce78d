"""Every document kind prints a place before its date (NĐ30: where the body sits): the body's own or
its parents', else the spec's ``document.place``, else the issuer's; none at all is refused."""

from __future__ import annotations

import json

import pytest
from docx import Document

from tests.documents.conftest import ROOT, ok, run_cli
from tests.render.docx_facts import all_paragraphs
from tests.spec.tiny_spec import LHH_SIGNER, VALID, edit, write_project

# Liên hiệp các Hội has no place and no parent in the registry; it leads t-2 in both specs.
_LHH_TASK = ("lead: [so-noi-vu]", "lead: [so-noi-vu, lien-hiep-hoi]")
_SIGNED = ("collective: ỦY BAN NHÂN DÂN", "collective: BAN THƯỜNG TRỰC")
_LHH_SIGNS = ("signer: le-duc-tien", "signer: pho-chu-tich-lhh")  # LHH_SIGNER: one of the issuer's own
_SKHCN_SIGNS = (("drafting_unit: KGVX", "drafting_unit: QLKH"),  # the Sở's unit and director
                ("  collective: ỦY BAN NHÂN DÂN\n  authority: KT\n  head_title: CHỦ TỊCH\n  signer: le-duc-tien",
                 "  signer: giam-doc-skhcn"))
SPECS = {
    # issued by that body, the place written in the spec; it sends the letters and takes the reports
    "issuer-without-place": edit(VALID, ("  issuer: ubnd-tinh", "  issuer: lien-hiep-hoi\n  place: Quảng Trị"),
                                 ("  via: so-khcn", "  via: lien-hiep-hoi"), _LHH_TASK, _SIGNED, _LHH_SIGNS)
    + "dispatch:\n  sender: issuer\n  unit: VP\n",
    # issued by Sở KH&CN (no place, its parent UBND tỉnh has): the body's report form takes the issuer's
    "agency-without-place": edit(VALID, ("  issuer: ubnd-tinh", "  issuer: so-khcn"), _LHH_TASK, *_SKHCN_SIGNS)
    + "dispatch:\n  sender: issuer\n  unit: QLKH\n",
}


def place_lines(path) -> list[str]:
    """Return the place-and-date lines of the .docx at ``path``."""
    return [p.text for p in all_paragraphs(Document(str(path))) if ", ngày" in p.text and "tháng" in p.text
            and p.text.rstrip().endswith(("2024", "2025"))]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_document_kind_prints_a_place_and_passes_the_checker(tmp_path, name):
    spec = write_project(tmp_path, SPECS[name], signers=LHH_SIGNER)
    out = tmp_path / "out"
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    ok("remind", spec, "--as-of", "20/11/2024", "-o", out, "--templates", ROOT / "templates")
    ok("remind", spec, "--as-of", "16/12/2024", "-o", out, "--combined", "--year", "2024")
    files = sorted((out / "plan").rglob("*.docx"))
    kinds = {f.name.split("-20")[0].removesuffix(".docx") for f in files}
    assert {"ke-hoach", "cong-van-trien-khai", "bao-cao", "cong-van-don-doc"} <= kinds
    assert any("don-doc-chung" in str(f) for f in files)
    for path in files:
        lines = place_lines(path)
        assert len(lines) == 1 and lines[0].startswith("Quảng Trị, ngày"), (path, lines)
    done = run_cli("check", "--format", "json", out / "plan")
    assert done.returncode == 0, json.loads(done.stdout)["problems"]
