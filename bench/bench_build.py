"""Benchmark the incremental build on the bundled packet: full build, no-op rebuild, one-agency change.

Usage::

    .venv/bin/python bench/bench_build.py            # .docx only, then --pdf if LibreOffice is installed
    .venv/bin/python bench/bench_build.py --no-pdf   # .docx only
    .venv/bin/python bench/bench_build.py --repeat 5 # 5 runs (each timing every step --samples times)

Each run copies the bundled spec, registry and templates to a temp folder and, in one process
(as a long-lived tool or a test would), times the steps below. Every step is timed under the same
conditions: the templates are compiled before the clock starts (a new process pays that once, about
40 ms for the three templates, plus about 0.5 s of Python imports, for a full build and a rebuild
alike), so no step is charged for work another step then reuses.

1. full build into an empty output folder;
2. no-op rebuild (nothing changed);
3. one-agency change: one word of task II.3.c-1, which Sở Giáo dục và Đào tạo leads alone (no
   supporting agency), so exactly that agency's documents (dispatch, report form) and the plan are
   rebuilt;
4. two-agency change (shown for information, no goal): one word of task II.2.d-1, led by Sở Tài
   chính and supported by Sở KH&CN, which rebuilds both agencies' documents and the plan.

Each step is timed ``--samples`` times per run, the steps taking turns (the full build into a new
empty folder each time, the rebuilds in one folder: a change alternately made and undone, both
the same agency's documents), and the median of every sample of every run is printed, with its
ratio to the full build's and, under "runs", the lowest and highest ratio of a single run. Goals
(issue 6): no-op at most 3 %, one-agency change at most 10 % of the full build. Timings belong
here, never in tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khcn_docs.build import build  # noqa: E402
from khcn_docs.render import compile_template  # noqa: E402

SPEC = ROOT / "variables" / "plans" / "ke-hoach-709.yaml"
# step -> (text in the spec, word in it to replace): a task of one agency, then one with a supporter
EDITS = {"one agency": ("Tham mưu tổ chức đào tạo nâng cao năng lực tin học", "nâng cao"),
         "two agencies": ("chức triển khai hiệu quả chính sách, quy định về quản lý và sử dụng tài sản hình",
                          "hiệu quả")}
STEPS = ("full", "no-op", *EDITS)
GOALS = {"no-op": 0.03, "one agency": 0.10}


def scratch(root: Path) -> Path:
    """Copy variables (with the bundled spec as plans/plan.yaml) and templates under ``root``; return the spec."""
    shutil.copytree(ROOT / "variables", root / "variables", ignore=shutil.ignore_patterns("plans"))
    (root / "variables" / "plans").mkdir()
    shutil.copy(SPEC, root / "variables" / "plans" / "plan.yaml")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root / "variables" / "plans" / "plan.yaml"


def one_run(pdf: bool, word: str, samples: int) -> dict[str, list[tuple[float, int, int]]]:
    """Return step -> [(seconds, documents built, PDFs converted)] for ``samples`` builds of each step.

    The steps take turns (full, no-op, one agency, two agencies, then again), so a machine that
    speeds up or slows down during the run weighs on every step alike."""
    with tempfile.TemporaryDirectory(prefix="khcn-bench-build-") as tmp:
        spec = scratch(Path(tmp))
        kwargs = {"templates": Path(tmp) / "templates", "pdf": pdf}
        for template in kwargs["templates"].glob("*.docx"):
            compile_template(template)  # warm, as for the rebuilds that follow
        out, fresh = Path(tmp) / "output", Path(tmp) / "fresh"
        build(spec, out, **kwargs)  # the rebuilds' starting point (not timed)
        steps: dict[str, list[tuple[float, int, int]]] = {}
        for sample in range(samples):
            for name in STEPS:
                if name == "full":  # every document, into an empty folder
                    shutil.rmtree(fresh, ignore_errors=True)
                elif name in EDITS:
                    text, old = EDITS[name]
                    if sample % 2 == 0:
                        edit(spec, text, old, word)
                    else:  # undo the change: the same agency's documents again
                        edit(spec, text.replace(old, word, 1), word, old)
                steps.setdefault(name, []).append(timed(spec, fresh if name == "full" else out, kwargs))
        return steps


def timed(spec: Path, out: Path, kwargs: dict) -> tuple[float, int, int]:
    """Return (seconds, documents built, PDFs converted) of one build, started with nothing left for
    the disk to write (so no step pays for the files another step left in the page cache)."""
    os.sync()
    started = time.perf_counter()
    report = build(spec, out, **kwargs)
    return time.perf_counter() - started, len(report.built), len(report.converted)


def edit(spec: Path, text: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` inside the one occurrence of ``text`` in ``spec``; return None."""
    content = spec.read_text(encoding="utf-8")
    assert content.count(text) == 1, f"{text!r} is not in the bundled spec once"
    spec.write_text(content.replace(text, text.replace(old, new, 1)), encoding="utf-8")


def bench(pdf: bool, repeat: int, samples: int) -> bool:
    """Print one table for ``pdf`` (docx only or with PDFs); return True when both goals are met."""
    runs = [one_run(pdf, f"kịp thời {i}", samples) for i in range(repeat)]
    label = "docx + pdf" if pdf else "docx"
    times = {name: [t for run in runs for t, _, _ in run[name]] for name in STEPS}
    for name in STEPS:  # every sample of a step did the same work
        assert len({(b, c) for run in runs for _, b, c in run[name]}) == 1, f"{name}: samples differ"
    full = statistics.median(times["full"])
    print(f"\n{label}: median of {repeat} run(s) × {samples} sample(s), bundled packet "
          f"({runs[0]['full'][0][1]} documents)")
    print(f"{'step':<13} {'ms':>9} {'built':>6} {'pdf':>5} {'of full':>8} {'runs':>13}  goal")
    ok = True
    for name in STEPS:
        seconds = statistics.median(times[name])
        built, converted = runs[0][name][-1][1], runs[0][name][-1][2]
        ratio = seconds / full
        goal = GOALS.get(name)
        verdict = "" if goal is None else (f"≤ {goal:.0%} ok" if ratio <= goal else f"≤ {goal:.0%} MISSED")
        ok &= goal is None or ratio <= goal
        runs_range = spread(runs, name) if name != "full" else ""
        print(f"{name:<13} {seconds * 1000:9.1f} {built:6d} {converted:5d} {ratio:8.1%} {runs_range:>13}  {verdict}")
    return ok


def spread(runs: list[dict], name: str) -> str:
    """Return the lowest and highest ratio of step ``name`` to the full build within one run (each
    run's medians): how much the machine's state moved the result."""
    ratios = [statistics.median(t for t, _, _ in run[name]) / statistics.median(t for t, _, _ in run["full"])
              for run in runs]
    return f"{min(ratios):.1%}–{max(ratios):.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="skip the --pdf variant")
    parser.add_argument("--repeat", type=int, default=3, help="runs per variant, each in a new folder")
    parser.add_argument("--samples", type=int, default=5, help="builds of each step per run (.docx only)")
    args = parser.parse_args()
    bench(False, args.repeat, args.samples)
    if not args.no_pdf:
        if shutil.which("soffice") or shutil.which("libreoffice"):
            bench(True, max(1, args.repeat // 2), 2)
        else:
            print("\ndocx + pdf: skipped (LibreOffice is not installed)")


if __name__ == "__main__":
    main()
