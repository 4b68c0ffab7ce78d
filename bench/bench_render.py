"""Benchmark rendering: our compiled-template path against a naive docxtpl loop, same run, same documents.

Usage::

    .venv/bin/python bench/bench_render.py [--repeat 5] [--spec variables/plans/ke-hoach-709.yaml]

For the bundled example's whole packet (.docx only: the kế hoạch, every dispatch and report form)
it times, per document:

* ours   — ``compile_template`` (cached per template file) + ``render_bytes`` + ``write_atomic``,
           as ``khcn-docs build`` does it (``write_atomic``: a temporary file, then a rename); and the
           same with a plain write, which is the I/O docxtpl's ``save`` does — the ratio is taken on that one;
* naive  — for each document ``DocxTemplate(template)``, ``render(context, jinja_env=
           SandboxedEnvironment(autoescape=True))`` with the ``rich`` filter, ``save(path)``.

Both use the same units and contexts (built once, not timed). Each pass is repeated; the median
is reported. "cold" is our first pass in the process, when each template is compiled once.
Goal (issue 4): ours at least 3x faster per document. The plan document alone is timed too
(issue 2). Never used in tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402
from jinja2.sandbox import SandboxedEnvironment  # noqa: E402

from khcn_docs.build import discover  # noqa: E402
from khcn_docs.outputs import write_atomic  # noqa: E402
from khcn_docs.render import compile_template, rich  # noqa: E402
from khcn_docs.spec.load import load_plan  # noqa: E402

GOAL = 3.0
PLAN_REPEAT = 30   # one document: more passes for a stable median


def ours(units, templates: Path, out: Path) -> float:
    """Return the seconds our render path takes for ``units`` (written under ``out``)."""
    started = time.perf_counter()
    for unit in units:
        data = compile_template(templates / unit.template).render_bytes(unit.context, unit.core)
        write_atomic(out / unit.out, data)
    return time.perf_counter() - started


def ours_plain_write(units, templates: Path, out: Path) -> float:
    """Return the seconds our path takes with a plain file write (the same I/O as docxtpl's save)."""
    started = time.perf_counter()
    for unit in units:
        target = out / unit.out
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_template(templates / unit.template).render_bytes(unit.context, unit.core))
    return time.perf_counter() - started


def naive(units, templates: Path, out: Path) -> float:
    """Return the seconds the naive docxtpl loop takes for ``units`` (written under ``out``)."""
    started = time.perf_counter()
    for unit in units:
        env = SandboxedEnvironment(autoescape=True)
        env.filters["rich"] = rich
        doc = DocxTemplate(str(templates / unit.template))
        doc.render(unit.context, jinja_env=env)
        target = out / unit.out
        target.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(target))
    return time.perf_counter() - started


def median_of(func, units, templates: Path, out: Path, repeat: int) -> float:
    """Return the median seconds of ``repeat`` passes of ``func`` over ``units``, each into a fresh folder
    (overwriting a file costs more than writing a new one on ext4, and would favour neither side fairly)."""
    return statistics.median(func(units, templates, out / f"pass-{i}") for i in range(repeat))


def compare(title: str, units, templates: Path, out: Path, repeat: int, cold: float | None = None) -> None:
    """Print per-document times of both paths for ``units``, the ratio and the goal."""
    n = len(units)
    mine = median_of(ours, units, templates, out / "ours", repeat) / n
    plain = median_of(ours_plain_write, units, templates, out / "plain", repeat) / n
    theirs = median_of(naive, units, templates, out / "naive", repeat) / n
    ratio = theirs / plain
    print(f"{title}: {n} document(s), median of {repeat}")
    if cold is not None:
        print(f"  ours, cold (first pass, compiles):  {cold / n * 1000:8.2f} ms/document")
    print(f"  ours (compiled, cached):           {mine * 1000:8.2f} ms/document  (atomic write: temp file + rename)")
    print(f"  ours, plain write:                 {plain * 1000:8.2f} ms/document")
    print(f"  naive docxtpl loop:                {theirs * 1000:8.2f} ms/document")
    print(f"  ratio naive/ours, same I/O: {ratio:5.1f}x   goal >= {GOAL:.0f}x: {'met' if ratio >= GOAL else 'NOT met'}"
          f"   (with the atomic write: {theirs / mine:.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spec", default=str(ROOT / "variables" / "plans" / "ke-hoach-709.yaml"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    templates = ROOT / "templates"
    plan = load_plan(args.spec)
    units = discover(plan)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cold = ours(units, templates, out / "cold")
        kinds = {u.kind for u in units}
        compare(f"Whole packet ({', '.join(sorted(kinds))})", units, templates, out, args.repeat, cold)
        compare("Plan document alone (ke-hoach)", [u for u in units if u.kind == "ke-hoach"],
                templates, out, max(args.repeat, PLAN_REPEAT))


if __name__ == "__main__":
    main()
