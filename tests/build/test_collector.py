"""The build pauses Python's cyclic garbage collector while it runs and restores it as it was."""

from __future__ import annotations

import gc

import pytest


class Recorder:
    """A progress sink that notes, at each written document, whether the collector was running."""

    def __init__(self) -> None:
        self.enabled: list[bool] = []

    def phase(self, kind: str, total: int) -> None:
        pass

    def step(self, label: object = "") -> None:
        self.enabled.append(gc.isenabled())


@pytest.mark.parametrize("enabled_before", [True, False])
def test_collector_is_paused_during_a_build_and_restored_after(project, enabled_before):
    was = gc.isenabled()
    (gc.enable if enabled_before else gc.disable)()
    try:
        seen = Recorder()
        report = project.build(progress=seen)
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert len(seen.enabled) == len(report.built) == 70
    assert not any(seen.enabled)        # paused while documents were written
    assert after is enabled_before      # restored as it was, not switched on for a caller who had it off


def test_collector_is_restored_when_the_spec_is_broken(project):
    from khcn_docs.errors import SpecError

    project.spec.write_text("document: [\n", encoding="utf-8")
    assert gc.isenabled()
    with pytest.raises(SpecError):
        project.build()
    assert gc.isenabled()


def test_no_collection_runs_inside_a_build_not_even_when_it_ends(project):
    started: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(info["generation"])

    assert gc.isenabled()
    gc.callbacks.append(note)
    try:
        project.build()
    finally:
        gc.callbacks.remove(note)
    assert started == []  # the build's survivors were not scanned on the way out either


def test_objects_the_caller_froze_stay_frozen(project):
    marker = [[]]  # tracked by the collector; frozen below, so in no generation it scans
    gc.freeze()
    try:
        project.build()
        assert gc.get_freeze_count() > 0
        assert not any(obj is marker for obj in gc.get_objects())  # still in the permanent generation
    finally:
        gc.unfreeze()
    assert any(obj is marker for obj in gc.get_objects())  # the check above can tell
