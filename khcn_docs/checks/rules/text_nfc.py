"""text-nfc: Vietnamese text in composed Unicode (NFC).

NĐ30, Phụ lục I, Phần I, Mục I (bộ mã ký tự chữ Việt Unicode theo TCVN 6909:2001). Text typed
with combining accents (decomposed, NFD) looks right but searches, sorts and extracts wrongly.
"""

from __future__ import annotations

import unicodedata

from khcn_docs.checks.expect import problem

ID = "text-nfc"
CLAUSE = "Phụ lục I, Phần I, Mục I"
TITLE_VI = "Chữ Việt Unicode dựng sẵn (NFC)"


def check(lay, opts):
    """Yield a problem for each paragraph whose text is not in NFC form."""
    for para in lay.everything():
        if not unicodedata.is_normalized("NFC", para.text):
            word = next((w for w in para.text.split() if not unicodedata.is_normalized("NFC", w)), "")
            yield problem(ID, "text.nfc", para, word=unicodedata.normalize("NFC", word))
