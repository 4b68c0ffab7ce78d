"""``diff`` says every change that changes a document: a task's deadline, product, place and order,
the plan's settings, lists and non-task texts, an entry's layout; "no change" only when the
documents built from the two plans are the same."""

from __future__ import annotations

import copy
import json
import random

import pytest
import yaml
from click.testing import CliRunner

from khcn_docs import diff
from khcn_docs.build import discover
from khcn_docs.cli import cli
from khcn_docs.errors import SpecError
from khcn_docs.spec.load import load_plan
from tests.build.conftest import BUNDLED

DEADLINE = "              - task: II.2.b-5\n                deadline: Thường xuyên\n"
II_2_B_4 = "              - task: II.2.b-4\n"
II_2_B_5 = "              - task: II.2.b-5\n"
NEXT_SECTION = "          - section: Sở Nội vụ\n"


def compared(project, *edits: tuple[str, str]) -> tuple[diff.PlanDiff, list[str]]:
    """Return the diff of the project's spec before and after ``edits``, and its text lines."""
    old = load_plan(project.spec)
    for before, after in edits:
        project.edit_spec(before, after)
    new = load_plan(project.spec)
    result = diff.compare(old, new)
    return result, diff.text_lines(result, new, old)


def test_a_new_deadline_and_product_are_said_for_the_task_and_each_of_its_agencies(project):
    result, lines = compared(project, (DEADLINE, DEADLINE.replace("Thường xuyên", "Quý II năm 2025")
                                       + "                product: Báo cáo kết quả kiểm tra\n"))
    khcn = next(a for a in result.agencies if a.id == "so-khcn")
    assert [(i.task, i.changed) for i in khcn.amended] == [
        ("II.2.b-5", {"deadline": ["Thường xuyên", "Quý II năm 2025"], "product": [None, "Báo cáo kết quả kiểm tra"]})]
    assert not (khcn.added or khcn.removed or khcn.reworded or khcn.role_changed or khcn.moved)
    header = lines.index("Nhiệm vụ đổi thời hạn, sản phẩm hoặc vị trí trong kế hoạch:")
    assert lines[header + 1] == ("  • II.2.b-5 (mục II.2.b): thời hạn “Thường xuyên” → “Quý II năm 2025”; "
                                 "sản phẩm (không ghi) → “Báo cáo kết quả kiểm tra”")
    assert ("  ~ Đổi thời hạn, sản phẩm của nhiệm vụ II.2.b-5 (mục II.2.b): thời hạn từ “Thường xuyên” thành "
            "“Quý II năm 2025”; sản phẩm từ (không ghi) thành “Báo cáo kết quả kiểm tra”") in lines
    assert "không có thay đổi" not in "\n".join(lines)


def test_a_task_moved_to_another_section_is_said_with_its_new_place(project):
    spec = project.spec.read_text(encoding="utf-8")
    start = spec.index("              - task: II.3.c-1\n")
    end = spec.index("              - task: II.3.c-2\n")
    block = spec[start:end].replace("- task: II.3.c-1\n", "- task: II.3.c-1\n                lead: [so-gddt]\n")
    old = load_plan(project.spec)
    project.spec.write_text(spec[:start] + spec[end:], encoding="utf-8")
    project.edit_spec(II_2_B_4, block + II_2_B_4)  # the same task, its agency written on it, under II.2.b
    new = load_plan(project.spec)
    result = diff.compare(old, new)
    assert [(a.id, [(i.task, i.changed) for i in a.amended]) for a in result.agencies] == [
        ("so-gddt", [("II.3.c-1", {"label": ["II.3.c", "II.2.b"]})])]
    assert result.reordered == ["II.3.c-1"] and not result.general
    lines = diff.text_lines(result, new, old)
    assert "  • II.3.c-1 (mục II.2.b): vị trí (mục) “II.3.c” → “II.2.b”" in lines
    assert "  ~ Đổi vị trí (mục) của nhiệm vụ II.3.c-1 (mục II.2.b): từ “II.3.c” thành “II.2.b”" in lines


