"""Signature blocks (ND30, ô 7a/7b): with KT./TL./TUQ./Q. the signer's own title differs from the
head's; a deputy (PHÓ …) signs ``KT. <head title>``. Checked for the plan's signature and for the
dispatch signature (the dispatch and reminder letters), against the title in signers.yaml."""

from __future__ import annotations

import pytest

from khcn_docs.errors import SpecError
from khcn_docs.spec.load import load_plan
from khcn_docs.spec.signatures import _head_of
from tests.spec.broken_specs import parse_problem
from tests.spec.tiny_spec import VALID, edit, write_project

SIGNERS = """\
signers:
  le-duc-tien:
    name: Lê Đức Tiến
    title: {vice_chair}
  giam-doc-skhcn:
    name: Nguyễn Văn Minh
    title: {director}
"""


def _project(tmp_path, spec: str, vice_chair: str = "PHÓ CHỦ TỊCH", director: str = "GIÁM ĐỐC"):
    path = write_project(tmp_path, spec)
    (path.parent.parent / "signers.yaml").write_text(SIGNERS.format(vice_chair=vice_chair, director=director),
                                                     encoding="utf-8")
    return path


def _problems(path) -> list:
    with pytest.raises(SpecError) as info:
        load_plan(path)
    return [parse_problem(p) for p in info.value.problems]


def _dispatch(signature: str) -> str:
    return VALID + "dispatch:\n  signature:\n" + "".join(f"    {line}\n" for line in signature.split("; "))


@pytest.mark.parametrize("spec, vice_chair, director", [
    (VALID, "PHÓ CHỦ TỊCH", "GIÁM ĐỐC"),                                       # KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    (edit(VALID, ("  authority: KT\n  head_title: CHỦ TỊCH\n", "")), "CHỦ TỊCH", "GIÁM ĐỐC"),  # TM. / CHỦ TỊCH
    (_dispatch("signer: giam-doc-skhcn"), "PHÓ CHỦ TỊCH", "GIÁM ĐỐC"),          # the head signs
    (_dispatch("authority: KT; head_title: GIÁM ĐỐC; signer: giam-doc-skhcn"), "PHÓ CHỦ TỊCH", "PHÓ GIÁM ĐỐC"),
])
def test_a_signature_nd30_allows_loads(tmp_path, spec, vice_chair, director):
    assert load_plan(_project(tmp_path, spec, vice_chair, director)).signers is not None


def test_kt_before_the_signers_own_title_is_refused_at_the_signer(tmp_path):
    problems = _problems(_project(tmp_path, VALID, vice_chair="Chủ tịch"))
    assert [(p.line, p.column, p.field) for p in problems] == [(29, 3, "signature.signer")]
    assert "“le-duc-tien” có chức vụ “CHỦ TỊCH” (signers.yaml), trùng chức danh sau “KT.”" in problems[0].message
    assert "bỏ “authority” và “head_title”" in problems[0].message


@pytest.mark.parametrize("own, head", [("PHÓ CHỦ TỊCH", "CHỦ TỊCH"), ("Phó Chủ tịch", "CHỦ TỊCH"),
                                       ("THỨ TRƯỞNG", "CHỦ TỊCH")])  # the issuer's head_title in agencies.yaml
def test_a_deputys_own_title_as_head_title_is_told_the_heads_title_at_head_title(tmp_path, own, head):
    """``head_title: PHÓ CHỦ TỊCH`` over a PHÓ CHỦ TỊCH: the fix is the head's title in ``head_title``
    (``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``), not dropping ``KT.`` nor a title ``PHÓ PHÓ …``."""
    spec = edit(VALID, ("head_title: CHỦ TỊCH", f"head_title: {own}"))
    problems = _problems(_project(tmp_path, spec, vice_chair=own))
    assert [(p.line, p.column, p.field) for p in problems] == [(28, 3, "signature.head_title")]
    assert f"ví dụ “head_title: {head}” (in “KT. {head}” rồi “{own.upper()}”)" in problems[0].message
    assert "PHÓ PHÓ" not in problems[0].message and "bỏ “authority”" not in problems[0].message


def test_the_heads_title_a_deputys_own_title_advice_gives_loads(tmp_path):
    spec = edit(VALID, ("head_title: CHỦ TỊCH", "head_title: PHÓ CHỦ TỊCH"))
    [problem] = _problems(_project(tmp_path, spec))
    advised = problem.message.split("ví dụ “")[1].split("”")[0]
    assert load_plan(_project(tmp_path, edit(spec, ("head_title: PHÓ CHỦ TỊCH", advised)))).signers is not None


