"""Developer tool: write khcn_docs/data/serif_widths.json, the advance widths of Times New Roman's
metric twin (Liberation Serif, regular and bold) for ASCII and every Vietnamese letter.

Run: .venv/bin/pip install fonttools && .venv/bin/python tools/make_width_table.py
"""

import json
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path("/usr/share/fonts/truetype/liberation2")
VN = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
CHARS = sorted(set(VN + VN.upper() + "".join(chr(c) for c in range(32, 127)) + "–—“”‘’…"))


def widths(path: Path) -> dict[str, float]:
    font = TTFont(path)
    cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    out = {}
    for ch in CHARS:
        glyph = cmap.get(ord(unicodedata.normalize("NFC", ch)))
        if glyph:
            out[ch] = round(hmtx[glyph][0] / upm, 4)
    return out


def main() -> None:
    table = {"regular": widths(FONTS / "LiberationSerif-Regular.ttf"),
             "bold": widths(FONTS / "LiberationSerif-Bold.ttf")}
    dest = Path(__file__).resolve().parents[1] / "khcn_docs" / "data" / "serif_widths.json"
    dest.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    print(f"wrote {dest} ({len(table['regular'])} glyphs)")


if __name__ == "__main__":
    main()