def test_a_section_inserted_before_the_tasks_renumbers_them_on_one_line_per_agency(project):
    """A new section I moves every task of II under III: one line says it (for the plan and for each
    agency), not a line per task; two tasks moved alike are still said each; JSON keeps every task."""
    result, lines = compared(project, ("body:\n", "body:\n  - section: BỐI CẢNH\n    children:\n"
                                                  "      - paragraph: Tình hình chung của tỉnh.\n"))
    khcn = next(a for a in result.agencies if a.id == "so-khcn")
    moved = [i.task for i in khcn.amended if i.changed == {"label": [i.label.replace("III.", "II.", 1), i.label]}]
    assert len(moved) == 33 and moved[0] == "II.1.a-1"
    assert "  • 38 nhiệm vụ của mục II nay ở mục III" in lines
    assert "  • III.1 (mục IV.1): vị trí (mục) “III.1” → “IV.1”" in lines  # IV had two tasks: said each
    start = lines.index("Sở Khoa học và Công nghệ (so-khcn):")
    assert lines[start + 1:start + 4] == ["  ~ 33 nhiệm vụ đổi vị trí: mục II → mục III",
                                         "  ~ Đổi vị trí (mục) của nhiệm vụ III.1 (mục IV.1): từ “III.1” thành “IV.1”",
                                         "  ~ Đổi vị trí (mục) của nhiệm vụ III.2 (mục IV.2): từ “III.2” thành “IV.2”"]
    assert len(lines) < 120  # 875 lines when each task was said for each of its agencies
    assert sum(len(a["amended"]) for a in json.loads(diff.as_json(result))["agencies"]) > 500


def test_renumbering_is_the_differing_start_of_two_places():
    assert diff.renumbering("II.1.a", "III.1.a") == ("II", "III")
    assert diff.renumbering("II.1.a", "II.2.a") == ("II.1", "II.2")
    assert diff.renumbering("II.1.a", "II.1.b") == ("II.1.a", "II.1.b")
    assert diff.renumbering("III.1", "IV.1") == ("III", "IV")
    assert diff.renumbering("II", "III") == ("II", "III")


@pytest.mark.parametrize("old, new, said", [
    ("Tổ chức tuyên truyền", "Tổ chức tốt tuyên truyền", "Tổ chức [∅ → tốt ]tuyên truyền"),
    ("Sở Y tế triển khai", "Sở Y tế tỉnh triển khai", "Sở Y tế [∅ → tỉnh ]triển khai"),
    ("triển khai các", "triển khai hằng năm các", "triển khai [∅ → hằng năm ]các"),
    ("tổ chức triển khai", "tổ chức triển khai tốt", "tổ chức triển khai [∅ → tốt]"),
    ("thị xã, thành phố", "thị xã thành phố", "thị xã[, → ∅] thành phố"),
    ("chính sách, quy định", "chính sách; quy định", "chính sách[, → ;] quy định"),
    ("hạn ngày 15/11/2025", "hạn ngày 10/11/2025", "hạn ngày [15 → 10]/11/2025"),
    ("a b", "a b b", "a [∅ → b ]b"),
    ("Các cơ quan tổ chức triển khai hiệu quả chính sách, quy định của pháp luật về khoa học",
     "Các cơ quan tổ chức triển khai kịp thời chính sách, quy định của pháp luật về khoa học",
     "…quan tổ chức triển khai [hiệu quả → kịp thời] chính sách, quy định của…"),
])
def test_a_change_is_marked_on_whole_words_with_whole_words_around_it(old, new, said):
    assert diff.changed_part(old, new) == said


def test_diff_marks_a_word_added_to_a_task_as_a_whole_word(project):
    old = project.spec.with_name("old.yaml")
    old.write_text(project.spec.read_text(encoding="utf-8"), encoding="utf-8")
    project.edit_spec("Tổ chức tuyên truyền, quán triệt", "Tổ chức tốt tuyên truyền, quán triệt")
    said = CliRunner().invoke(cli, ["diff", str(old), str(project.spec)])
    assert said.exit_code == 0, said.output
    assert "  • II.1.a-1 (mục II.1.a): Tổ chức [∅ → tốt ]tuyên truyền, quán triệt…" in said.stdout.splitlines()


