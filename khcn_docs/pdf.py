"""Convert .docx files to PDF with headless LibreOffice: batched, parallel, checked.

``convert(paths)`` writes ``x.pdf`` next to every ``x.docx``. Starting soffice costs about 1 s,
each further file in the same run well under 0.1 s, so the files are split into one batch per
worker; the ``workers`` runs go in parallel, each with its own profile (a shared profile fails
silently). A run converts numbered copies (``0000.docx``…) in its own temp folder, since
LibreOffice names outputs by stem and a packet repeats file names across agency folders.
Each result must end in ``%%EOF``, open with pypdf and have a page; it is then rewritten
deterministically (``bundle.rewrite_deterministic``) and atomically replaces the final path.

LibreOffice exits 0 even when a file fails: success is judged by the PDFs alone. The
``MS Word 2007 XML`` input filter makes it refuse a file that is not a .docx (without it,
random bytes come out as a plain-text PDF). A run that ends without some PDFs (LibreOffice
refused or crashed on a file) has those files retried once, one per run. A run over ``timeout``
is killed with its process group: LibreOffice converts in order, so the first file without a PDF
is the one it was stuck on; that file fails without a retry and the rest of the batch go on in
a new run. A hang is not a per-file failure: after ``HUNG_AFTER`` runs that timed out without a
single PDF, LibreOffice is taken as hung and no further run starts. What fails is reported by
name while the others finish. An interrupt (Ctrl-C) kills every soffice run at once and starts
no other.
"""

from __future__ import annotations

import atexit
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from pypdf import PdfReader

from khcn_docs import interrupts
from khcn_docs.bundle import DateLike, rewrite_deterministic
from khcn_docs.errors import ConversionError, MissingTool
from khcn_docs.i18n import t

INSTALL_COMMAND = "sudo apt-get install libreoffice-writer-nogui fonts-liberation2"
DOCX_FILTER = "MS Word 2007 XML"
PDF_FILTER = "pdf:writer_pdf_Export"
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
MAX_BATCH = 60
"""Largest batch per soffice run by default: keeps one run well inside ``timeout``."""
HUNG_AFTER = 2
"""Runs that time out without writing a single PDF before LibreOffice is taken as hung."""

ProgressCallback = Callable[[Path], None]


@dataclass
class ConversionReport:
    """What ``convert`` did: PDFs written, failures by document, page counts, wall time."""

    converted: dict[Path, Path] = field(default_factory=dict)
    """docx path (as the caller gave it) -> PDF path (beside it, in the same form), for every document converted."""
    failed: dict[Path, str] = field(default_factory=dict)
    """docx path (as the caller gave it) -> reason (in the active language), for every document that failed."""
    pages: dict[Path, int] = field(default_factory=dict)
    """PDF path (as in ``converted``) -> page count."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Return True when no document failed."""
        return not self.failed

    def raise_for_failures(self) -> None:
        """Raise ``ConversionError`` naming every failed document; return None when all passed."""
        if self.failed:
            lines = [f"{path}: {reason}" for path, reason in sorted(self.failed.items())]
            raise ConversionError(t("pdf.failed", count=len(lines)) + "\n" + "\n".join(lines))


