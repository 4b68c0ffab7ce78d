"""Ctrl-C at any moment says "Đã dừng theo yêu cầu." and exits 130: no traceback, no internal error.
A ``kill`` (SIGTERM) and the terminal closing (SIGHUP) stop a command the same way (143, 129)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from khcn_docs import cli

ROOT = Path(__file__).resolve().parents[2]

# Presses Ctrl-C (SIGINT to itself) the first time the module argv[1] is imported, then runs the CLI.
CTRL_C_DURING_IMPORT = """import signal, sys
target, pressed = sys.argv[1], []
def press(event, args):
    if event == "import" and args[0] == target and not pressed:
        pressed.append(True)
        signal.raise_signal(signal.SIGINT)
sys.addaudithook(press)
sys.argv = ["khcn-docs", *sys.argv[2:]]
from khcn_docs.cli import main
main()
"""


@pytest.mark.parametrize("module", [
    "click",        # while the command line loads: was a raw KeyboardInterrupt traceback
    "yaml.cyaml",   # was loaded lazily by the first message, and the half-imported yaml then broke
])                  # the "stopped" message itself ("partially initialized module 'yaml'", exit 1)
def test_ctrl_c_while_the_modules_load_stops_with_the_short_message(module, tmp_path):
    done = subprocess.run([sys.executable, "-c", CTRL_C_DURING_IMPORT, module, "build", str(tmp_path / "k.yaml")],
                          cwd=ROOT, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert (done.returncode, done.stderr.strip()) == (130, "Đã dừng theo yêu cầu."), done.stderr
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("name, before, after", [
    ("SIGINT", "", "signal.default_int_handler"),                                    # Ctrl-C raises again
    ("SIGINT", "signal.signal(signal.SIGINT, signal.SIG_IGN)", "signal.SIG_IGN"),    # a background job ignores it
    ("SIGTERM", "", "signal.SIG_DFL"),                                               # a kill ends the process again
    ("SIGHUP", "signal.signal(signal.SIGHUP, signal.SIG_IGN)", "signal.SIG_IGN"),    # nohup ignores it
])
def test_loading_the_command_line_leaves_the_stop_signals_as_they_were(name, before, after):
    """Once loaded (by a test, a script), Ctrl-C, SIGTERM and SIGHUP are handled as before the import."""
    code = f"import signal\n{before}\nimport khcn_docs.cli\nprint(signal.getsignal(signal.{name}) is {after})"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def failing_after_ctrl_c(*args, **kwargs):
    """Stand in for a command's library call that Ctrl-C broke off inside an import, which
    Python 3.11 wraps in a RuntimeError (the tester's "Error calling __set_name__")."""
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as interrupt:
        raise RuntimeError("Error calling __set_name__ on 'cached_property' instance 'x' in 'Source'") from interrupt


def test_an_error_raised_by_ctrl_c_is_a_stop_not_an_internal_error(monkeypatch, capsys):
    from khcn_docs import batch

    monkeypatch.setattr(batch, "expand", failing_after_ctrl_c)
    monkeypatch.setattr(sys, "argv", ["khcn-docs", "build", str(ROOT / "variables/plans/ke-hoach-709.yaml")])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    err = capsys.readouterr().err
    assert exited.value.code == 130 and err.strip() == "Đã dừng theo yêu cầu.", err


# A library that swallows the KeyboardInterrupt and fails with an error of its own, with no trace of
# it (pydantic-core building a model's schema when Ctrl-C lands there: "SchemaError: … KeyboardInterrupt").
CTRL_C_SWALLOWED = """import signal, sys
from khcn_docs import batch
from khcn_docs.cli import main
def swallowing(*args, **kwargs):
    try:
        signal.raise_signal(signal.SIGINT)
    except KeyboardInterrupt:
        pass
    raise ValueError("Error building 'model' validator: KeyboardInterrupt")
batch.expand = swallowing
sys.argv = ["khcn-docs", "build", "k.yaml"]
main()
"""


def test_an_error_after_a_swallowed_ctrl_c_is_a_stop_not_an_internal_error(tmp_path):
    done = subprocess.run([sys.executable, "-c", CTRL_C_SWALLOWED], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert (done.returncode, done.stderr.strip()) == (130, "Đã dừng theo yêu cầu."), done.stderr


def hanging_soffice(folder: Path) -> Path:
    """Write a stand-in ``soffice`` that hangs (its child writes its pid); return its folder."""
    script = folder / "bin" / "soffice"
    script.parent.mkdir()
    script.write_text(f"#!/bin/sh\nsleep 60 &\necho $! >> {folder}/pids\nwait\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script.parent


def untouched_stops() -> None:
    """Give the child the signals' usual handling, whatever the test run inherited: a suite started
    under ``nohup`` ignores SIGHUP, which the command then rightly keeps ignoring (``cli._UNTOUCHED``)."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def alive(pid: int) -> bool:
    """Return True when process ``pid`` still exists (and is not a zombie)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (getattr(signal, "SIGHUP", 1), 129)])
def test_a_kill_during_the_pdf_conversion_stops_like_ctrl_c(tmp_path, signum, code):
    """A ``kill`` (or the terminal closing) while LibreOffice converts: the short message, 128 +
    the signal, LibreOffice ended, its temporary folders removed, every .docx whole (before: the
    process died at once, soffice kept running and its profile folder stayed in /tmp)."""
    import shutil

    shutil.copytree(ROOT / "variables", tmp_path / "variables")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "tmp").mkdir()
    env = {"PATH": f"{hanging_soffice(tmp_path)}:/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path / "tmp")}
    child = subprocess.Popen([sys.executable, "-m", "khcn_docs", "build", "variables/plans/ke-hoach-709.yaml", "--pdf"],
                             cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             preexec_fn=untouched_stops)
    try:
        for _ in range(1200):  # until the stand-in soffice runs
            if (tmp_path / "pids").is_file() and (tmp_path / "pids").read_text().strip():
                break
            time.sleep(0.05)
        os.kill(child.pid, signum)
        assert child.wait(timeout=60) == code
    finally:
        child.kill()
    err = child.stderr.read()
    assert err.strip().splitlines()[-1] == "Đã dừng theo yêu cầu." and "Traceback" not in err, err
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    for _ in range(200):  # SIGKILL lands at once, the kernel may take a moment to reap
        if not any(alive(pid) for pid in pids):
            break
        time.sleep(0.05)
    assert not any(alive(pid) for pid in pids)
    assert list((tmp_path / "tmp").iterdir()) == []  # the profiles and the conversion folders
    docs = list((tmp_path / "output").rglob("*.docx"))
    assert len(docs) == 70
    for doc in docs:
        with zipfile.ZipFile(doc) as archive:
            assert archive.testzip() is None
