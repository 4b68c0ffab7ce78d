"""A dispatch letter held back as a draft (not in the batch already issued: ``cong_van_trien_khai.held_back``)
is a draft for every command, not only for ``build``: a reminder to that agency cites no number or
date for it, as it does for any draft letter, while the agencies of the batch are reminded of theirs."""

from __future__ import annotations

from click.testing import CliRunner
from docx import Document

from khcn_docs.cli import cli
from tests.build.test_late_addressee import ISSUED, LATE_TASK


def _remind(project, *args: str):
    """Run ``remind`` on the project's spec and output; return the click result."""
    return CliRunner().invoke(cli, ["remind", str(project.spec), "-o", str(project.output),
                                    "--templates", str(project.templates), *args])


def _form_sentence(path) -> str:
    """Return the reminder's paragraph saying where the report form came from."""
    return next(p.text for p in Document(str(path)).paragraphs if "biểu mẫu" in p.text)


def test_a_reminder_to_an_agency_whose_letter_was_held_back_does_not_cite_the_batch(project):
    for old, new in ISSUED:
        project.edit_spec(old, new)
    project.build()
    project.edit_spec(*LATE_TASK)
    report = project.build()
    assert any("(dai-hoc-hue)" in w for w in report.warnings)

    result = _remind(project, "--as-of", "15/12/2025")
    assert result.exit_code == 0, result.output
    late = _form_sentence(next(report.path_of("bao-cao", "dai-hoc-hue").parent.glob("cong-van-don-doc-*.docx")))
    sent = _form_sentence(next(report.path_of("bao-cao", "so-noi-vu").parent.glob("cong-van-don-doc-*.docx")))
    assert "120/SKHCN" not in late and "20/6/2025" not in late
    assert "biểu mẫu đã gửi kèm công văn triển khai Kế hoạch" in late
    assert "biểu mẫu gửi kèm Công văn số 120/SKHCN-QLKH ngày 20/6/2025" in sent
    # said as for any draft letter the reminded agencies hold (``reminders.drafts_cited``)
    assert "công văn triển khai gửi 1 cơ quan vừa được đôn đốc còn là dự thảo" in result.output
    assert "Đại học Huế" in result.output.split("còn là dự thảo")[1].split("\n")[0]


def test_the_tracking_commands_read_the_plan_with_that_letter_a_draft(project):
    """``status`` and ``remind`` read the plan as ``build`` makes it (``reminders.session``)."""
    from khcn_docs import reminders

    for old, new in ISSUED:
        project.edit_spec(old, new)
    project.build()
    project.edit_spec(*LATE_TASK)
    with reminders.session(project.spec, project.output, None, write=False) as (plan, _):
        dispatch = plan.as_issued.spec.dispatch
        assert dispatch.is_draft("dai-hoc-hue") and dispatch.number_for("dai-hoc-hue") is None
        assert dispatch.number_for("so-noi-vu") == 120 and not dispatch.is_draft("so-noi-vu")