def test_what_changed_besides_the_tasks_is_said_where_it_is(project):
    spec = project.spec.read_text(encoding="utf-8")
    four, five = spec.index(II_2_B_4), spec.index(II_2_B_5)
    swapped = spec[:four] + spec[five:spec.index(NEXT_SECTION)] + spec[four:five] + spec[spec.index(NEXT_SECTION):]
    old = load_plan(project.spec)
    project.spec.write_text(swapped, encoding="utf-8")
    project.edit_spec("  day: 15\n", "  day: 10\n")
    project.edit_spec("  - UBND các huyện, thị xã, thành phố\n", "  - UBND các huyện, thị xã, thành phố (để thực hiện)\n")
    project.edit_spec(NEXT_SECTION, "          - section: Sở Nội vụ tỉnh\n")
    project.edit_spec("              - task: II.2.b-3\n                item: >-\n",
                      "              - task: II.2.b-3\n                paragraph: >-\n")
    new = load_plan(project.spec)
    result = diff.compare(old, new)
    assert [(c.field, c.old, c.new, c.label) for c in result.general] == [
        ("reporting.day", "15", "10", ""),
        ("recipients", "UBND các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố (để thực hiện)", ""),
        ("body", "Sở Nội vụ", "Sở Nội vụ tỉnh", "II.2.c")]
    assert [(r.task, r.old_kind, r.new_kind, r.label) for r in result.restyled] == [("II.2.b-3", "item", "paragraph",
                                                                                       "II.2.b")]
    assert result.reordered == ["II.2.b-5"]
    assert "II.2.b-5" in [i.task for a in result.agencies if a.id == "so-khcn" for i in a.moved]
    lines = diff.text_lines(result, new, old)
    general = lines[lines.index("Thay đổi khác của kế hoạch (ngoài nhiệm vụ):") + 1:]
    assert general[:6] == [
        "  • reporting.day: “15” → “10”",
        "  • recipients: “UBND các huyện, thị xã, thành phố” → “UBND các huyện, thị xã, thành phố (để thực hiện)”",
        "  • mục II.2.c: “Sở Nội vụ” → “Sở Nội vụ tỉnh”",
        "  • mục II.2.b: “Đổi mới cơ chế, phương thức quản lý các chương …” đổi từ gạch đầu dòng (item) "
        "thành đoạn văn (paragraph)",
        "  • Nhiệm vụ đổi thứ tự trong kế hoạch: II.2.b-5",
        "Sở Khoa học và Công nghệ (so-khcn):"]
    assert "  ↕ Đổi thứ tự nhiệm vụ II.2.b-5 (mục II.2.b) trong danh sách nhiệm vụ" in lines


def test_json_carries_every_change_and_a_plan_against_itself_has_none(project):
    runner = CliRunner()
    same = runner.invoke(cli, ["diff", str(project.spec), str(project.spec)])
    assert same.exit_code == 0 and same.output.splitlines()[-1] == (
        "Hai kế hoạch giao cùng nhiệm vụ, cùng nội dung cho cùng cơ quan: không có thay đổi.")
    old = project.root / "old.yaml"
    old.write_text(project.spec.read_text(encoding="utf-8"), encoding="utf-8")
    project.edit_spec("  day: 15\n", "  day: 10\n")
    project.edit_spec(DEADLINE, DEADLINE.replace("Thường xuyên", "Quý II năm 2025"))
    old_in_place = project.spec.parent / "old.yaml"  # the variables are found from the spec's folder
    old_in_place.write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    data = json.loads(runner.invoke(cli, ["diff", str(old_in_place), str(project.spec), "--format", "json"]).output)
    assert data["general"] == [{"field": "reporting.day", "old": "15", "new": "10", "label": ""}]
    assert {a["id"]: [i["changed"] for i in a["amended"]] for a in data["agencies"]}["so-khcn"] == [
        {"deadline": ["Thường xuyên", "Quý II năm 2025"]}]
    assert data["restyled"] == [] and data["reordered"] == []


def test_variables_the_documents_show_are_compared_for_the_agencies_and_signers_in_use(project, tmp_path):
    """``diff OLD NEW --plan SPEC``: an abbreviation printed in a letter's number, a signer's name;
    an agency the plan's documents never name changes nothing for it."""
    old_registry = tmp_path / "agencies-old.yaml"
    old_registry.write_text(project.agencies.read_text(encoding="utf-8"), encoding="utf-8")
    old = load_plan(project.spec)
    project.agencies.write_text(project.agencies.read_text(encoding="utf-8")
                                .replace("abbreviation: SGDĐT", "abbreviation: SGD"), encoding="utf-8")
    signers = project.root / "variables" / "signers.yaml"
    signers.write_text(signers.read_text(encoding="utf-8").replace("Nguyễn Văn Minh", "Trần Minh"), encoding="utf-8")
    result = diff.compare(old, load_plan(project.spec))
    assert [(c.field, c.old, c.new) for c in result.general] == [
        ("agencies.so-gddt.abbreviation", "SGDĐT", "SGD"), ("signers.giam-doc-skhcn.name", "Nguyễn Văn Minh", "Trần Minh")]
    # Sở Nông nghiệp và Môi trường, formed in 2025, is in no document of the 2024 plan
    project.agencies.write_text(old_registry.read_text(encoding="utf-8").replace(
        "name: Sở Nông nghiệp và Môi trường", "name: Sở Nông nghiệp, Môi trường"), encoding="utf-8")
    unused = CliRunner().invoke(cli, ["diff", str(old_registry), str(project.agencies), "--plan", str(project.spec)])
    assert unused.exit_code == 0 and "không có thay đổi" in unused.stdout


# ---------------------------------------------------------------- random edits

KINDS = ("section", "point", "item", "paragraph")


def _entries(body: list, out: list | None = None) -> list[tuple[list, int, dict]]:
    out = [] if out is None else out
    for index, node in enumerate(body):
        out.append((body, index, node))
        _entries(node.get("children", []), out)
    return out


