"""Benchmark PDF conversion: batched ``pdf.convert`` against one soffice per file.

Usage::

    .venv/bin/python bench/bench_pdf.py                 # the bundled example's full packet (built here)
    .venv/bin/python bench/bench_pdf.py --docs DIR      # every .docx under DIR
    .venv/bin/python bench/bench_pdf.py --generate      # always the 40 generated letters
    .venv/bin/python bench/bench_pdf.py --workers 2,3 --batch-sizes 0,10 --sample 8

The documents are copied to a temp folder first (``convert`` writes PDFs next to them).
The first ``convert`` call of the process also creates the LibreOffice profiles, as a CLI run
does; it is reported as "cold". Goals (issue 5): at least 10x faster than one soffice per file
and at most 0.1 s per document on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.shared import Mm  # noqa: E402

from khcn_docs import pdf  # noqa: E402
from khcn_docs.bundle import write_bundle  # noqa: E402
from tests.pdf.docxgen import new_document  # noqa: E402

AGENCIES = ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở Công Thương", "Sở Tài nguyên và Môi trường", "Sở Xây dựng", "Sở Nội vụ",
            "Sở Giao thông vận tải", "Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội",
            "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư", "Sở Tư pháp", "Ban Dân tộc",
            "Thanh tra tỉnh", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "UBND huyện Hải Lăng",
            "UBND thành phố Đông Hà"]
TASK = ("Triển khai ứng dụng tiến bộ khoa học và công nghệ, đổi mới sáng tạo trong lĩnh vực {a}; "
        "ưu tiên chuyển đổi số, nâng cao năng suất, chất lượng sản phẩm, hàng hóa của tỉnh Quảng Trị.")


def _header_table(document, agency: str) -> None:
    """Add the two-column ND30 header (issuing body | Quốc hiệu, Tiêu ngữ); return None."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    for column, width in zip(table.columns, (Mm(70), Mm(95))):
        column.width = width
        for cell in column.cells:
            cell.width = width
    left, right = table.rows[0].cells
    left.text = "UBND TỈNH QUẢNG TRỊ\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 12/SKHCN-QLKH"
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Trị, ngày 05 tháng 3 năm 2025"
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"Kính gửi: {agency}").alignment = WD_ALIGN_PARAGRAPH.CENTER


def _task_table(document, agency: str, rows: int) -> None:
    """Add a task table (STT, task, deadline) of ``rows`` rows; return None."""
    table = document.add_table(rows=rows + 1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Nhiệm vụ", "Thời hạn")):
        cell.text = text
    for i in range(rows):
        cells = table.rows[i + 1].cells
        cells[0].text, cells[1].text, cells[2].text = str(i + 1), TASK.format(a=agency), f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/2025"


def realistic_docx(path: Path, agency: str, index: int) -> Path:
    """Write a 2-3 page dispatch letter for ``agency`` (header table, body, task table); return it."""
    document = new_document(page_numbers=True)
    _header_table(document, agency)
    document.add_paragraph(f"V/v triển khai kế hoạch khoa học và công nghệ năm 2025 ({index})")
    for i in range(5 + index % 4):
        document.add_paragraph(f"{i + 1}. " + TASK.format(a=agency) * 2)
    _task_table(document, agency, 5 + index % 5)
    document.add_paragraph("Nơi nhận:\n- Như trên;\n- UBND tỉnh (b/c);\n- Lưu: VT, QLKH.")
    document.add_paragraph("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n\nNguyễn Văn Ơn").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def gather(docs_dir: Path | None, count: int, work: Path) -> list[Path]:
    """Return the .docx files under ``docs_dir`` copied to ``work``, or, when it has none
    (or is None), ``count`` generated ones."""
    found = sorted(docs_dir.rglob("*.docx")) if docs_dir and docs_dir.is_dir() else []
    found = [p for p in found if not p.name.startswith("~$")]
    if found:
        print(f"documents: {len(found)} .docx from {docs_dir}")
        copies = [work / p.relative_to(docs_dir) for p in found]
        for src, dst in zip(found, copies):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
        return copies
    print(f"documents: {count} generated 2-3 page Vietnamese dispatch letters")
    return [realistic_docx(work / f"co-quan-{i % len(AGENCIES):02d}" / f"cong-van-{i:02d}.docx",
                           AGENCIES[i % len(AGENCIES)], i) for i in range(count)]


def bundled_packet(out: Path) -> Path:
    """Build the bundled example's packet (.docx only) into ``out``; return its folder."""
    from khcn_docs.build import build

    return build(ROOT / "variables" / "plans" / "ke-hoach-709.yaml", out, templates=ROOT / "templates").folder


def timed_convert(paths: list[Path], workers: int, batch_size: int | None) -> float:
    """Run ``pdf.convert`` and return seconds per document (exits if any document failed)."""
    report = pdf.convert(paths, workers=workers, batch_size=batch_size or None)
    if report.failed:
        sys.exit(f"conversion failed: {report.failed}")
    return report.seconds / len(paths)


def baseline(paths: list[Path], out: Path) -> float:
    """Convert each file with its own soffice process; return seconds per document."""
    exe = pdf.find_soffice()
    out.mkdir(exist_ok=True)
    profile = (out / "profile").as_uri()
    started = time.monotonic()
    for path in paths:
        subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(out), str(path)],
                       check=True, capture_output=True)
    return (time.monotonic() - started) / len(paths)


