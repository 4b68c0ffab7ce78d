"""ND30 conformance checker: reads any .docx and names each deviation from Nghị định 30/2020/NĐ-CP.

Pipeline: ``reader`` (flat model with effective formatting from ``styles``) -> ``layout``
(header, title, body, signature, kind) -> ``rules`` (one module per rule, settings from
``defaults.yaml``) -> ``runner`` (text or JSON report).
"""

from __future__ import annotations

from khcn_docs.checks.runner import Report, check_document, check_files

__all__ = ["Report", "check_document", "check_files"]
