"""Document kinds: each module builds the render context of its units from the ``Plan``.

``KINDS`` maps a kind id to a function ``units(plan) -> list[Unit]``; the build discovers units by
calling each in order.
"""

from __future__ import annotations

from khcn_docs.documents import ke_hoach
from khcn_docs.documents import bao_cao, cong_van_trien_khai

KINDS = {
    ke_hoach.KIND: ke_hoach.units,
    cong_van_trien_khai.KIND: cong_van_trien_khai.units,
    bao_cao.KIND: bao_cao.units,
}