def _mutate(spec: dict, rng: random.Random) -> None:
    """Make one edit a clerk could make to the spec's data: a text, a deadline, a kind, an order, …"""
    siblings, index, node = rng.choice(_entries(spec["body"]))
    kind = next(k for k in KINDS if k in node)
    edit = rng.randrange(11)
    if edit == 0:
        node["deadline"] = rng.choice(["Quý II", "Thường xuyên", "Năm 2025"])
    elif edit == 1:
        node.pop("deadline", None)
        node["product"] = "Báo cáo"
    elif edit == 2:
        node[kind] += " thêm"
    elif edit == 3 and kind in ("item", "paragraph"):
        node[{"item": "paragraph", "paragraph": "item"}[kind]] = node.pop(kind)
    elif edit == 4 and len(siblings) > 1:
        other = rng.randrange(len(siblings))
        siblings[index], siblings[other] = siblings[other], siblings[index]
    elif edit == 5 and len(siblings) > 1 and not any("task" in n for _, _, n in _entries([node])):
        siblings.pop(index)
    elif edit == 6 and "lead" in node and node.get("children"):  # the section's agencies written on each entry
        for child in node["children"]:
            child.setdefault("lead", node["lead"])
            child.setdefault("support", node.get("support", []))
        node.pop("lead")
        node.pop("support", None)
    elif edit == 7:
        spec["reporting"]["day"] = rng.randrange(1, 29)
    elif edit == 8:
        spec["recipients"][rng.randrange(len(spec["recipients"]))] += " (để biết)"
    elif edit == 9:
        spec.setdefault("opening", []).append("Câu mở đầu mới.")
    elif edit == 10:
        siblings.insert(index, {"paragraph": "Đoạn mới chèn vào."})


def test_no_change_is_said_only_when_every_document_would_be_the_same(project):
    """Over random edits: when ``diff`` finds nothing, every unit renders from the same context; and
    the agencies' added and removed tasks read the same in both directions."""
    base = yaml.safe_load(project.spec.read_text(encoding="utf-8"))
    old_path, new_path = project.spec.parent / "old.yaml", project.spec.parent / "new.yaml"
    old_path.write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    old = load_plan(old_path)
    old_digests = {u.key: u.input_digest() for u in discover(old)}
    compared_plans = 0
    for seed in range(40):
        rng = random.Random(seed)
        spec = copy.deepcopy(base)
        for _ in range(rng.randint(1, 3)):
            _mutate(spec, rng)
        new_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            new = load_plan(new_path)
        except SpecError:  # an edit the spec refuses (a section left without entries …)
            continue
        compared_plans += 1
        result, back = diff.compare(old, new), diff.compare(new, old)
        if result.empty:
            assert {u.key: u.input_digest() for u in discover(new)} == old_digests, f"seed {seed}"
        assert ({(a.id, tuple(i.task for i in a.added), tuple(i.task for i in a.removed)) for a in result.agencies}
                == {(a.id, tuple(i.task for i in a.removed), tuple(i.task for i in a.added)) for a in back.agencies})
    assert compared_plans >= 30


# ---------------------------------------------------------------- the days documents are made for

DISPATCHED = "  reminder_days: 7\n", "  date: 05/3/2025\n  reminder_days: 7\n"
TWO_YEARS = "years: [2024]", "years: [2024, 2025]"


def redated(registry: str, aid: str, field: str, day: str) -> str:
    """Return the registry text with ``aid``'s ``field`` (``merged_on``, ``dissolved_on``) set to ``day``."""
    start = registry.index(f"\n  {aid}:\n")
    at = registry.index(f"    {field}: ", start)
    end = registry.index("\n", at)
    return registry[:at] + f"    {field}: {day}" + registry[end:]


def registries_compared(project, tmp_path, registry: str) -> tuple[diff.PlanDiff, list[str]]:
    """Return the diff of the project's spec read with its registry and with ``registry`` (the text)."""
    new_registry = tmp_path / "agencies-moi.yaml"
    new_registry.write_text(registry, encoding="utf-8")
    old, new = diff.load_pair(str(project.agencies), str(new_registry), str(project.spec))
    result = diff.compare(old, new, registries=True)
    return result, diff.text_lines(result, new, old)


