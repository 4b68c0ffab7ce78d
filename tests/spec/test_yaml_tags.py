"""The loader's resolver (``yamlsrc._Loader``) gives every node the tag PyYAML's safe loader gives it:
it only works the same answer out with less work, so what a file reads as cannot change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from khcn_docs.spec import yamlsrc

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*ROOT.glob("variables/**/*.yaml"), *ROOT.glob("khcn_docs/**/*.yaml"),
                *ROOT.glob("examples/**/*.yaml")])

TRICKY = [
    "", "~", "null", "Null", "NULL", "nULL", "none", "yes", "Yes", "YES", "yEs", "no", "No", "NO", "y", "Y", "n", "N",
    "true", "True", "TRUE", "tRUE", "false", "False", "on", "On", "ON", "off", "Off", "OFF", "onion", "Nguyễn",
    "Tổ chức", "Yên Bái", "Ninh Bình", "Ô Môn", "0", "00", "08", "0135", "-012", "+5", "1_000", "0x1F", "0X1F",
    "0b101", "0o17", "017", "1:30", "1:30.5", "190:20:30", "1.5", "012.5", "-1.5e+3", "1e3", "1.0e3", ".5", "._",
    ".inf", "-.inf", "+.Inf", ".INF", ".nan", ".NaN", ".Nan", "2024-01-01", "2024-1-1", "2024-01-01 10:20:30",
    "2024-01-01T10:20:30.5Z", "2024-01-01t10:20:30+07:00", "20/10/2024", "<<", "<", "<<<", "=", "==", "-", "+",
    ".", "1-2", "12 tháng", "3 ngày", "- x", "x: y", "'quoted'", "\"double\"",
]
"""Plain scalars where the resolvers' patterns begin, end or nearly match."""


def _tags(node: yaml.Node) -> list[tuple[str, object]]:
    """Return (tag, scalar text or kind) of ``node`` and every node under it, in document order."""
    if isinstance(node, yaml.ScalarNode):
        return [(node.tag, node.value)]
    out = [(node.tag, type(node).__name__)]
    for child in node.value:
        for part in (child if isinstance(node, yaml.MappingNode) else (child,)):
            out += _tags(part)
    return out


def _same_tags(text: str) -> None:
    """Assert that ``text`` composes to the same tags with the loader as with the safe loader it
    derives from (libyaml's, which the pure-Python parser differs from on ``! text``)."""
    assert _tags(yaml.compose(text, Loader=yamlsrc._Loader)) == _tags(yaml.compose(text, Loader=yamlsrc._SafeLoader))


def test_the_bundled_files_are_there():
    assert len(FILES) >= 5 and any(path.parent.name == "plans" for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_node_of_a_bundled_file_has_the_safe_loaders_tag(path):
    _same_tags(path.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("scalar", TRICKY)
def test_a_tricky_scalar_has_the_safe_loaders_tag_plain_quoted_as_key_and_in_a_list(scalar):
    single, double = scalar.replace("'", "''"), scalar.replace('"', '\\"')
    for text in (f"v: {scalar}\n", f"{scalar}: v\n", f"- {scalar}\n", f"[{scalar}]\n", f"v: !!str {scalar}\n",
                 f"v: ! {scalar}\n", f"v: '{single}'\n", f'v: "{double}"\n', f"v: |\n  {scalar}\n"):
        try:
            yaml.compose(text, Loader=yamlsrc._SafeLoader)
        except yaml.YAMLError:  # not YAML written this way ("- x" as a key)
            continue
        _same_tags(text)


@pytest.mark.parametrize("scalar", TRICKY)
def test_a_tricky_scalar_resolves_as_pyyamls_own_resolver_resolves_it(scalar):
    mine, theirs = yamlsrc._Loader(""), yaml.resolver.Resolver()
    for implicit in ((True, False), (False, True), (False, False), (True, True)):
        assert mine.resolve(yaml.ScalarNode, scalar, implicit) == theirs.resolve(yaml.ScalarNode, scalar, implicit)
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        assert mine.resolve(kind, None, True) == theirs.resolve(kind, None, True)


def test_collections_block_flow_empty_and_anchored_have_the_safe_loaders_tags():
    _same_tags("a: &x {b: [1, c, {d: e}]}\nf: *x\ng: []\nh: {}\ni:\n- - j\n  - k\nl: !!map {m: n}\n"
               "o: !!seq [p]\n<<: {q: r}\ns: |\n  t\nu: >-\n  v\n  w\n")


def test_the_resolver_gives_the_same_tags_over_the_pure_python_parser():
    """Without libyaml the loader derives from the pure-Python safe loader, whose composer calls the
    same three methods."""
    methods = {name: vars(yamlsrc._Loader)[name] for name in ("resolve", "descend_resolver", "ascend_resolver")}
    pure = type("PureLoader", (yaml.SafeLoader,), methods)
    for path in FILES:
        text = path.read_text(encoding="utf-8-sig")
        assert _tags(yaml.compose(text, Loader=pure)) == _tags(yaml.compose(text, Loader=yaml.SafeLoader))


def test_the_safe_loader_has_no_path_resolvers():
    """The loader tracks no path while descending (``_Loader.descend_resolver``): right while the
    safe loader's resolver has none."""
    assert not yamlsrc._SafeLoader.yaml_path_resolvers
