"""The JSON Schema of a plan spec, so that editors can check a spec while the clerk types it.

It is pydantic's schema of ``PlanSpec`` plus what the models check in code and editors can check
too: clerk-style dates (``15/11/2024``), exactly one of section/point/item/paragraph per body
entry, ``head_title`` with KT./TL./TUQ./Q., a number with its date, whole numbers also in quotes, and a short Vietnamese description of each key.
"""

from __future__ import annotations

from typing import Any

from khcn_docs.spec.models import PlanSpec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "Tệp kế hoạch khcn-docs / khcn-docs plan spec"
NODE_KINDS = ("section", "point", "item", "paragraph")
_ISO = r"^\d{4}-\d{2}-\d{2}$"  # the shape of ``format: date``, for validators that only annotate formats
_DMY = r"^(?:\d{1,2}([/.-])\d{1,2}\1\d{4}|\d{4}-\d{1,2}-\d{1,2})$"
"""15/11/2024, 15-11-2024, 15.11.2024, 2024-11-5 (as ``vn.parse_date``)"""
_DIGITS = r"^\s*\+?\d+\s*$"
"""A whole number written in quotes (``number: "135"``, ``"0135"``), as the loader reads it."""
BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
"""pydantic's names for bounds it leaves untranslated (after a BeforeValidator) -> JSON Schema's."""