def test_a_merge_moved_past_the_dispatch_date_is_said_for_the_dispatch_letters(project, tmp_path):
    """A 2024 plan dispatched on 05/3/2025: Sở GTVT merged on 01/4/2025 instead of 01/3/2025 still
    gets its own letter. Nothing changes at the plan's date, but the letters do."""
    project.edit_spec(*DISPATCHED)
    registry = redated(project.agencies.read_text(encoding="utf-8"), "so-gtvt", "merged_on", "01/4/2025")
    result, lines = registries_compared(project, tmp_path, registry)
    assert not (result.merged or result.agencies or result.general)  # the plan of 2024 itself: the same
    [view] = result.views
    assert (view.what, view.day, [(a.id, a.status) for a in view.agencies]) == ("dispatch", "05/3/2025",
                                                                               [("so-gtvt", "new")])
    assert "Công văn triển khai ngày 05/3/2025 (gửi các cơ quan có vào ngày đó), thay đổi thêm:" in lines
    assert "Sở Giao thông vận tải (so-gtvt) — mới được giao nhiệm vụ:" in lines
    assert "không có thay đổi" not in "\n".join(lines)


def test_a_merge_moved_past_a_report_deadline_is_said_for_that_years_forms(project, tmp_path):
    """Reports for 2024 and 2025: Sở TT&TT merged on 01/12/2025, after the 2025 deadline, makes its
    own 2025 form, and Sở KH&CN's 2025 form loses the task it took over."""
    project.edit_spec(*TWO_YEARS)
    registry = redated(project.agencies.read_text(encoding="utf-8"), "so-tttt", "merged_on", "01/12/2025")
    result, lines = registries_compared(project, tmp_path, registry)
    [view] = result.views
    assert (view.what, view.year, view.day) == ("report", 2025, "15/11/2025")
    by_id = {a.id: a for a in view.agencies}
    assert by_id["so-tttt"].status == "new" and [i.task for i in by_id["so-khcn"].removed] == ["II.1.b"]
    assert "Biểu mẫu báo cáo năm 2025 (của các cơ quan có vào hạn báo cáo 15/11/2025), thay đổi thêm:" in lines


def test_a_plan_diff_says_what_a_new_dispatch_date_changes_for_the_letters(project):
    """Dating the dispatch after the 2025 merges sends the letters to the bodies of that day: the
    diff of the two specs says the date and, for the letters, the merges."""
    old_path = project.spec.with_name("old.yaml")
    old_path.write_text(project.spec.read_text(encoding="utf-8"), encoding="utf-8")
    project.edit_spec(*DISPATCHED)
    old, new = load_plan(old_path), load_plan(project.spec)
    result = diff.compare(old, new)
    assert [(c.field, c.new) for c in result.general] == [("dispatch.date", "05/3/2025")]
    [view] = result.views
    assert {n.old_id for n in view.merged} == {"so-tttt", "so-nnptnt", "so-khdt", "so-gtvt", "so-tnmt", "so-ldtbxh",
                                               "ban-dan-toc"}
    assert not diff.compare(new, new).views  # the same plan: nothing on any day


def _document_digests(plan) -> dict[str, tuple[str, str]]:
    return {u.key: (u.input_digest(), u.out) for u in discover(plan)}


def test_no_change_of_the_registry_is_missed_on_any_day_a_document_is_made_for(project, tmp_path):
    """Over random changes of the registry's merge and dissolution days (a 2024 plan, dispatched on
    05/3/2025, with reports for 2024 and 2025): ``diff`` finds nothing exactly when every document
    would be the same."""
    project.edit_spec(*DISPATCHED)
    project.edit_spec(*TWO_YEARS)
    base = project.agencies.read_text(encoding="utf-8")
    old_digests = _document_digests(load_plan(project.spec))
    merged = ["so-tttt", "so-nnptnt", "so-khdt", "so-gtvt", "so-tnmt", "so-ldtbxh", "ban-dan-toc"]
    districts = ["ubnd-dong-ha", "ubnd-tx-quang-tri", "ubnd-vinh-linh"]
    days = ["01/6/2024", "01/3/2025", "04/3/2025", "06/3/2025", "01/7/2025", "14/11/2025", "16/11/2025", "01/1/2026"]
    compared_registries = said = 0
    for seed in range(30):
        rng = random.Random(seed)
        registry = base
        for _ in range(rng.randint(1, 2)):
            if rng.random() < 0.7:
                registry = redated(registry, rng.choice(merged), "merged_on", rng.choice(days))
            else:
                registry = redated(registry, rng.choice(districts), "dissolved_on", rng.choice(days))
        try:
            result, _ = registries_compared(project, tmp_path, registry)
        except SpecError:
            continue
        compared_registries += 1
        same = _document_digests(load_plan(project.spec, agencies=tmp_path / "agencies-moi.yaml")) == old_digests
        assert result.empty == same, f"seed {seed}"
        said += not result.empty
    assert compared_registries >= 25 and said >= 15


def _rename_agency(registry: dict, old: str, new: str) -> None:
    """Give agency ``old`` the code ``new`` in place (same order), and every reference to it."""
    registry["agencies"] = {new if aid == old else aid: entry for aid, entry in registry["agencies"].items()}
    for entry in registry["agencies"].values():
        for field in ("parent", "merged_into", "renamed_from"):
            if entry.get(field) == old:
                entry[field] = new


