"""The combined reminder letters ``build --pdf`` closes the plan's packet with (``packet.combined_docs``)."""

from __future__ import annotations

from khcn_docs import packet


def test_combined_letters_are_labelled_with_their_day_as_nd30_writes_it_and_a_misnamed_one_kept(tmp_path):
    """The day in the file name is said as ``vn.short_date`` says it (``05/3/2025``, ``18/11/2024``);
    a file renamed by hand to a day that does not exist is still bundled, its parts as written."""
    folder = tmp_path / "don-doc-chung"
    folder.mkdir()
    for name in ("cong-van-don-doc-2024-lan-1-2024-11-18.docx", "cong-van-don-doc-2024-lan-2-2025-03-05.docx",
                 "cong-van-don-doc-2024-lan-3-2025-13-45.docx", "cong-van-don-doc-2024-lan-3.docx"):
        (folder / name).write_bytes(b"")
    labels = [unit.label for unit, _ in packet.combined_docs(tmp_path, ".docx")]
    assert labels == ["Công văn đôn đốc chung năm 2024 lần 1, ngày 18/11/2024",
                      "Công văn đôn đốc chung năm 2024 lần 2, ngày 05/3/2025",
                      "Công văn đôn đốc chung năm 2024 lần 3, ngày 45/13/2025"]
