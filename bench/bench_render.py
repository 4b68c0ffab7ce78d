"""Benchmark rendering: our compiled-template path against a naive docxtpl loop, same run, same documents.

Usage::

    .venv/bin/python bench/bench_render.py [--repeat 5] [--spec variables/plans/ke-hoach-709.yaml]

For the bundled example's whole packet (.docx only: the kế hoạch, every dispatch and report form)
it times, per document:

* ours   — ``compile_template`` (cached per template file) + ``render_bytes`` + ``write_atomic``,
           as ``khcn-docs build`` does it;
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
from khcn_docs.render import compile_template, rich, write_atomic  # noqa: E402
from khcn_docs.spec.load import load_plan  # noqa: E402

GOAL = 3.0


def ours(units, templates: Path, out: Path) -> float:
    """Return the seconds our render path takes for ``units`` (written under ``out``)."""
    started = time.perf_counter()
    for unit in units:
        data = compile_template(templates / unit.template).render_bytes(unit.context, unit.core)
        write_atomic(out / unit.out, data)
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
    """Return the median seconds of ``repeat`` passes of ``func`` over ``units``."""
    return statistics.median(func(units, templates, out) for _ in range(repeat))


def compare(title: str, units, templates: Path, out: Path, repeat: int, cold: float | None = None) -> None:
    """Print per-document times of both paths for ``units``, the ratio and the goal."""
    n = len(units)
    mine = median_of(ours, units, templates, out / "ours", repeat) / n
    theirs = median_of(naive, units, templates, out / "naive", repeat) / n
    ratio = theirs / mine
    print(f"{title}: {n} document(s), median of {repeat}")
    if cold is not None:
        print(f"  ours, cold (first pass, compiles):  {cold / n * 1000:8.2f} ms/document")
    print(f"  ours (compiled, cached):           {mine * 1000:8.2f} ms/document")
    print(f"  naive docxtpl loop:                {theirs * 1000:8.2f} ms/document")
    print(f"  ratio naive/ours: {ratio:5.1f}x   goal >= {GOAL:.0f}x: {'met' if ratio >= GOAL else 'NOT met'}")


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
                templates, out, args.repeat)


if __name__ == "__main__":
    main()
