"""Ctrl-C at any moment says "Đã dừng theo yêu cầu." and exits 130: no traceback, no internal error."""

from __future__ import annotations

import subprocess
import sys
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


@pytest.mark.parametrize("before, after", [
    ("", "signal.default_int_handler"),                                      # Ctrl-C raises again
    ("signal.signal(signal.SIGINT, signal.SIG_IGN)", "signal.SIG_IGN"),      # a background job ignores it
])
def test_loading_the_command_line_leaves_ctrl_c_as_it_was(before, after):
    """Once loaded (by a test, a script), Ctrl-C is handled as before the import."""
    code = f"import signal\n{before}\nimport khcn_docs.cli\nprint(signal.getsignal(signal.SIGINT) is {after})"
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
