"""Developer tool: (re)build the .docx templates in templates/ from tools/templates/*.py.

Run: .venv/bin/python tools/make_templates.py [KIND ...]
Clerks may edit the resulting .docx files in Word or LibreOffice; re-running this overwrites them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.templates import kit, ke_hoach  # noqa: E402
from tools.templates import bao_cao, cong_van  # noqa: E402

BUILDERS = {
    "ke-hoach": (ke_hoach.build, "Mẫu kế hoạch (NĐ30, mẫu 1.4)"),
    "cong-van-trien-khai": (cong_van.build, "Mẫu công văn triển khai kế hoạch (NĐ30, mẫu 1.5)"),
    "bao-cao": (bao_cao.build, "Mẫu báo cáo kết quả thực hiện kế hoạch (NĐ30, mẫu 1.4)"),
    "cong-van-don-doc": (cong_van.build, "Mẫu công văn đôn đốc báo cáo (NĐ30, mẫu 1.5)"),
}


def main(kinds: list[str]) -> None:
    for kind in kinds or list(BUILDERS):
        build, title = BUILDERS[kind]
        dest = ROOT / "templates" / f"{kind}.docx"
        kit.save(build(), dest, title)
        print(f"wrote {dest.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