def _edit_registry(registry: dict, rng: random.Random) -> None:
    """Make one edit a clerk could make to the registry: a name, a short name, a unit, a code …"""
    agencies = registry["agencies"]
    aid = rng.choice(list(agencies))
    entry = agencies[aid]
    edit = rng.randrange(9)
    if edit == 0:
        entry["short_name"] = (entry.get("short_name") or entry["name"]) + " (mới)"
    elif edit == 1 and entry.get("units"):
        code = rng.choice(list(entry["units"]))
        entry["units"][code] += " (mới)"
    elif edit == 2:
        entry["units"] = {"TH": "Phòng Tổng hợp", **(entry.get("units") or {})}
    elif edit == 3:
        _rename_agency(registry, aid, aid + "-x8")
    elif edit == 4:
        entry["name"] += " tỉnh"
    elif edit == 5:
        entry["place"] = "Đông Hà"
    elif edit == 6:
        entry["head_title"] = "PHÓ GIÁM ĐỐC"
    elif edit == 7:
        entry["aliases"] = [*entry.get("aliases", []), "Tên khác"]
    elif edit == 8:
        entry["abbreviation"] += "X"


def test_no_change_of_an_agencys_fields_is_missed_nor_one_said_that_no_document_prints(project, tmp_path):
    """Over random edits of the registry's entries (names, short names, units, codes …): ``diff``
    finds nothing exactly when every document would be the same."""
    project.edit_spec(*DISPATCHED)
    project.edit_spec(*TWO_YEARS)
    base = yaml.safe_load(project.agencies.read_text(encoding="utf-8"))
    old_digests = _document_digests(load_plan(project.spec))
    compared_registries = said = 0
    for seed in range(60):
        rng = random.Random(seed)
        registry = copy.deepcopy(base)
        for _ in range(rng.randint(1, 2)):
            _edit_registry(registry, rng)
        try:
            result, _ = registries_compared(project, tmp_path, yaml.safe_dump(registry, allow_unicode=True,
                                                                                sort_keys=False))
        except SpecError:  # a code the spec names, renamed
            continue
        compared_registries += 1
        same = _document_digests(load_plan(project.spec, agencies=tmp_path / "agencies-moi.yaml")) == old_digests
        assert result.empty == same, f"seed {seed}: {result}"
        said += not result.empty
    assert compared_registries >= 40 and 10 <= said < compared_registries


@pytest.mark.parametrize("before, after", [
    ("  dai-hoc-hue:\n", "  dai-hoc-hue-x8:\n"),  # a new code for a body no document is issued by or sent to
    ("      QLKH: Phòng Quản lý khoa học\n", "      QLKH: Phòng Quản lý Khoa học\n"),  # only the unit's code is printed
    ("    short_name: Liên hiệp các Hội KH&KT tỉnh\n", "    short_name: Liên hiệp Hội tỉnh\n"),  # printed for heads only
], ids=["code-of-a-parent", "name-of-a-unit", "short-name-of-an-agency-with-tasks"])
def test_a_registry_change_no_document_prints_is_no_change(project, tmp_path, before, after):
    text = project.agencies.read_text(encoding="utf-8")
    assert text.count(before) == 1
    registry = text.replace(before, after)
    if "dai-hoc-hue-x8" in after:
        registry = registry.replace("parent: dai-hoc-hue\n", "parent: dai-hoc-hue-x8\n")
    result, lines = registries_compared(project, tmp_path, registry)
    assert result.empty, lines
    assert lines[-1] == "Với kế hoạch này, hai danh mục cơ quan giao cùng nhiệm vụ cho cùng cơ quan: không có thay đổi."


def test_a_list_put_in_another_order_is_said_as_such(project):
    spec = project.spec.read_text(encoding="utf-8")
    start = spec.index("recipients:\n") + len("recipients:\n")
    end = spec.index("\n\n", start) + 1
    entries = spec[start:end].splitlines(keepends=True)
    old = load_plan(project.spec)
    project.spec.write_text(spec[:start] + "".join(reversed(entries)) + spec[end:], encoding="utf-8")
    new = load_plan(project.spec)
    result = diff.compare(old, new)
    assert {(c.field, c.old == c.new) for c in result.general} == {("recipients", True)}
    assert len(result.general) == len(entries) - 1
    [line] = [line for line in diff.text_lines(result, new, old) if "recipients" in line]
    assert line.startswith(f"  • recipients: đổi thứ tự ({len(entries) - 1} dòng nay ở chỗ khác: “")


# ---------------------------------------------------------------- ids that alone changed