# (model, field) -> description shown by editors; "" model means the top level.
DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("", "variables"): "Thư mục chứa agencies.yaml và signers.yaml, tính từ thư mục của tệp này (mặc định “..”).",
    ("", "revises"): "Tệp kế hoạch mà kế hoạch này sửa đổi, bổ sung (tính từ thư mục của tệp này), ví dụ "
                     "ke-hoach-709.yaml: báo cáo, đôn đốc của mọi bản ghi chung một sổ theo dõi.",
    ("", "document"): "Thông tin văn bản: cơ quan ban hành, số, ngày, địa danh, trích yếu.",
    ("", "opening"): "Các đoạn mở đầu (“Thực hiện …”); viết *chữ* để in nghiêng, **chữ** để in đậm, \\* cho một dấu * liền trước chữ.",
    ("", "can_cu"): "Các dòng căn cứ, nếu kế hoạch có.",
    ("", "body"): "Nội dung: các mục lồng nhau (section, point, item, paragraph).",
    ("", "reporting"): "Chế độ báo cáo hằng năm: ngày, tháng và cơ quan tổng hợp.",
    ("", "recipients"): "Nơi nhận, mỗi dòng một nơi, không ghi “- ” và “;”; dòng “- Lưu” tự thêm.",
    ("", "signature"): "Khối chữ ký của kế hoạch.",
    ("", "dispatch"): "Công văn triển khai gửi từng cơ quan.",
    ("DocumentMeta", "issuer"): "Mã cơ quan ban hành trong agencies.yaml, ví dụ ubnd-tinh.",
    ("DocumentMeta", "number"): "Số văn bản; để trống khi còn là dự thảo.",
    ("DocumentMeta", "date"): "Ngày ban hành, dạng 15/11/2024; để trống khi còn là dự thảo.",
    ("DocumentMeta", "year"): "Năm ghi trên văn bản (bắt buộc khi chưa có ngày ban hành).",
    ("DocumentMeta", "place"): "Địa danh trước ngày tháng; mặc định là địa danh của cơ quan ban hành.",
    ("DocumentMeta", "title"): "Trích yếu nội dung (dòng dưới tên loại văn bản).",
    ("DocumentMeta", "drafting_unit"): "Viết tắt đơn vị soạn thảo, in ở dòng “- Lưu: VT, …”, ví dụ KGVX.",
    ("Node", "section"): "Đề mục có số tự động: I. → 1. → a).",
    ("Node", "point"): "Đoạn văn có đánh số (1., 2. …).",
    ("Node", "item"): "Gạch đầu dòng “-” (“+” khi nằm trong một item khác).",
    ("Node", "paragraph"): "Đoạn văn không đánh số.",
    ("Node", "task"): "Mã nhiệm vụ, duy nhất trong kế hoạch, ví dụ II.2.c-1.",
    ("Node", "lead"): "Cơ quan chủ trì: mã cơ quan hoặc mã nhóm; thay cho lead/support của đề mục chứa nó.",
    ("Node", "support"): "Cơ quan phối hợp: mã cơ quan hoặc mã nhóm.",
    ("Node", "deadline"): "Thời hạn, chỉ ghi khi văn bản có nêu; in sau nhiệm vụ trong công văn triển khai và biểu mẫu báo cáo.",
    ("Node", "product"): "Sản phẩm, chỉ ghi khi văn bản có nêu; in sau nhiệm vụ như thời hạn.",
    ("Node", "children"): "Các mục con.",
    ("Reporting", "day"): "Ngày báo cáo hằng năm.",
    ("Reporting", "month"): "Tháng báo cáo hằng năm.",
    ("Reporting", "via"): "Mã cơ quan tổng hợp báo cáo (báo cáo “qua” cơ quan này).",
    ("Reporting", "to"): "Mã cơ quan nhận báo cáo; mặc định là cơ quan ban hành.",
    ("Reporting", "signature"): "Khối chữ ký của công văn đôn đốc (cơ quan theo dõi ký); bỏ trống: như công văn "
                                "triển khai khi cơ quan theo dõi gửi, không thì người đứng đầu cơ quan theo dõi.",
    ("Reporting", "years"): "Các năm cần tạo biểu mẫu báo cáo (ví dụ [2024, 2025]); mặc định là năm ban hành.",
    ("Signature", "collective"): "Tập thể lãnh đạo khi ký thay mặt (TM.), ví dụ ỦY BAN NHÂN DÂN.",
    ("Signature", "authority"): "Thẩm quyền ký: KT (ký thay), TL (thừa lệnh), TUQ (thừa ủy quyền), Q (quyền).",
    ("Signature", "head_title"): "Chức danh người đứng đầu sau KT./TL./TUQ./Q., ví dụ CHỦ TỊCH.",
    ("Signature", "signer"): "Mã người ký trong signers.yaml.",
    ("Dispatch", "sender"): "Ai gửi công văn: monitor (cơ quan tổng hợp) hoặc issuer (cơ quan ban hành).",
    ("Dispatch", "unit"): "Viết tắt đơn vị soạn công văn, in trong ký hiệu, ví dụ QLKH: một đơn vị (units) của "
                          "cơ quan gửi trong danh mục; bỏ trống: đơn vị đầu tiên của cơ quan đó.",
    ("Dispatch", "signature"): "Khối chữ ký của công văn; signer là mã một người của cơ quan gửi trong signers.yaml; "
                               "bỏ trống: cơ quan ban hành gửi thì dùng khối chữ ký của kế hoạch.",
    ("Dispatch", "number"): "Số công văn do văn thư cấp, chung cho mọi công văn của đợt; để trống khi còn là dự thảo.",
    ("Dispatch", "numbers"): "Số riêng của từng công văn: mã cơ quan → số (thay cho number với cơ quan đó).",
    ("Dispatch", "dates"): "Ngày riêng của công văn gửi sau đợt (cơ quan nhận nhiệm vụ sau khi đợt đã ban hành): mã cơ quan → ngày; cơ quan đó cần có số riêng trong numbers.",
    ("Dispatch", "date"): "Ngày của công văn, dạng 15/11/2024; để trống khi còn là dự thảo.",
    ("Dispatch", "reminder_days"): "Số ngày: hạn mới ghi trong công văn đôn đốc, và khoảng cách giữa hai lần đôn đốc.",
}


