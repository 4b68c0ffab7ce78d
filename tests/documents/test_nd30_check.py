"""Every document the bundled example's build and a remind run produce passes ``khcn-docs check``."""

from __future__ import annotations

import json
import shutil

from tests.documents.conftest import BUNDLED, ROOT, ok, run_cli

# A known problem outside this package, reported to its owner rather than hidden: the registry
# writes Phân hiệu Đại học Huế's parent ("ĐẠI HỌC HUẾ") inside its header_name, so the header prints
# it bold as part of the issuer's name; ND30 wants the cơ quan chủ quản line not bold. The fix
# belongs in the registry model (a parent outside the registry), not in the report form.
KNOWN = {("33-phan-hieu-dai-hoc-hue-tai-quang-tri/bao-cao-2024.docx", "issuer-name")}


def check(files, root):
    """Return (exit code, {(relative file, rule)}) of ``khcn-docs check --format json FILES``."""
    done = run_cli("check", "--format", "json", *files)
    report = json.loads(done.stdout)
    assert not report["unreadable"]
    found = {(str(p["file"]).replace(str(root) + "/", ""), p["rule"]) for p in report["problems"]}
    return done.returncode, found


def test_build_and_remind_outputs_pass_the_nd30_checker(packet, tmp_path):
    folder = tmp_path / "ke-hoach-709"
    shutil.copytree(packet, folder)
    ok("remind", BUNDLED, "--as-of", "16/11/2024", "-o", tmp_path, "--templates", ROOT / "templates")
    ok("remind", BUNDLED, "--as-of", "23/11/2024", "-o", tmp_path, "--templates", ROOT / "templates")
    ok("remind", BUNDLED, "--as-of", "16/11/2025", "-o", tmp_path, "--combined")
    files = sorted(folder.rglob("*.docx"))
    assert len(files) == 1 + 34 + 35 + 34 * 2 + 1   # plan, dispatches, forms, two rounds, one combined
    code, found = check(files, folder)
    assert found == KNOWN
    assert code == (6 if KNOWN else 0)
