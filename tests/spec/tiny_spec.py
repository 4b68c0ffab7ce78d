"""A small valid plan spec, as text with known line numbers, and a way to write it (or a broken
copy of it) next to a copy of the real variables, so ``variables: ..`` resolves as in the project.

Line numbers of VALID (the broken-spec tables assert exact positions against them):
 1 variables   2 document   3 issuer   4 year   5 title   6 drafting_unit   7 opening
 9 body   10 section   11 lead   12 children   13 item   14 task t-1   15 item   16 task t-2
17 lead   18 support   19 reporting   20 day   21 month   22 via   23 recipients
25 signature   26 collective   27 authority   28 head_title   29 signer
"""

from __future__ import annotations

import shutil
from pathlib import Path

VARIABLES = Path(__file__).resolve().parents[2] / "variables"

VALID = """\
variables: ..
document:
  issuer: ubnd-tinh
  year: 2024
  title: Kế hoạch thử nghiệm
  drafting_unit: KGVX
opening:
  - Thực hiện Quyết định số 709/QĐ-TTg.
body:
  - section: NHIỆM VỤ
    lead: [so-ban-nganh]
    children:
      - item: Tổ chức tuyên truyền.
        task: t-1
      - item: Cải cách hành chính.
        task: t-2
        lead: [so-noi-vu]
        support: [so-khcn]
reporting:
  day: 15
  month: 11
  via: so-khcn
recipients:
  - Bộ KH&CN (B/c)
signature:
  collective: ỦY BAN NHÂN DÂN
  authority: KT
  head_title: CHỦ TỊCH
  signer: le-duc-tien
"""


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """Return ``text`` with each (old, new) applied once; fail loudly if ``old`` is not there."""
    for old, new in replacements:
        if text.count(old) != 1:
            raise AssertionError(f"{old!r} occurs {text.count(old)} times in the spec being edited")
        text = text.replace(old, new)
    return text


LHH_SIGNER = "  pho-chu-tich-lhh:\n    name: Trần Văn An\n    title: PHÓ CHỦ TỊCH\n    agency: lien-hiep-hoi\n"
"""A deputy of Liên hiệp các Hội, for ``write_project``'s ``signers``: a plan that body issues is signed
by one of its own (``spec.senders``)."""


def write_project(root: Path, spec: str | bytes, agencies: str | None = None, signers: str = "") -> Path:
    """Return the path of ``spec`` written to ``root/variables/plans/plan.yaml`` beside copies of
    the project's agencies.yaml (or the given text) and signers.yaml (with ``signers`` entries added)."""
    var_dir = root / "variables"
    (var_dir / "plans").mkdir(parents=True, exist_ok=True)
    if agencies is None:
        shutil.copy(VARIABLES / "agencies.yaml", var_dir / "agencies.yaml")
    else:
        (var_dir / "agencies.yaml").write_text(agencies, encoding="utf-8")
    (var_dir / "signers.yaml").write_bytes((VARIABLES / "signers.yaml").read_bytes() + signers.encode("utf-8"))
    path = var_dir / "plans" / "plan.yaml"
    if isinstance(spec, bytes):
        path.write_bytes(spec)
    else:
        path.write_text(spec, encoding="utf-8")
    return path
