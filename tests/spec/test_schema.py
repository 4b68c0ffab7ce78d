"""``khcn-docs schema``: the JSON Schema of a plan spec agrees with the loader."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from khcn_docs.cli import cli
from khcn_docs.schema import DRAFT, spec_schema
from tests.spec.broken_specs import by_kind
from tests.spec.seed_text import BUNDLED_SPEC
from tests.spec.tiny_spec import VALID, edit


def yaml_data(text: str):
    """Return the plain data of ``text``, dates kept as text (as the loader reads them)."""
    import tempfile
    from pathlib import Path

    from khcn_docs.spec.yamlsrc import load

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "spec.yaml"
        path.write_text(text, encoding="utf-8")
        return load(path).data


def problems(instance, schema: dict, root: dict | None = None) -> list[str]:
    """Return what is wrong with ``instance`` for the subset of JSON Schema that spec_schema() uses."""
    root = root or schema
    if "$ref" in schema:
        return problems(instance, root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root)
    found: list[str] = []
    types = {"object": dict, "array": list, "string": str, "integer": int, "null": type(None)}
    if "type" in schema and not isinstance(instance, types[schema["type"]]):
        return [f"{instance!r} is not {schema['type']}"]
    if "enum" in schema and instance not in schema["enum"]:
        found.append(f"{instance!r} not in {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], instance):
        found.append(f"{instance!r} does not match {schema['pattern']}")
    if schema.get("format") == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(instance)):
        found.append(f"{instance!r} is not a date")
    if len(instance) < schema.get("minLength", 0) if isinstance(instance, str) else False:
        found.append("too short")
    if isinstance(instance, int) and not schema.get("minimum", instance) <= instance <= schema.get("maximum", instance):
        found.append(f"{instance!r} out of [{schema.get('minimum')}, {schema.get('maximum')}]")
    if isinstance(instance, dict):
        found += [f"missing {k}" for k in schema.get("required", []) if k not in instance]
        found += [f"{k} without {need}" for k, needs in schema.get("dependentRequired", {}).items()
                  if k in instance for need in needs if need not in instance]
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            found += [f"extra {k}" for k in instance if k not in props]
        for key, value in instance.items():
            found += problems(value, props[key], root) if key in props else []
        if "if" in schema and not problems(instance, schema["if"], root):
            found += problems(instance, schema["then"], root)
    if isinstance(instance, list) and "items" in schema:
        found += [p for item in instance for p in problems(item, schema["items"], root)]
    if "anyOf" in schema and all(problems(instance, s, root) for s in schema["anyOf"]):
        found.append(f"{instance!r} matches none of anyOf")
    if "oneOf" in schema and sum(not problems(instance, s, root) for s in schema["oneOf"]) != 1:
        found.append(f"{instance!r} must match exactly one of oneOf")
    return found


def test_schema_names_its_draft_and_title():
    schema = spec_schema()
    assert schema["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert "kế hoạch" in schema["title"] and "plan spec" in schema["title"]


def test_every_description_an_editor_shows_is_the_clerks_not_a_docstring():
    """Editors show these over the keys a clerk types: Vietnamese, never the models' English docstrings."""
    from khcn_docs.schema import MODEL_DESCRIPTIONS, description

    schema = spec_schema()
    described = {"": schema.get("description"), **{name: d.get("description") for name, d in schema["$defs"].items()}}
    assert described == {name: description(name) if name in MODEL_DESCRIPTIONS else None for name in described}
    assert set(MODEL_DESCRIPTIONS) <= set(described)
    assert not any(text.startswith("schema.") for text in described.values() if text)  # no key left untranslated


def test_schema_requires_the_top_level_keys():
    assert set(spec_schema()["required"]) == {"document", "body", "reporting", "recipients", "signature"}


def test_every_model_forbids_unknown_keys():
    schema = spec_schema()
    assert schema["additionalProperties"] is False
    assert {name: d["additionalProperties"] for name, d in schema["$defs"].items()} == {
        name: False for name in ("Dispatch", "DocumentMeta", "Node", "Reporting", "Signature")}


def test_authority_is_an_enum():
    authority = spec_schema()["$defs"]["Signature"]["properties"]["authority"]
    assert {"enum": ["KT", "TL", "TUQ", "Q"], "type": "string"} in authority["anyOf"]


def test_every_key_is_described():
    schema = spec_schema()
    for owner in [schema, *schema["$defs"].values()]:
        for key, prop in owner["properties"].items():
            if key not in ("kind",):
                assert prop.get("description"), key


def test_bundled_spec_is_valid():
    data = yaml_data(BUNDLED_SPEC.read_text(encoding="utf-8"))
    assert problems(data, spec_schema()) == []


def test_bundled_spec_is_valid_for_jsonschema():
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(spec_schema())
    jsonschema.validate(yaml_data(BUNDLED_SPEC.read_text(encoding="utf-8")), spec_schema())