def find_soffice() -> str:
    """Return the path of LibreOffice's ``soffice``; raise ``MissingTool`` when not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise MissingTool(t("pdf.missing_soffice", command=INSTALL_COMMAND))


class _Profiles:
    """Per-process LibreOffice profiles, created lazily, handed to one run at a time."""

    def __init__(self) -> None:
        self._root: Path | None = None
        self._free: queue.Queue[str] = queue.Queue()
        self._count = 0
        self._lock = threading.Lock()

    def ensure(self, count: int) -> None:
        """Make at least ``count`` profiles available; return None."""
        with self._lock:
            if self._root is None:
                self._root = Path(tempfile.mkdtemp(prefix="khcn-docs-lo-"))
                atexit.register(shutil.rmtree, self._root, True)
            while self._count < count:
                self._free.put((self._root / f"profile{self._count}").as_uri())
                self._count += 1

    def take(self) -> str:
        """Return a profile URL no other run is using (blocks until one is free)."""
        return self._free.get()

    def give_back(self, url: str) -> None:
        """Return ``url`` to the pool; return None."""
        self._free.put(url)


_PROFILES = _Profiles()


def _kill_group(proc: subprocess.Popen, killed: threading.Event) -> None:
    """Kill ``proc`` and its children (soffice forks soffice.bin) and set ``killed``; return None."""
    killed.set()
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # Windows has no process groups (nor SIGKILL): the tree is ended by taskkill
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(proc.pid)], capture_output=True, check=False)
    except (ProcessLookupError, PermissionError, FileNotFoundError):
        pass


class _Runs:
    """The soffice runs of one conversion still going, so that an interrupt can end them all.

    soffice runs in its own session (so that ``_kill_group`` reaches soffice.bin), hence a
    Ctrl-C in the terminal does not reach it: ``cancel`` has to kill it.
    """

    def __init__(self) -> None:
        self._procs: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self.cancelled = False

    def add(self, proc: subprocess.Popen) -> None:
        """Track ``proc`` until ``discard``; kill it at once when the conversion was cancelled; return None."""
        with self._lock:
            self._procs.add(proc)
            cancelled = self.cancelled
        if cancelled:
            _kill_group(proc, threading.Event())

    def discard(self, proc: subprocess.Popen) -> None:
        """Stop tracking ``proc`` (it has ended); return None."""
        with self._lock:
            self._procs.discard(proc)

    def cancel(self) -> None:
        """Kill every run still going and mark the conversion cancelled (no run starts after); return None."""
        with self._lock:
            self.cancelled = True
            procs = list(self._procs)
        for proc in procs:
            _kill_group(proc, threading.Event())


def _run_soffice(exe: str, files: Sequence[Path], outdir: Path, filter_name: str,
                 timeout: float, tick: Callable[[str], None], runs: _Runs) -> bool:
    """Run one soffice conversion of ``files`` into ``outdir``; return False if it was killed
    (timed out, or ``runs`` was cancelled)."""
    profile = _PROFILES.take()
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
           f"--infilter={DOCX_FILTER}", "--convert-to", filter_name, "--outdir", str(outdir),
           *map(str, files)]
    killed = threading.Event()
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                stdin=subprocess.DEVNULL, text=True, start_new_session=True)
        runs.add(proc)
        timer = threading.Timer(timeout, _kill_group, [proc, killed])
        timer.start()
        try:
            for line in proc.stdout:  # "convert /a/b.docx -> /out/b.pdf using filter : ..."
                if line.startswith("convert ") and " -> " in line:
                    tick(line[len("convert "):line.index(" -> ")])
            proc.wait()
        finally:
            timer.cancel()
            runs.discard(proc)
        return not (killed.is_set() or runs.cancelled)
    finally:
        _PROFILES.give_back(profile)


def _valid_pages(pdf: Path) -> int:
    """Return the page count of ``pdf``, or 0 when it is missing, cut short or unreadable.

    LibreOffice writes ``%%EOF`` last, so a file cut off by a killed run is refused here even
    though pypdf (lenient) might still read some of its pages.
    """
    try:
        with pdf.open("rb") as handle:
            handle.seek(max(0, pdf.stat().st_size - 1024))
            if b"%%EOF" not in handle.read():
                return 0
        return len(PdfReader(pdf).pages)
    except Exception:  # missing file, or one of pypdf's many errors on a damaged file
        return 0


def _structural_problem(docx: Path) -> str | None:
    """Return why ``docx`` cannot be a .docx at all (missing, not a zip, no document part),
    or None when it looks like one (then a failure is LibreOffice's and worth a retry)."""
    if not docx.is_file():
        return t("pdf.reason_missing")
    try:
        with zipfile.ZipFile(docx) as archive:
            if "word/document.xml" in archive.namelist():
                return None
    except (zipfile.BadZipFile, OSError):
        pass
    return t("pdf.reason_not_docx")


def _diagnose(docx: Path, timed_out: bool, hung: bool, timeout: float) -> str:
    """Return why ``docx`` could not be converted, in the active language: ``timed_out`` when a
    run was stuck on it, ``hung`` when no run was left to try it because LibreOffice hung."""
    problem = _structural_problem(docx)
    if problem:
        return problem
    if timed_out:
        return t("pdf.reason_timeout", seconds=f"{timeout:g}")
    if hung:
        return t("pdf.reason_hung", count=HUNG_AFTER, seconds=f"{timeout:g}")
    return t("pdf.reason_rejected")


def plan_batches(paths: Sequence[Path], workers: int, batch_size: int | None = None) -> list[list[Path]]:
    """Return ``paths`` cut into consecutive batches of about ``len(paths)/workers`` files
    (at most ``batch_size``, by default at most ``MAX_BATCH``)."""
    size = batch_size or max(1, min(MAX_BATCH, -(-len(paths) // max(1, workers))))
    return [list(paths[i:i + size]) for i in range(0, len(paths), size)]


def _stage(batch: Sequence[Path], folder: Path) -> dict[Path, Path]:
    """Copy each readable file of ``batch`` into ``folder`` as ``0000.docx``, ``0001.docx``…;
    return staged path -> original. LibreOffice names outputs by stem, and a packet has the
    same file name in every agency's folder: numbered copies keep one run's outputs apart."""
    folder.mkdir()
    staged = {}
    for index, docx in enumerate(batch):
        copy = folder / f"{index:04d}.docx"
        try:
            shutil.copyfile(docx, copy)
        except OSError:
            continue  # missing or unreadable: reported by _diagnose
        staged[copy] = docx
    return staged


class _Batcher:
    """Converts batches and collects the outcome into one ``ConversionReport``."""

    def __init__(self, exe: str, filter_name: str, timeout: float, progress: ProgressCallback | None,
                 metadata: Mapping[Path, Mapping[str, object]], date: DateLike, given: Mapping[Path, Path]) -> None:
        self.exe, self.filter_name, self.timeout = exe, filter_name, timeout
        self.progress, self.metadata, self.date, self.given = progress, metadata, date, given
        self.report = ConversionReport()
        self.timed_out: set[Path] = set()
        self.unwritable: dict[Path, str] = {}
        self.runs = _Runs()
        self.empty_timeouts = 0
        self._ticked: set[Path] = set()
        self._lock = threading.Lock()

    @property
    def hung(self) -> bool:
        """Return True when ``HUNG_AFTER`` runs timed out without a single PDF: LibreOffice hangs."""
        return self.empty_timeouts >= HUNG_AFTER

    def tick(self, path: Path | str) -> None:
        """Report ``path`` (absolute) to the progress callback once, as the caller gave it; return None."""
        path = Path(path)
        with self._lock:
            if path in self._ticked or self.progress is None:
                return
            self._ticked.add(path)
        self.progress(self.given.get(path, path))

    def run(self, batch: list[Path]) -> None:
        """Convert ``batch``, going on after a timed-out run with the files it had not reached,
        until all are tried, LibreOffice hangs or the conversion is cancelled; return None."""
        while batch and not (self.runs.cancelled or self.hung):
            batch = self._run_once(batch)

    def _run_once(self, batch: list[Path]) -> list[Path]:
        """Convert ``batch`` in one soffice run, then check, post-process and place each PDF;
        return the files left for another run: after a timeout, those behind the one it was stuck on."""
        with tempfile.TemporaryDirectory(prefix="khcn-docs-") as tmp:
            staged = _stage(batch, Path(tmp) / "in")
            if not staged:  # none readable (reported by _diagnose): soffice given no file waits for ever
                return []
            outdir = Path(tmp) / "out"
            names = {str(copy): docx for copy, docx in staged.items()}
            finished = _run_soffice(self.exe, list(staged), outdir, self.filter_name, self.timeout,
                                    lambda shown: self.tick(names.get(shown, shown)), self.runs)
            if self.runs.cancelled:
                return []
            left = [docx for copy, docx in staged.items() if not self._place(docx, outdir / f"{copy.stem}.pdf")]
        if finished or not left:
            return []
        with self._lock:
            self.timed_out.add(left[0])  # converted in order: the file it was stuck on
            self.empty_timeouts += len(left) == len(staged)
        return left[1:]

    def _place(self, docx: Path, produced: Path) -> bool:
        """Post-process ``produced`` into ``docx``'s PDF when it is valid; return False when
        LibreOffice produced no valid PDF (True also when the PDF could not be written)."""
        if _valid_pages(produced) < 1:
            return False
        target = docx.with_suffix(".pdf")
        meta = dict(self.metadata.get(docx, {}))
        try:
            pages = rewrite_deterministic(produced, target, meta, meta.pop("date", None) or self.date)
        except OSError as error:  # the PDF's folder is read-only, the disk is full…
            self.unwritable[docx] = t("pdf.reason_write", path=target, error=error.strerror or error)
            return True
        with self._lock:
            self.report.converted[docx] = target
            self.report.pages[target] = pages
        self.tick(docx)
        return True

    def retries(self, paths: Iterable[Path]) -> list[list[Path]]:
        """Return one single-file batch per document of ``paths`` worth another run: not
        converted, its PDF writable, a real .docx, and no run timed out on it."""
        if self.hung:
            return []
        return [[p] for p in self.pending(paths)
                if p not in self.unwritable and p not in self.timed_out and _structural_problem(p) is None]

    def pending(self, paths: Iterable[Path]) -> list[Path]:
        """Return the paths of ``paths`` not converted yet."""
        return [p for p in paths if p not in self.report.converted]


def _normalise(paths: Iterable[str | os.PathLike], metadata) -> tuple[dict[Path, Path], dict]:
    """Return absolute unique docx paths (input order) -> the path as given (the first spelling
    of a path given twice), and metadata keyed by the absolute paths."""
    given: dict[Path, Path] = {}
    for path in paths:
        given.setdefault(Path(path).resolve(), Path(path))
    meta = {Path(k).resolve(): v for k, v in (metadata or {}).items()}
    return given, meta


def convert(docx_paths: Iterable[str | os.PathLike], *, workers: int = 2, timeout: float = 120.0,
            pdfa: bool = False, progress: ProgressCallback | None = None, batch_size: int | None = None,
            metadata: Mapping[str | os.PathLike, Mapping[str, object]] | None = None,
            date: DateLike = None) -> ConversionReport:
    """Convert every .docx to a PDF beside it; return a ``ConversionReport``.

    ``workers``: parallel soffice runs (2 is fastest on 2 cores). ``timeout``: seconds one
    soffice run may take before it is killed (the file it was stuck on fails, no retry). ``pdfa``:
    write PDF/A-2b. ``progress(path)`` is called once per document as it is done (converted or
    failed). The paths ``progress`` and the report give are the caller's own (a relative path
    stays relative), so they can be looked up in the caller's mappings. ``batch_size``: files per
    run (default: spread evenly over the workers, at most ``MAX_BATCH``). ``metadata``:
    ``{docx_path: {"title", "author", "subject", "date"}}``. ``date``: datetime or epoch
    seconds stamped into every PDF (default ``$SOURCE_DATE_EPOCH``, else 2000-01-01+07:00).
    Raises ``MissingTool`` when LibreOffice is not installed (not checked for an empty list);
    failures are in the report, entries in input order.
    """
    started = time.monotonic()
    given, meta = _normalise(docx_paths, metadata)
    paths = list(given)
    if not paths:
        return ConversionReport()
    exe = find_soffice()
    workers = max(1, workers)
    _PROFILES.ensure(workers)
    batcher = _Batcher(exe, PDFA_FILTER if pdfa else PDF_FILTER, timeout, progress, meta, date, given)
    # a Ctrl-C only cancels the runs (every soffice killed at once, none started after), raised once the
    # pool is done: raised at once, wherever the main thread was, it could leave the pool's locks held
    with interrupts.held(on_press=batcher.runs.cancel):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            try:
                list(pool.map(batcher.run, plan_batches(paths, workers, batch_size)))
                if not batcher.runs.cancelled:
                    list(pool.map(batcher.run, batcher.retries(paths)))
            except BaseException:  # an interrupt raised here after all: end every soffice now, not at its timeout
                batcher.runs.cancel()
                raise
    for docx in batcher.pending(paths):
        batcher.report.failed[docx] = (batcher.unwritable.get(docx)
                                       or _diagnose(docx, docx in batcher.timed_out, batcher.hung, timeout))
        batcher.tick(docx)
    return _in_order(batcher.report, given, time.monotonic() - started)


def _in_order(report: ConversionReport, given: Mapping[Path, Path], seconds: float) -> ConversionReport:
    """Return ``report`` with its entries in input order (workers finish in any order) and keyed
    by the paths as ``given`` (absolute path -> the caller's), PDFs in the same form."""
    done = {p: given[p].with_suffix(".pdf") for p in given if p in report.converted}  # absolute -> caller's PDF
    return ConversionReport(converted={given[p]: target for p, target in done.items()},
                            failed={given[p]: report.failed[p] for p in given if p in report.failed},
                            pages={target: report.pages[report.converted[p]] for p, target in done.items()},
                            seconds=seconds)