def test_an_agency_id_changed_alone_is_one_line(project, tmp_path):
    """Sở Y tế's code changed, its name and place in the registry kept: ``build`` keeps its documents
    as its own (same folder), so ``diff`` says the new code on one line, no task added nor removed."""
    registry = project.agencies.read_text(encoding="utf-8").replace("  so-y-te:\n", "  so-yte:\n")
    result, lines = registries_compared(project, tmp_path, registry)
    assert [(r.what, r.old, r.new) for r in result.rekeyed] == [("agency", "so-y-te", "so-yte")]
    assert not (result.merged or result.reassigned or result.agencies or result.general or result.views)
    assert lines[1:] == ["Mã cơ quan đổi: Sở Y tế “so-y-te” nay là “so-yte” (cùng tên, cùng thư mục: lần build "
                         "tới giữ văn bản của cơ quan, ghi nhận theo mã mới, và chuyển báo cáo, công văn đôn đốc "
                         "trong sổ theo dõi của kế hoạch sang mã mới; sổ theo dõi chọn bằng --db thì không)."]


def test_a_task_id_changed_alone_is_one_line_and_no_change(project):
    """A task given another id, its text, place and agencies kept: no document prints the id."""
    result, lines = compared(project, ("              - task: II.2.a-2\n", "              - task: II.2.a-2x\n"))
    assert [(r.what, r.old, r.new, r.name) for r in result.rekeyed] == [("task", "II.2.a-2", "II.2.a-2x", "II.2.a")]
    assert result.empty and not (result.agencies or result.reassigned or result.reordered)
    assert lines[1:] == ["Mã nhiệm vụ đổi: II.2.a-2 → II.2.a-2x (mục II.2.a; mã nhiệm vụ không in trong văn bản nào).",
                         "Hai kế hoạch giao cùng nhiệm vụ, cùng nội dung cho cùng cơ quan: không có thay đổi."]


def test_a_change_on_the_plans_day_that_no_document_is_made_on_is_no_change(project, tmp_path):
    """A plan issued 20/12/2024, dispatched 05/3/2025, with forms for 2025 and 2026: every per-agency
    document reads the registry on a later day. Sở GTVT merged on 01/12/2024 instead of 01/3/2025
    changes the plan as it stood on its own day only, so nothing."""
    project.edit_spec("  year: 2024\n", "  number: 210\n  date: 20/12/2024\n")
    project.edit_spec("years: [2024]", "years: [2025, 2026]")
    project.edit_spec(*DISPATCHED)
    registry = redated(project.agencies.read_text(encoding="utf-8"), "so-gtvt", "merged_on", "01/12/2024")
    result, lines = registries_compared(project, tmp_path, registry)
    assert result.empty, lines
    new = load_plan(project.spec, agencies=tmp_path / "agencies-moi.yaml")
    assert _document_digests(new) == _document_digests(load_plan(project.spec))


def test_report_years_left_out_are_compared_as_they_result():
    from pathlib import Path

    plans = Path(__file__).resolve().parents[2] / "variables" / "plans"
    old, new = load_plan(plans / "ke-hoach-709.yaml"), load_plan(plans / "ke-hoach-709-sua-doi-2025.yaml")
    assert new.spec.reporting.years == ()  # left out: its first report year, 2025
    years = [c for c in diff.compare(old, new).general if c.field == "reporting.years"]
    assert [(c.old, c.new) for c in years] == [("2024", "2025")]
    result = CliRunner().invoke(cli, ["diff", str(plans / "ke-hoach-709.yaml"),
                                      str(plans / "ke-hoach-709-sua-doi-2025.yaml"), "--format", "json"])
    assert '"new": null' not in result.stdout.split('"reporting.years"')[1].split("}")[0]


def test_the_dispatch_letters_changes_name_no_sender_and_a_deadline_says_from_what_to_what(tmp_path):
    """A plan of 20/02/2025 dispatched 06/3/2025 (Sở TT&TT merged into Sở KH&CN in between): the
    changes under "Công văn triển khai ngày 06/3/2025" listed Sở KH&CN, which sends the letters and
    gets none, and "Đổi thời hạn …" said no values."""
    from tests.spec.tiny_spec import VALID, edit, write_project

    base = edit(VALID, ("  year: 2024", "  number: 7\n  date: 20/02/2025")) + "dispatch:\n  date: 06/03/2025\n"
    old = load_plan(write_project(tmp_path, base))
    new = load_plan(write_project(tmp_path, edit(base, ("        task: t-2\n", "        task: t-2\n"
                                                                           "        deadline: 30/09/2025\n"))))
    result = diff.compare(old, new)
    lines = diff.text_lines(result, new, old)
    dispatch, report = (lines.index(head) for head in (
        "Công văn triển khai ngày 06/3/2025 (gửi các cơ quan có vào ngày đó), thay đổi thêm:",
        "Biểu mẫu báo cáo năm 2025 (của các cơ quan có vào hạn báo cáo 15/11/2025), thay đổi thêm:"))
    assert lines[dispatch + 1:report] == ["Sở Nội vụ (so-noi-vu):",
                                         "  ~ Đổi thời hạn của nhiệm vụ t-2 (mục I): từ (không ghi) thành “30/9/2025”"]
    assert "Sở Khoa học và Công nghệ (so-khcn):" in lines[report:]  # its report form lists the task