@pytest.mark.parametrize("title, head, expected", [
    ("PHÓ CHỦ TỊCH", "CHỦ TỊCH", "CHỦ TỊCH"),
    ("PHÓ CHỦ TỊCH", None, "CHỦ TỊCH"),
    ("PHÓ GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC"),   # agencies.yaml holding the deputy's title
    ("THỨ TRƯỞNG", None, "BỘ TRƯỞNG"),
    ("PHÓ CHÁNH VĂN PHÒNG", "Chánh Văn phòng", "CHÁNH VĂN PHÒNG"),
])
def test_the_head_a_deputy_signs_for(title, head, expected):
    assert _head_of(title, head) == expected


def test_a_deputy_signing_the_dispatch_without_kt_is_told_to_sign_kt_for_the_head(tmp_path):
    problems = _problems(_project(tmp_path, _dispatch("signer: giam-doc-skhcn"), director="PHÓ GIÁM ĐỐC"))
    assert [(p.line, p.field) for p in problems] == [(32, "dispatch.signature.signer")]
    assert "“authority: KT” và “head_title: GIÁM ĐỐC”" in problems[0].message


def test_a_deputy_signing_for_the_collective_without_kt_is_refused(tmp_path):
    spec = edit(VALID, ("  authority: KT\n  head_title: CHỦ TỊCH\n", ""))
    problems = _problems(_project(tmp_path, spec))
    assert [(p.field, "head_title: CHỦ TỊCH" in p.message) for p in problems] == [("signature.signer", True)]


@pytest.mark.parametrize("name, said, mended", [
    ("NGUYỄN VĂN MINH", "viết in hoa toàn bộ", "Nguyễn Văn Minh"),
    ("nguyễn văn minh", "có chữ viết thường “nguyễn”", "Nguyễn Văn Minh"),
    ("Nguyễn văn Minh", "có chữ viết thường “văn”", "Nguyễn Văn Minh"),
    ("TS. Nguyễn Văn Minh", "có học hàm, học vị “TS.”", "Nguyễn Văn Minh"),
    ("PGS.TS Nguyễn Văn Minh", "có học hàm, học vị “PGS.TS”", "Nguyễn Văn Minh"),
    ("GS. TSKH. Nguyễn Văn Minh", "có học hàm, học vị “GS. TSKH.”", "Nguyễn Văn Minh"),
    ("Thạc sĩ Nguyễn Văn Minh", "có học hàm, học vị “Thạc sĩ”", "Nguyễn Văn Minh"),
    ("Phó Giáo sư, Tiến sĩ Nguyễn Văn Minh", "có học hàm, học vị “Phó Giáo sư, Tiến sĩ”", "Nguyễn Văn Minh"),
    ("Đồng chí Nguyễn Văn Minh", "có danh xưng “Đồng chí”", "Nguyễn Văn Minh"),
])
def test_a_name_the_checker_rejects_is_warned_of_at_its_signers_line(tmp_path, name, said, mended):
    path = _project(tmp_path, _dispatch("signer: giam-doc-skhcn"))
    signers = path.parent.parent / "signers.yaml"
    signers.write_text(signers.read_text(encoding="utf-8").replace("Nguyễn Văn Minh", name), encoding="utf-8")
    [warning] = load_plan(path).warnings
    assert "/signers.yaml:6:5: cảnh báo: signers.giam-doc-skhcn.name: họ tên người ký " in warning
    assert said in warning and f"“name: {mended}”" in warning


@pytest.mark.parametrize("name", ["Nguyễn Văn Minh", "Đồng Chí Thanh", "Ông Văn Tùng", "H'Hen Niê", "NGUYỄN VĂN MINH"])
def test_a_name_in_normal_case_or_of_a_signer_no_block_prints_is_not_warned_of(tmp_path, name):
    path = _project(tmp_path, VALID)  # giam-doc-skhcn signs nothing: the last name is not printed
    signers = path.parent.parent / "signers.yaml"
    signers.write_text(signers.read_text(encoding="utf-8").replace("Nguyễn Văn Minh", name), encoding="utf-8")
    assert load_plan(path).warnings == ()