@pytest.mark.parametrize("spec, valid", [
    (VALID, True),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  number: 5\n  date: 15/11/2024")), True),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  number: 5\n  date: 2024-11-15")), True),
    (by_kind("unknown-key").spec, False),
    (by_kind("node-with-two-kinds").spec, False),
    (by_kind("kt-without-head-title").spec, False),
    (by_kind("drafting-unit-lower-case").spec, False),
    (by_kind("number-not-a-number").spec, False),
    (by_kind("lead-as-string").spec, False),
    (by_kind("date-wrong-format").spec, False),
    (by_kind("task-id-with-diacritics").spec, False),
    (edit(VALID, ("authority: KT", "authority: XX")), False),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  number: 5\n  date: 15-11-2024")), True),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  number: 5\n  date: 15.11.2024")), True),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  number: 5\n  date: 15/11-2024")), False),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  number: 0")), False),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  number: 100000")), False),
    (edit(VALID, ("  year: 2024", "  year: 1900")), False),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  date: 15/11/2024")), False),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  number: 5")), False),
    (VALID + "dispatch:\n  numbers: {so-noi-vu: 46}\n", False),
    (VALID + "dispatch:\n  date: 15/11/2024\n", True),
    (edit(VALID, ("  year: 2024", "  year: \"2024\"\n  number: \"135\"\n  date: 15/11/2024")), True),
    (edit(VALID, ("  day: 15", "  day: \"15\"")) + "dispatch:\n  numbers: {so-noi-vu: \"0046\"}\n  date: 15/11/2024\n",
     True),
    (edit(VALID, ("  year: 2024", "  year: 2024\n  number: \"135a\"\n  date: 15/11/2024")), False),
], ids=["valid", "clerk-date", "iso-date", "unknown-key", "two-kinds", "kt-no-head-title", "unit-lower-case",
        "number-abc", "lead-string", "date-format", "task-id", "authority", "dashed-date", "dotted-date",
        "mixed-date", "number-0", "number-too-big", "year-1900", "date-without-number", "number-without-date",
        "dispatch-numbers-without-date", "dispatch-date-without-numbers", "quoted-numbers", "quoted-day-numbers",
        "quoted-not-a-number"])
def test_schema_agrees_with_the_loader(spec, valid):
    assert (problems(yaml_data(spec), spec_schema()) == []) is valid
    jsonschema = pytest.importorskip("jsonschema")
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert jsonschema.Draft202012Validator(spec_schema(), format_checker=checker).is_valid(yaml_data(spec)) is valid
    assert jsonschema.Draft202012Validator(spec_schema()).is_valid(yaml_data(spec)) is valid  # formats not asserted


def test_bounds_are_in_json_schema_words():
    """pydantic leaves ``ge``/``le`` after a BeforeValidator; editors ignore such unknown keywords."""
    text = json.dumps(spec_schema())
    assert not re.search(r'"(ge|le|gt|lt)":', text) and '"minimum": 1' in text and '"maximum": 99999' in text


def test_schema_command_prints_the_schema():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == spec_schema()
    assert "Ngày ban hành" in result.output  # ensure_ascii=False: Vietnamese as written


def test_schema_command_writes_a_file(tmp_path):
    result = CliRunner().invoke(cli, ["schema", "--output", str(tmp_path / "plan.schema.json")])
    assert result.exit_code == 0
    assert json.loads((tmp_path / "plan.schema.json").read_text(encoding="utf-8")) == spec_schema()


def test_numbers_in_quotes_load_and_the_schema_accepts_them(tmp_path):
    """The loader reads ``number: "135"`` as 135, so an editor using the schema must not mark it."""
    from khcn_docs.spec.load import load_plan
    from tests.spec.tiny_spec import write_project

    spec = edit(VALID, ("  year: 2024", "  year: 2024\n  number: \"0135\"\n  date: 15/11/2024"), ("  day: 15", "  day: \"15\""))
    assert load_plan(write_project(tmp_path, spec)).spec.document.number == 135
    assert problems(yaml_data(spec), spec_schema()) == []


def test_the_descriptions_are_in_the_language_chosen(monkeypatch):
    """``--lang en`` (or KHCN_DOCS_LANG=en) gives every key an English description, Vietnamese by default."""
    from khcn_docs.schema import DESCRIPTIONS, MODEL_DESCRIPTIONS

    def texts(result) -> list[str]:
        assert result.exit_code == 0, result.output
        schema = json.loads(result.output)
        owners = {"": schema, **schema["$defs"]}
        return ([owners[model]["description"] for model in MODEL_DESCRIPTIONS]
                + [owners[model]["properties"][field]["description"] for model, field in DESCRIPTIONS])

    vi, en = texts(CliRunner().invoke(cli, ["schema"])), texts(CliRunner().invoke(cli, ["--lang", "en", "schema"]))
    assert all(a != b for a, b in zip(vi, en)) and not any(x.startswith("schema.") for x in vi + en)
    assert "Who sends the letters: monitor (the collecting body) or issuer (the issuing body)." in en
    assert "Ai gửi công văn: monitor (cơ quan tổng hợp) hoặc issuer (cơ quan ban hành)." in vi
    from khcn_docs import i18n

    monkeypatch.setattr(i18n, "_current", [])  # forget --lang: the environment's choice alone
    monkeypatch.setenv("KHCN_DOCS_LANG", "en")
    assert texts(CliRunner().invoke(cli, ["schema"])) == en