def _revised_before_the_districts_go(project, day: str = "15/03/2025") -> str:
    """Write beside the spec a revision issued 15/3/2025 reporting for 2025, still giving the
    districts their tasks (they exist that day) though they are dissolved on 01/7/2025, before
    the 2025 deadline: they get a letter, but no form; return its path."""
    revision = project.spec.with_name("sua-doi.yaml")
    text = project.spec.read_text(encoding="utf-8").replace("document:\n", "revises: plan.yaml\n\ndocument:\n", 1)
    text = text.replace("  year: 2024\n", f"  number: 50\n  date: {day}\n", 1).replace("years: [2024]", "years: [2025]")
    revision.write_text(text, encoding="utf-8")
    return str(revision)


def test_diff_says_which_agencies_report_form_goes_and_why(project):
    revision = _revised_before_the_districts_go(project)
    said = CliRunner().invoke(cli, ["diff", str(project.spec), revision])
    assert said.exit_code == 0, said.output
    lines = said.stdout.splitlines()
    start = lines.index("Biểu mẫu báo cáo hằng năm của cơ quan, thêm hoặc bỏ:")
    assert lines[start + 3] == (
        "  • Ủy ban nhân dân huyện Vĩnh Linh (ubnd-vinh-linh): không còn biểu mẫu báo cáo, không phải gửi báo cáo "
        "năm 2025 — cơ quan không còn từ ngày 01/7/2025, trước hạn báo cáo năm 2025, ngày 17/11/2025 (15/11/2025 là ngày nghỉ) (kế hoạch cũ: "
        "biểu mẫu báo cáo năm 2024)")
    assert len([line for line in lines[start + 1:] if line.startswith("  • Ủy ban nhân dân")]) == 10
    assert not any("Sở Tài chính (so-tai-chinh): không còn biểu mẫu" in line for line in lines)
    back = CliRunner().invoke(cli, ["diff", revision, str(project.spec)]).stdout.splitlines()
    assert ("  • Ủy ban nhân dân huyện Vĩnh Linh (ubnd-vinh-linh): nay có biểu mẫu báo cáo, phải gửi báo cáo năm 2024 "
            "(kế hoạch cũ không có — cơ quan không còn từ ngày 01/7/2025, trước hạn báo cáo năm 2025, ngày 17/11/2025 (15/11/2025 là ngày nghỉ))") in back


def test_diff_json_has_each_report_form_that_goes(project):
    revision = _revised_before_the_districts_go(project)
    said = CliRunner().invoke(cli, ["diff", str(project.spec), revision, "--format", "json"])
    reports = {r["id"]: r for r in json.loads(said.stdout)["reports"]}
    assert len(reports) == 10
    assert reports["ubnd-vinh-linh"] == {
        "id": "ubnd-vinh-linh", "name": "Ủy ban nhân dân huyện Vĩnh Linh", "old_years": [2024], "new_years": [],
        "years": [2025], "year": 2025, "deadline": "17/11/2025",
        "deadline_said": "17/11/2025 (15/11/2025 là ngày nghỉ)", "how": "dissolved", "date": "01/7/2025",
        "successor": None}


def test_a_dissolved_agency_said_as_such_gets_no_second_line_about_its_report():
    old, new = load_plan(str(BUNDLED)), load_plan(str(BUNDLED.with_name("ke-hoach-709-sua-doi-2025.yaml")))
    result = diff.compare(old, new)
    assert [a.status for a in result.agencies if a.id == "ubnd-vinh-linh"] == ["dissolved"]
    assert result.reports == []


def test_a_report_form_gone_to_the_body_merged_into_says_which_and_since_when(project):
    revision = _revised_before_the_districts_go(project, "15/02/2025")  # before the merges of 01/3/2025
    lines = CliRunner().invoke(cli, ["diff", str(project.spec), revision]).stdout.splitlines()
    assert ("  • Sở Kế hoạch và Đầu tư (so-khdt): không còn biểu mẫu báo cáo, không phải gửi báo cáo năm 2025 — đã "
            "hợp nhất vào Sở Tài chính từ ngày 01/3/2025, trước hạn báo cáo năm 2025, ngày 17/11/2025 (15/11/2025 là ngày nghỉ): Sở Tài chính báo "
            "cáo thay (kế hoạch cũ: biểu mẫu báo cáo năm 2024)") in lines