def bundle_time(paths: list[Path], out: Path) -> tuple[float, int]:
    """Bundle every PDF grouped by folder; return (seconds, pages)."""
    groups: dict[str, list] = {}
    for path in paths:
        groups.setdefault(path.parent.name, []).append((path.stem, path.with_suffix(".pdf")))
    started = time.monotonic()
    pages = write_bundle(out / "bundle.pdf", sorted(groups.items()), {"title": "Hồ sơ"})
    return time.monotonic() - started, pages


def measure(label: str, run, repeat: int) -> float:
    """Run ``run()`` ``repeat`` times, print min and median seconds per document; return the min."""
    times = sorted(run() for _ in range(repeat))
    print(f"{label}: min {times[0]:.3f} s/doc, median {statistics.median(times):.3f} s/doc"
          f"  ({', '.join(f'{x:.3f}' for x in times)})")
    return times[0]


def parse_args() -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, help="folder of .docx files (default: the bundled example's packet)")
    parser.add_argument("--count", type=int, default=40, help="documents to generate")
    parser.add_argument("--generate", action="store_true", help="generate documents even if output/ has some")
    parser.add_argument("--workers", default="2,3", help="worker counts to compare, e.g. 1,2,3")
    parser.add_argument("--batch-sizes", default="0", help="files per soffice run (0 = N/workers)")
    parser.add_argument("--sample", type=int, default=8, help="files for the one-process-per-file baseline")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (min and median shown)")
    return parser.parse_args()


def main() -> None:
    """Run the measurements and print them (the machine's load average too: it is shared)."""
    args = parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        work = Path(tmp)
        source = args.docs or (None if args.generate else bundled_packet(work / "packet"))
        paths = gather(source, args.count, work / "docs")
        cold = timed_convert(paths, 2, None)
        print(f"convert cold (first call of the process, creates profiles), workers=2: {cold:.3f} s/doc")
        best = min(measure(f"convert workers={w} batch={size or 'N/workers'}",
                           lambda w=w, size=size: timed_convert(paths, w, size), args.repeat)
                   for w in map(int, args.workers.split(",")) for size in map(int, args.batch_sizes.split(",")))
        sample = paths[: args.sample]
        base = measure(f"baseline: one soffice per file ({len(sample)} files)",
                       lambda: baseline(sample, work / "base"), args.repeat)
        seconds, pages = bundle_time(paths, work)
        print(f"bundle of {len(paths)} PDFs ({pages} pages): {seconds:.3f} s")
        print(f"speed-up (min vs min): cold {base / cold:.1f}x, best {base / best:.1f}x  (goal >= 10x)")
        print(f"per document: cold {cold:.3f} s, best {best:.3f} s  (goal <= 0.100 s on 2 cores)")
        print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
