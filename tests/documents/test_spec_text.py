"""Spec text and the ND30 checker: what the build makes of căn cứ lines and lines starting "Căn cứ"
passes ``khcn-docs check``; text the checker would reject is warned of at its line."""

from __future__ import annotations

import json

import pytest
from docx import Document

from khcn_docs.spec.load import load_plan
from tests.documents.conftest import ROOT, ok, run_cli
from tests.spec.tiny_spec import VALID, edit, write_project

OPENING = "  - Thực hiện Quyết định số 709/QĐ-TTg.\n"


def test_can_cu_lines_are_punctuated_and_lines_starting_can_cu_elsewhere_pass_the_checker(tmp_path):
    spec = write_project(tmp_path, edit(
        VALID,
        (OPENING, "  - \"Căn cứ Quyết định số 709/QĐ-TTg, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\"\n"
                  "can_cu:\n  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015\n"
                  "  - Căn cứ Quyết định số 709/QĐ-TTg ngày 23/7/2024 của Thủ tướng Chính phủ,\n"),
        ("      - item: Tổ chức tuyên truyền.\n",
         "      - paragraph: Căn cứ chức năng, nhiệm vụ được giao, các Sở chủ trì thực hiện.\n"
         "      - item: Tổ chức tuyên truyền.\n")))
    assert load_plan(spec).warnings == ()
    out = tmp_path / "out"
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    texts = [p.text for p in Document(str(out / "plan" / "ke-hoach.docx")).paragraphs]
    assert [x for x in texts if x.startswith("Căn cứ")] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Quyết định số 709/QĐ-TTg ngày 23/7/2024 của Thủ tướng Chính phủ.",
        "Căn cứ Quyết định số 709/QĐ-TTg, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
        "Căn cứ chức năng, nhiệm vụ được giao, các Sở chủ trì thực hiện."]
    done = run_cli("check", "--format", "json", out / "plan" / "ke-hoach.docx")
    assert done.returncode == 0, json.loads(done.stdout)["problems"]


@pytest.mark.parametrize("old, new, line, field, words", [
    (OPENING, "  - \"*Thực hiện Quyết định số 709/QĐ-TTg.*\"\n", 8, "opening[0]", "in nghiêng toàn bộ"),
    ("      - item: Tổ chức tuyên truyền.\n", "      - paragraph: \"**Giao các Sở thực hiện.**\"\n"
     "      - item: Tổ chức tuyên truyền.\n", 13, "body[0].children[0].paragraph", "in đậm toàn bộ"),
    ("      - item: Tổ chức tuyên truyền.\n", "      - item: \"*Triển khai ứng dụng văn bản điện tử, chữ ký số*\"\n",
     13, "body[0].children[0].item", "in nghiêng toàn bộ"),
    ("      - item: Tổ chức tuyên truyền.\n", "      - item: \"**Tổ chức tuyên truyền.**\"\n",
     13, "body[0].children[0].item", "in đậm toàn bộ"),
    (OPENING, "  - Căn cứ Quyết định số 709/QĐ-TTg.\n", 8, "opening[0]", "được đọc là dòng căn cứ"),
], ids=["opening-italic", "paragraph-bold", "item-italic", "item-bold", "opening-read-as-can-cu"])
def test_text_the_checker_rejects_is_warned_of_at_its_line(tmp_path, old, new, line, field, words):
    spec = write_project(tmp_path, edit(VALID, (old, new)))
    [warning] = load_plan(spec).warnings
    assert f"plan.yaml:{line}:" in warning
    assert f"cảnh báo: {field}: " in warning and words in warning
    out = tmp_path / "out"
    ok("build", spec, "-o", out, "-q", "--templates", ROOT / "templates")
    assert run_cli("check", out / "plan" / "ke-hoach.docx").returncode == 6  # what the warning said


def test_a_signer_name_in_small_letters_is_warned_of_by_every_build_and_rejected_by_the_checker(tmp_path):
    """The warning is at the name's line of signers.yaml, also when a rebuild takes the signers it stored."""
    spec = write_project(tmp_path, VALID)
    signers = tmp_path / "variables" / "signers.yaml"
    signers.write_text(signers.read_text(encoding="utf-8").replace("Lê Đức Tiến", "lê đức tiến"), encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):
        done = run_cli("build", spec, "-o", out, "-q", "--templates", ROOT / "templates", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert ("variables/signers.yaml:4:5: cảnh báo: signers.le-duc-tien.name: họ tên người ký có chữ viết "
                "thường “lê”") in done.stderr
        assert "“name: Lê Đức Tiến”" in done.stderr
    done = run_cli("check", out / "plan" / "ke-hoach.docx")
    assert done.returncode == 6 and "có chữ viết thường “lê”" in done.stdout + done.stderr
