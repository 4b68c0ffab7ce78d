"""Time ``khcn-docs check`` on a 10-page ND30 kế hoạch; goal: under 0.5 s.

Builds the document with the test fixtures' builder (header table, căn cứ, 100 body paragraphs,
a 20-row task table, signature table, page numbers), then times, best of N runs:

- baseline: python-docx opens the file and iterates every run of every paragraph (body and cells);
- in-process: ``khcn_docs.checks.check_document`` (the library call);
- subprocess: ``python -m khcn_docs check FILE`` (the whole CLI, interpreter start included).

Run: ``.venv/bin/python bench/bench_check.py [--runs N]``. Prints times and ratios to the baseline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

GOAL = 0.5
SENTENCE = ("Các sở, ban, ngành, Ủy ban nhân dân các huyện, thị xã, thành phố chủ động xây dựng kế "
            "hoạch chi tiết, bố trí nguồn lực, tổ chức triển khai thực hiện các nhiệm vụ khoa học và "
            "công nghệ được giao, định kỳ báo cáo kết quả về Sở Khoa học và Công nghệ.")


def build_document(path: Path) -> int:
    """Write a 10-page (LibreOffice count) conformant kế hoạch to ``path``; return its paragraph count."""
    from checks.conftest import build
    from docx.shared import Pt

    doc, h = build()
    anchor = h["closing"]
    for n in range(100):
        p = anchor.insert_paragraph_before(SENTENCE if n % 6 else f"{n // 6 + 1}. Nhiệm vụ số {n // 6 + 1}",
                                           style="NoiDung")
        p.runs[0].bold = not n % 6 or None
    table = doc.add_table(rows=21, cols=5)
    table.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = ("STT", "Nhiệm vụ", "Vai trò", "Kết quả", "Khó khăn")[c] if r == 0 else f"Ô {r}.{c}"
            cell.paragraphs[0].runs[0].font.size = Pt(12)
    anchor._p.addnext(table._tbl)
    doc.save(path)
    return len(doc.paragraphs)


def best(fn, runs: int) -> float:
    """Return the best wall time in seconds of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(path: Path) -> None:
    """Open with python-docx and touch every run's text (body and table cells)."""
    import docx

    doc = docx.Document(str(path))
    for p in doc.paragraphs:
        for r in p.runs:
            r.text
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for r in p.runs:
                        r.text


def main() -> None:
    """Build the document, time the three ways, print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ke-hoach-10-trang.docx"
        count = build_document(path)
        from khcn_docs.checks import check_document

        problems, kind = check_document(str(path))
        base = best(lambda: baseline(path), runs)
        lib = best(lambda: check_document(str(path)), runs)
        cli = best(lambda: subprocess.run([sys.executable, "-m", "khcn_docs", "check", str(path)],
                                          cwd=ROOT, capture_output=True, check=False), runs)
    print(f"document: {count} body paragraphs + 21-row table, kind {kind}, {len(problems)} problem(s)")
    print(f"baseline (python-docx open + iterate runs): {base * 1000:7.1f} ms")
    print(f"check_document (in-process):                {lib * 1000:7.1f} ms  ({lib / base:.1f}x baseline)")
    print(f"python -m khcn_docs check (subprocess):     {cli * 1000:7.1f} ms  ({cli / base:.1f}x baseline)")
    print(f"goal: under {GOAL} s -> {'met' if cli < GOAL else 'NOT met'} (best of {runs})")


if __name__ == "__main__":
    main()