# model -> its description (editors show it over the block); "" is the whole file. Without these,
# pydantic would show each model's docstring: English, written for developers.
MODEL_DESCRIPTIONS: dict[str, str] = {
    "": "Tệp kế hoạch: nội dung kế hoạch và những gì công văn triển khai, biểu mẫu báo cáo của từng cơ quan cần.",
    "DocumentMeta": "Thông tin văn bản: cơ quan ban hành, số và ngày (để trống khi còn là dự thảo), địa danh, "
                    "trích yếu, đơn vị soạn thảo.",
    "Node": "Một mục của nội dung: đề mục có số (section), đoạn có số (point), gạch đầu dòng (item) hoặc đoạn "
            "văn (paragraph); nhiệm vụ (task) với cơ quan chủ trì, phối hợp; các mục con (children).",
    "Reporting": "Chế độ báo cáo hằng năm: ngày, tháng, cơ quan tổng hợp và cơ quan nhận báo cáo.",
    "Signature": "Khối chữ ký: TM. <tập thể>, rồi KT./TL./TUQ./Q. <chức danh người đứng đầu>, rồi chức vụ và "
                 "họ tên người ký (signers.yaml).",
    "Dispatch": "Công văn triển khai gửi từng cơ quan: ai gửi, số và ngày, người ký, số ngày của hạn đôn đốc.",
}


def spec_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a plan spec, as a JSON-ready dict."""
    schema = PlanSpec.model_json_schema()
    defs = schema.get("$defs", {})
    _describe(schema, defs)
    _accept_clerk_dates(schema)
    _json_schema_bounds(schema)
    _accept_quoted_numbers(schema)
    defs["Node"]["oneOf"] = [{"required": [kind]} for kind in NODE_KINDS]
    defs["Signature"]["if"] = {"required": ["authority"], "properties": {"authority": {"type": "string"}}}
    defs["Signature"]["then"] = {"required": ["head_title"]}
    defs["DocumentMeta"]["dependentRequired"] = {"number": ["date"], "date": ["number"]}  # issued: both
    defs["Dispatch"]["dependentRequired"] = {"number": ["date"], "numbers": ["date"]}  # dated, numbered later
    return {"$schema": DRAFT, **schema, "title": TITLE}


def _describe(schema: dict, defs: dict) -> None:
    """Add the descriptions of MODEL_DESCRIPTIONS to the file and its models, and of DESCRIPTIONS to
    their properties; a model the table does not describe keeps none (never its English docstring)."""
    for model in ("", *defs):
        owner = schema if not model else defs[model]
        owner.pop("description", None)
        if model in MODEL_DESCRIPTIONS:
            owner["description"] = MODEL_DESCRIPTIONS[model]
    for (model, field), text in DESCRIPTIONS.items():
        owner = schema if not model else defs[model]
        owner["properties"][field]["description"] = text


def _json_schema_bounds(node: Any) -> None:
    """Rename pydantic's ``ge``/``le`` left in a number's schema to ``minimum``/``maximum``, which
    editors check (they ignore unknown keywords, so a number out of range went unmarked)."""
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            for ours, theirs in BOUNDS.items():
                if ours in node:
                    node[theirs] = node.pop(ours)
        for value in node.values():
            _json_schema_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _json_schema_bounds(value)


def _accept_quoted_numbers(node: Any) -> None:
    """Let every ``integer`` also be written as quoted decimal digits (``number: "135"``), which
    the loader reads as that number; the bounds are checked on the unquoted form only (the build
    checks both)."""
    if isinstance(node, dict):
        for value in node.values():
            _accept_quoted_numbers(value)
        if node.get("type") == "integer":
            number = {key: node.pop(key) for key in list(node) if key not in ("title", "description", "default")}
            node["anyOf"] = [number, {"type": "string", "pattern": _DIGITS}]
    elif isinstance(node, list):
        for value in node:
            _accept_quoted_numbers(value)


def _accept_clerk_dates(node: Any) -> None:
    """Let every ``format: date`` string also be written ``dd/mm/yyyy`` (as the loader accepts)."""
    if isinstance(node, dict):
        if node.get("format") == "date" and node.get("type") == "string":
            del node["format"]
            node["anyOf"] = [{"format": "date", "pattern": _ISO}, {"pattern": _DMY}]
        for value in node.values():
            _accept_clerk_dates(value)
    elif isinstance(node, list):
        for value in node:
            _accept_clerk_dates(value)
