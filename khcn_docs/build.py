"""The build, in named phases: load → discover → outdated → render → write → report.

Every phase is a small function; ``build()`` reads as the list of phases. Nothing is written
before every unit has rendered in memory, so bad input never leaves half a packet in ``output/``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from khcn_docs.documents import KINDS
from khcn_docs.documents.unit import Unit
from khcn_docs.paths import inside, safe_name, templates_dir
from khcn_docs.plan import Plan
from khcn_docs.render import compile_template, write_atomic
from khcn_docs.spec.load import load_plan


@dataclass
class Built:
    """One unit that was rendered: where it went and why it was (re)built."""

    unit: Unit
    path: Path
    reason: str


@dataclass
class BuildReport:
    """What a build did: the plan folder, units built (with reasons), units unchanged, failures."""

    folder: Path
    plan: Plan
    built: list[Built] = field(default_factory=list)
    unchanged: list[Unit] = field(default_factory=list)
    failed: list[tuple[Unit, str]] = field(default_factory=list)
    seconds: float = 0.0

    def path_of(self, kind: str, agency: str | None = None) -> Path:
        """Return the output path of the unit ``kind`` × ``agency``."""
        return self.folder / next(u.out for u in self.units if u.kind == kind and u.agency == agency)

    @property
    def units(self) -> list[Unit]:
        """Return every unit of the plan, built or not."""
        return [b.unit for b in self.built] + self.unchanged + [u for u, _ in self.failed]


def discover(plan: Plan, kinds: list[str] | None = None) -> list[Unit]:
    """Return every unit of the plan, for ``kinds`` (all kinds by default), in a stable order."""
    return [unit for kind, make in KINDS.items() if kinds is None or kind in kinds for unit in make(plan)]


def render_all(units: list[Unit], template_dir: Path) -> list[tuple[Unit, bytes]]:
    """Return (unit, .docx bytes) for every unit; raise TemplateError before anything is written."""
    return [(u, compile_template(template_dir / u.template).render_bytes(u.context, u.core)) for u in units]


def plan_folder(output: Path, plan: Plan) -> Path:
    """Return the folder of this plan's documents: ``output/<spec file name>``."""
    return inside(output, safe_name(plan.spec_path.stem))


def build(spec: Path | str, output: Path | str = "output", *, kinds: list[str] | None = None,
          templates: Path | None = None) -> BuildReport:
    """Build every document of the plan at ``spec`` into ``output``; return what was done."""
    started = time.perf_counter()
    plan = load_plan(spec)
    units = discover(plan, kinds)
    folder = plan_folder(Path(output), plan)
    targets = {u.key: inside(folder, u.out) for u in units}
    rendered = render_all(units, templates_dir(templates))
    report = BuildReport(folder, plan)
    for unit, data in rendered:
        write_atomic(targets[unit.key], data)
        report.built.append(Built(unit, targets[unit.key], "new"))
    report.seconds = time.perf_counter() - started
    return report
