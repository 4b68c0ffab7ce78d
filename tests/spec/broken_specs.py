"""Kinds of broken spec, each an edit of ``tiny_spec.VALID`` with the problem it must produce.

Shared by the loader tests (every kind) and the command-line tests (a few representative kinds).
Positions are 1-based and refer to the edited text (see the line map in tiny_spec).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.spec.tiny_spec import VALID, VARIABLES, edit

_REGISTRY = (VARIABLES / "agencies.yaml").read_text(encoding="utf-8")
_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<field>\S+): (?P<message>.*)$")


@dataclass(frozen=True)
class Broken:
    """A broken spec (text or bytes), optionally a broken registry, and the expected problem."""

    kind: str
    spec: str | bytes
    line: int
    column: int
    field: str
    message: str                 # a fragment of the Vietnamese message
    in_registry: bool = False    # the problem is reported in agencies.yaml, not in the spec
    agencies: str | None = None  # registry text replacing the project's agencies.yaml


@dataclass(frozen=True)
class Reported:
    """One rendered problem line taken apart."""

    file: Path
    line: int
    column: int
    field: str
    message: str


def parse_problem(text: str) -> Reported:
    """Return the parts of ``file:line:col: field: message — hint``."""
    match = _PROBLEM.match(text)
    assert match, f"not a positioned problem: {text!r}"
    return Reported(Path(match["file"]).resolve(), int(match["line"]), int(match["column"]),
                    match["field"], match["message"])


def _registry(old: str, new: str) -> str:
    return edit(_REGISTRY, (old, new))


CASES: tuple[Broken, ...] = (
    Broken("revises-missing", edit(VALID, ("variables: ..\n", "variables: ..\nrevises: ke-hoach-goc.yaml\n")),
           2, 1, "revises", "không tìm thấy tệp kế hoạch được sửa đổi: "),
    Broken("revises-itself", edit(VALID, ("variables: ..\n", "variables: ..\nrevises: plan.yaml\n")),
           2, 1, "revises", "kế hoạch không thể sửa đổi chính nó"),
    Broken("yaml-tab-indentation", edit(VALID, ("  issuer: ubnd-tinh", "\tissuer: ubnd-tinh")),
           3, 1, "-", "tệp không đúng cú pháp YAML: có ký tự Tab trong phần thụt lề"),
    Broken("yaml-duplicate-key", edit(VALID, ("  drafting_unit: KGVX", "  drafting_unit: KGVX\n  year: 2025")),
           7, 3, "-", "khóa “year” bị lặp (đã có ở dòng 4)"),
    Broken("unknown-key", edit(VALID, ("  title:", "  titel:")),
           5, 3, "document.titel", "khóa “titel” không được hỗ trợ — có phải ý bạn là “title”?"),
    Broken("unknown-agency", edit(VALID, ("lead: [so-noi-vu]", "lead: [so-noi-vuu]")),
           17, 16, "body[0].children[1].lead[0]", "mã cơ quan “so-noi-vuu” không có trong danh mục"),
    Broken("unknown-group-in-spec", edit(VALID, ("lead: [so-ban-nganh]", "lead: [cac-so-nganh]")),
           11, 12, "body[0].lead[0]", "mã cơ quan “cac-so-nganh” không có trong danh mục"),
    Broken("unknown-group-in-registry", VALID, 97, 14, "agencies.so-tu-phap.groups[0]",
           "— có phải ý bạn là “so-ban-nganh”? khai báo nhóm",
           in_registry=True,
           agencies=_registry("    abbreviation: STP\n    parent: ubnd-tinh\n    groups: [so-ban-nganh]",
                              "    abbreviation: STP\n    parent: ubnd-tinh\n    groups: [so-ban-ngnah]")),
    Broken("unknown-merged-into", VALID, 47, 5, "agencies.so-tttt.merged_into",
           "có phải ý bạn là “so-khcn”? viết một mã có trong danh mục",
           in_registry=True, agencies=_registry("    merged_into: so-khcn ", "    merged_into: so-khcnn ")),
    Broken("registry-id-too-long", VALID, 93, 3, "agencies." + "so-tu-phap" + "-x" * 30,
           "quá dài (tối đa 64 ký tự) — viết ngắn lại, không quá 64 ký tự", in_registry=True,
           agencies=_registry("  so-tu-phap:\n", "  so-tu-phap" + "-x" * 30 + ":\n")),
    Broken("merged-and-dissolved", VALID, 49, 5, "agencies.so-tttt.dissolved_on",
           "một cơ quan hoặc hợp nhất vào cơ quan khác (merged_into), hoặc không còn (dissolved_on), không thể cả hai",
           in_registry=True, agencies=_registry("so-khcn  # kế hoạch từ 01/3/2025 ghi so-tttt: việc chuyển cho Sở KH&CN (kèm cảnh báo)\n    merged_on: 01/3/2025\n",
                                              "so-khcn\n    merged_on: 01/3/2025\n    dissolved_on: 01/7/2025\n")),
    Broken("agency-id-is-a-group", VALID, 23, 3, "agencies.truong-dh-cd",
           "mã cơ quan “truong-dh-cd” trùng mã của nhóm “các trường đại học, cao đẳng trên địa bàn tỉnh” (mục groups, "
           "dòng 19): kế hoạch ghi “truong-dh-cd” được hiểu là cả nhóm, cơ quan này không nhận nhiệm vụ nào — đặt cho "
           "cơ quan này một mã khác, ví dụ “truong-dai-hoc-cong-dong”", in_registry=True,
           agencies=_registry("agencies:\n", "agencies:\n  truong-dh-cd:\n    name: Trường Đại học Cộng đồng\n"
                                               "    abbreviation: TĐHCĐ\n    parent: ubnd-tinh\n")),
    Broken("merged-into-without-a-day", VALID, 47, 5, "agencies.so-tttt.merged_into",
           "có “merged_into” mà thiếu “merged_on”: không biết cơ quan hợp nhất từ ngày nào", in_registry=True,
           agencies=_registry("(kèm cảnh báo)\n    merged_on: 01/3/2025\n", "(kèm cảnh báo)\n")),
    Broken("merged-on-without-an-agency", VALID, 47, 5, "agencies.so-tttt.merged_on",
           "có “merged_on” mà thiếu “merged_into”", in_registry=True,
           agencies=_registry("    merged_into: so-khcn  # kế hoạch từ 01/3/2025 ghi so-tttt: việc chuyển cho Sở KH&CN (kèm cảnh báo)\n", "")),
    Broken("number-without-date", edit(VALID, ("  year: 2024", "  year: 2024\n  number: 135")),
           5, 3, "document.number", "có số mà chưa có ngày (“date”): văn bản đã ban hành có cả số và ngày"),
    Broken("date-without-number", edit(VALID, ("  year: 2024", "  date: 20/10/2024")),
           4, 3, "document.date", "có ngày (“date”) mà chưa có số (“number”): văn bản đã ban hành có cả số và ngày — ghi thêm “number: <số văn thư cấp>” "
           "(chỉ con số, ví dụ number: 135); còn là dự thảo thì bỏ “date” và ghi “year: 2024”"),
    Broken("dispatch-number-without-date", edit(VALID, ("  year: 2024", "  number: 5\n  date: 20/10/2024"))
           + "dispatch:\n  number: 45\n", 32, 3, "dispatch.number", "có số mà chưa có ngày (“date”)"),
    Broken("dispatch-numbers-without-date", edit(VALID, ("  year: 2024", "  number: 5\n  date: 20/10/2024"))
           + "dispatch:\n  numbers:\n    so-noi-vu: 46\n", 32, 3, "dispatch.numbers", "có số mà chưa có ngày (“date”)"),
    Broken("dispatch-numbers-shared", edit(VALID, ("  year: 2024", "  number: 46\n  date: 20/10/2024"))
           + "dispatch:\n  date: 21/10/2024\n  numbers:\n    so-noi-vu: 46\n    so-tai-chinh: 46\n", 35, 5,
           "dispatch.numbers.so-tai-chinh", "số 46 đã ghi cho công văn gửi “so-noi-vu” (dòng 34): mỗi công văn có một số riêng"),
    Broken("unknown-signer", edit(VALID, ("signer: le-duc-tien", "signer: nguyen-van-a")),
           29, 3, "signature.signer", "người ký “nguyen-van-a” không có trong signers.yaml"),
    Broken("impossible-date", edit(VALID, ("  year: 2024", "  date: 30/02/2024")),
           4, 3, "document.date", "ngày “30/02/2024” không hợp lệ"),
    Broken("date-wrong-format", edit(VALID, ("  year: 2024", "  date: 15-11-2024 abc")),
           4, 3, "document.date", "ngày “15-11-2024 abc” không hợp lệ"),
    Broken("empty-title", edit(VALID, ("title: Kế hoạch thử nghiệm", 'title: "   "')),
           5, 3, "document.title", "không được để trống"),
    Broken("missing-required-field", edit(VALID, ("  via: so-khcn\n", "")),
           19, 1, "reporting.via", "thiếu trường bắt buộc — thêm dòng “via: …”"),
    Broken("duplicate-task-id", edit(VALID, ("task: t-2", "task: t-1")),
           16, 9, "body[0].children[1].task", "mã nhiệm vụ “t-1” bị trùng (đã dùng ở dòng 14)"),
    Broken("number-not-a-number", edit(VALID, ("  year: 2024", "  year: 2024\n  number: abc")),
           5, 3, "document.number", "phải là số nguyên, nhận được “abc”"),
    Broken("lead-as-string", edit(VALID, ("lead: [so-noi-vu]", "lead: so-noi-vu")),
           17, 9, "body[0].children[1].lead", "phải là một danh sách"),
    Broken("node-with-two-kinds", edit(VALID, ("        task: t-1", "        task: t-1\n        paragraph: Đoạn văn.")),
           13, 9, "body[0].children[0]", "phải có đúng một trong các khóa section, point, item, paragraph (đang có: item,paragraph)"),
    Broken("reporting-31-april", edit(VALID, ("day: 15", "day: 31"), ("month: 11", "month: 4")),
           20, 3, "reporting.day", "ngày 31/4 không có thật"),
    Broken("collective-with-its-prefix", edit(VALID, ("  collective: ỦY BAN", "  collective: TM. ỦY BAN")),
           26, 3, "signature.collective", "“TM.” ở đầu “collective” sẽ in hai lần"),
    Broken("head-title-with-its-prefix", edit(VALID, ("  head_title: CHỦ TỊCH", "  head_title: kt. CHỦ TỊCH")),
           28, 3, "signature.head_title", "“kt.” ở đầu “head_title” sẽ in hai lần"),
    Broken("kt-without-head-title", edit(VALID, ("  head_title: CHỦ TỊCH\n", "")),
           25, 1, "signature", "thì phải có “head_title”"),
    Broken("year-mismatch", edit(VALID, ("  year: 2024", "  year: 2024\n  date: 15/11/2023\n  number: 5")),
           5, 3, "document.date", "“year” khác với năm của “date”"),
    Broken("drafting-unit-lower-case", edit(VALID, ("drafting_unit: KGVX", "drafting_unit: kgvx")),
           6, 3, "document.drafting_unit", "“kgvx” sai dạng"),
    Broken("not-utf8", VALID.encode("utf-8").replace("Kế hoạch".encode("utf-8"), b"K\xea ho\xe1ch"),  # Latin-1
           5, 11, "-", "tệp không phải UTF-8: từ chỗ này có ký tự không đọc được (dòng này đọc ra “title: K� ho�ch"),
    Broken("empty-file", "", 1, 1, "-", "tệp rỗng (không có nội dung, hoặc chỉ có dòng ghi chú “#”) — tệp kế hoạch cần "
           "các khóa document, body, reporting, recipients và signature"),
    Broken("comments-only-file", "# Kế hoạch\n\n", 1, 1, "-", "tệp rỗng"),
    Broken("number-with-its-symbol", edit(VALID, ("  year: 2024", "  number: 135/KH-UBND\n  date: 20/10/2024")),
           4, 3, "document.number", "phải là số nguyên, nhận được “135/KH-UBND” — chỉ ghi con số: “number: 135”; "
           "ký hiệu (như /KH-UBND, /SKHCN-QLKH) do khcn-docs tự thêm"),
    Broken("dispatch-number-with-its-symbol", edit(VALID, ("  year: 2024", "  number: 135\n  date: 20/10/2024"))
           + "dispatch:\n  date: 21/10/2024\n  numbers: {so-noi-vu: 46/SKHCN-QLKH}\n", 33, 13,
           "dispatch.numbers.so-noi-vu", "chỉ ghi con số: “so-noi-vu: 46”"),
    Broken("number-in-hex", edit(VALID, ("  year: 2024", "  number: 0x10\n  date: 20/10/2024")),
           4, 3, "document.number", "nhận được “0x10” — viết số chỉ bằng các chữ số 0–9"),
    Broken("agency-by-its-name", edit(VALID, ("lead: [so-noi-vu]", "lead: [Sở Nội vụ]")),
           17, 16, "body[0].children[1].lead[0]", "mã cơ quan “Sở Nội vụ” không có trong danh mục"),
    Broken("agency-by-its-abbreviation", edit(VALID, ("  via: so-khcn", "  via: SKHCN")),
           22, 3, "reporting.via", "— có phải ý bạn là “so-khcn”?"),
    Broken("agency-id-in-capitals", edit(VALID, ("lead: [so-noi-vu]", "lead: [SO-NOI-VU]")),
           17, 16, "body[0].children[1].lead[0]", "— có phải ý bạn là “so-noi-vu”?"),
    Broken("group-as-issuer", edit(VALID, ("  issuer: ubnd-tinh", "  issuer: so-ban-nganh")),
           3, 3, "document.issuer", "“so-ban-nganh” là mã một nhóm (các Sở, ban, ngành cấp tỉnh), không phải một cơ quan"),
    Broken("issuer-without-a-place", edit(VALID, ("  issuer: ubnd-tinh", "  issuer: lien-hiep-hoi")),
           3, 3, "document.issuer", "không biết địa danh ghi trước ngày tháng: Liên hiệp các Hội khoa học và kỹ thuật"
           " tỉnh (lien-hiep-hoi) và cơ quan chủ quản của nó không có “place:” trong danh mục"),
    Broken("merged-into-a-group", VALID, 47, 5, "agencies.so-tttt.merged_into",
           "“so-ban-nganh” là mã một nhóm (các Sở, ban, ngành cấp tỉnh), không phải một cơ quan: “merged_into” phải là "
           "mã của một cơ quan — ghi mã của một cơ quan", in_registry=True,
           agencies=_registry("    merged_into: so-khcn ", "    merged_into: so-ban-nganh ")),
    Broken("list-at-top-level", "- document\n- body\n", 1, 1, "-", "nội dung tệp phải là một bảng khóa: giá trị"),
    Broken("task-id-with-diacritics", edit(VALID, ("task: t-1", "task: nhiệm-vụ-1")),
           14, 9, "body[0].children[0].task", "“nhiệm-vụ-1” sai dạng"),
    Broken("agency-id-with-capitals", edit(VALID, ("lead: [so-noi-vu]", "lead: [So-Noi-Vu]")),
           17, 16, "body[0].children[1].lead[0]", "mã cơ quan “So-Noi-Vu” không có trong danh mục"),
    Broken("task-without-agency", edit(VALID, ("    lead: [so-ban-nganh]", "    # chưa ghi cơ quan chủ trì")),
           14, 9, "body[0].children[0].task", "nhiệm vụ “t-1” chưa có cơ quan chủ trì hoặc phối hợp"),
    Broken("number-where-text-is-expected", edit(VALID, ("title: Kế hoạch thử nghiệm", "title: 2024")),
           5, 3, "document.title", "phải là văn bản, nhận được số 2024"),
    Broken("yes-where-text-is-expected", edit(VALID, ("title: Kế hoạch thử nghiệm", "title: yes")),
           5, 3, "document.title", "phải là văn bản, nhận được giá trị đúng/sai"),
    Broken("yes-where-a-number-is-expected", edit(VALID, ("  day: 15", "  day: yes")),
           20, 3, "reporting.day", "phải là số nguyên, nhận được giá trị đúng/sai"),
    Broken("mapping-where-a-number-is-expected", edit(VALID, ("  year: 2024", "  year: {a: 1}")),
           4, 3, "document.year", "phải là số nguyên, nhận được một bảng khóa: giá trị"),
    Broken("list-where-a-choice-is-expected", edit(VALID, ("  authority: KT", "  authority: [KT]")),
           27, 3, "signature.authority", "“[KT]” không hợp lệ — viết một trong: KT, TL, TUQ, Q"),
    Broken("empty-body", edit(VALID, (VALID[VALID.index("body:"):VALID.index("reporting:")], "body: []\n")),
           9, 1, "body", "cần ít nhất 1 mục"),
    Broken("date-year-typo", edit(VALID, ("  year: 2024", "  number: 5\n  date: 20/12/9999")),
           5, 3, "document.date", "ngày “20/12/9999” nằm ngoài khoảng 01/01/1945 – 31/12/2200 — kiểm tra lại năm"),
    Broken("registry-date-year-typo", VALID, 48, 5, "agencies.so-tttt.merged_on",
           "ngày “31/12/9999” nằm ngoài khoảng 01/01/1945 – 31/12/2200", in_registry=True,
           agencies=_registry("(kèm cảnh báo)\n    merged_on: 01/3/2025\n", "(kèm cảnh báo)\n    merged_on: 31/12/9999\n")),
    Broken("reporting-29-february", edit(VALID, ("day: 15", "day: 29"), ("month: 11", "month: 2")),
           20, 3, "reporting.day", "hạn báo cáo hằng năm không thể là ngày 29/2: năm không nhuận không có ngày này"
           " — chọn một ngày có trong mọi năm, ví dụ day: 28, month: 2"),
    Broken("report-year-before-the-plans-year", edit(VALID, ("  via: so-khcn\n", "  via: so-khcn\n  years: [2023, 2024]\n")),
           23, 11, "reporting.years[0]", "năm báo cáo 2023 có trước báo cáo đầu tiên của kế hoạch (ban hành năm 2024): "
           "báo cáo đầu tiên là báo cáo năm 2024, hạn 15/11/2024 — bỏ năm 2023, ví dụ: years: [2024]"),
    Broken("report-due-before-the-plan", edit(VALID, ("  year: 2024", "  number: 5\n  date: 20/12/2024"),
                                              ("  via: so-khcn\n", "  via: so-khcn\n  years: [2025, 2024]\n")),
           24, 17, "reporting.years[1]", "năm báo cáo 2024 có trước báo cáo đầu tiên của kế hoạch (ban hành ngày "
           "20/12/2024): báo cáo đầu tiên là báo cáo năm 2025, hạn 17/11/2025 (15/11/2025 là ngày nghỉ) — bỏ năm 2024, ví dụ: years: [2025]"),
    Broken("report-due-on-the-plans-day", edit(VALID, ("  year: 2024", "  number: 5\n  date: 15/11/2024"),
                                               ("  via: so-khcn\n", "  via: so-khcn\n  years: [2024]\n")),
           24, 11, "reporting.years[0]", "báo cáo đầu tiên là báo cáo năm 2025, hạn 17/11/2025 (15/11/2025 là ngày nghỉ)"),
)

_BOMB = "".join([f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 10) + "]\n" for i in range(1, 7)])

# YAML mistakes a clerk makes, each said in the clerk's words (not libyaml's English) at the place
# to look; the last four are files this tool refuses to expand (a stack or memory exhausted otherwise).
YAML_MISTAKES: tuple[Broken, ...] = (
    Broken("colon-inside-a-value", edit(VALID, ("title: Kế hoạch thử nghiệm", "title: Kế hoạch: thử nghiệm")),
           5, 18, "-", "dấu “:” ở đây bị hiểu là bắt đầu một khóa mới"),
    Broken("value-starting-with-a-star", edit(VALID, ("title: Kế hoạch thử nghiệm", "title: *Kế hoạch* thử nghiệm")),
           5, 12, "-", "giá trị bắt đầu bằng dấu “*” bị hiểu là một tham chiếu YAML"),
    Broken("ascii-value-starting-with-a-star", edit(VALID, ("title: Kế hoạch thử nghiệm", "title: *Ke hoach* thu nghiem")),
           5, 10, "-", "giá trị bắt đầu bằng dấu “*” bị hiểu là một tham chiếu YAML"),
    Broken("quote-left-open-before-another-quote",
           edit(VALID, ("title: Kế hoạch thử nghiệm", 'title: "Kế hoạch thử nghiệm'), ("- Bộ KH&CN (B/c)", '- "Bộ KH&CN (B/c)"')),
           5, 10, "-", "dấu ngoặc mở ở đây có lẽ chưa được đóng: phần trong ngoặc kéo dài tới dòng 24"),
    Broken("value-starting-with-at", edit(VALID, ("drafting_unit: KGVX", "drafting_unit: @KGVX")),
           6, 18, "-", "giá trị không được bắt đầu bằng ký tự “@”"),
    Broken("text-after-block-marker", edit(VALID, ("title: Kế hoạch thử nghiệm", "title: | Kế hoạch thử nghiệm")),
           5, 12, "-", "sau dấu “|” hoặc “>” không được viết tiếp nội dung trên cùng dòng"),
    Broken("bracket-not-closed", edit(VALID, ("lead: [so-ban-nganh]", "lead: [so-ban-nganh")),
           11, 11, "-", "danh sách hoặc bảng viết trong ngoặc [ ] hay { } chưa được đóng"),
    Broken("bracket-left-open-at-the-end", VALID + "x: [\n", 31, 1, "-",
           "danh sách hoặc bảng viết trong ngoặc [ ] hay { } chưa được đóng"),  # was libyaml's "node content"
    Broken("two-documents", VALID + "---\nx: 1\n", 30, 1, "-", "tệp có nhiều hơn một phần YAML (dòng “---”)"),
    Broken("unknown-escape-in-double-quotes", edit(VALID, ("title: Kế hoạch thử nghiệm", 'title: "Kế hoạch \\d"')),
           5, 20, "-", "trong ngoặc kép, dấu “\\” phải đi với một ký tự điều khiển"),
    Broken("key-indented-too-little", edit(VALID, ("    lead: [so-ban-nganh]", "   lead: [so-ban-nganh]")),
           11, 4, "-", "thụt lề không khớp với các dòng trên, hoặc thiếu dấu “:” sau khóa"),
    Broken("alias-inside-itself", VALID + "x: &a [1, *a]\n", 30, 4, "-", "tham chiếu (*…) trỏ vào chính mục chứa nó"),
    Broken("aliases-expanding-to-a-million-values", VALID + "b0: &b0 x\n" + _BOMB, 31, 5, "-",
           "tệp có hơn 100 000 giá trị sau khi mở các tham chiếu (&…, *…)"),
    Broken("nested-too-deep", VALID + "x: " + "[" * 70 + "]" * 70 + "\n", 30, 67, "-", "các mục lồng nhau quá 64 cấp"),
    # YAML signs where a value starts: said as "@" and "%" are, not in libyaml's English
    Broken("value-starting-with-ampersand", edit(VALID, ("item: Tổ chức tuyên truyền.", "item: &Tổ chức tuyên truyền.")),
           13, 15, "-", "giá trị không được bắt đầu bằng ký tự “&”"),  # was "did not find expected alphabetic …"
    Broken("value-starting-with-exclamation", edit(VALID, ("item: Tổ chức tuyên truyền.", "item: !Tổ chức tuyên truyền.")),
           13, 15, "-", "giá trị không được bắt đầu bằng ký tự “!”"),  # was "did not find expected whitespace …"
    Broken("value-starting-with-closing-bracket", edit(VALID, ("item: Tổ chức tuyên truyền.", "item: ]Tổ chức tuyên truyền.")),
           13, 15, "-", "giá trị không được bắt đầu bằng ký tự “]”"),  # was "did not find expected node content"
    Broken("value-starting-with-question-mark", edit(VALID, ("item: Tổ chức tuyên truyền.", "item: ? Tổ chức tuyên truyền.")),
           13, 15, "-", "giá trị không được bắt đầu bằng ký tự “?”"),  # was "mapping keys are not allowed …"
    Broken("colon-ending-a-bracketed-value",
           edit(VALID, ("opening:\n  - Thực hiện Quyết định số 709/QĐ-TTg.", "opening: [Thực hiện QĐ, Ủy ban như sau:]")),
           7, 39, "-", "dấu “:” cuối một giá trị viết trong ngoặc [ ] hay { } bị hiểu là dấu sau khóa"),  # "found unexpected ':'"
    # a value starting with a quoted phrase: not an indentation problem
    Broken("value-starting-with-a-quoted-phrase",
           edit(VALID, ("item: Tổ chức tuyên truyền.", 'item: "Ngày hội" khởi nghiệp sáng tạo')),
           13, 15, "-", "giá trị bắt đầu bằng cụm chữ trong ngoặc (“Ngày hội”) rồi viết tiếp sau dấu ngoặc đóng"),
    Broken("quoted-value-with-straight-quotes-inside",
           edit(VALID, ("item: Tổ chức tuyên truyền.", 'item: "Triển khai "văn bản" điện tử"')),
           13, 15, "-", "giá trị bắt đầu bằng cụm chữ trong ngoặc (“Triển khai”) rồi viết tiếp sau dấu ngoặc đóng"),
    Broken("title-starting-with-a-single-quoted-phrase",
           edit(VALID, ("title: Kế hoạch thử nghiệm", "title: 'Ngày hội' khởi nghiệp")),
           5, 10, "-", "giá trị bắt đầu bằng cụm chữ trong ngoặc (“Ngày hội”)"),
    Broken("nested-past-libyaml-limit", VALID + "x: " + "[" * 1000 + "]" * 1000 + "\n", 30, 1003, "-",
           "các mục lồng nhau quá 64 cấp"),  # was libyaml's English "exceeded maximum nesting depth"
)

# Cases that once were wrong in the loader, now fixed: kept as a table of their own for history.
FIXED_GAPS: tuple[Broken, ...] = (
    # an unclosed quote is reported where the quote opens, not at the end of the stream
    Broken("yaml-unclosed-quote", edit(VALID, ("title: Kế hoạch thử nghiệm", 'title: "Kế hoạch thử nghiệm')),
           5, 10, "-", "không đúng cú pháp YAML"),
    # registry ids are checked against the id pattern
    Broken("registry-id-with-diacritics", VALID, 93, 3, "agencies.Sở-Tư-Pháp", "sai dạng", in_registry=True,
           agencies=_registry("  so-tu-phap:\n", "  Sở-Tư-Pháp:\n")),
)


def by_kind(kind: str) -> Broken:
    """Return the case named ``kind``."""
    return next(c for c in CASES + FIXED_GAPS if c.kind == kind)
