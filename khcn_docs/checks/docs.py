"""Generate the rule reference of ``docs/checker.md`` from the rule modules' docstrings.

``python -m khcn_docs.checks.docs docs/checker.md`` rewrites the block between the markers;
a test keeps the file in step with the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from khcn_docs.checks import rules, settings

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rule_reference() -> str:
    """Return the Markdown rule list: one section per rule with its clause, summary and defaults."""
    defaults = settings.defaults()
    parts = []
    for rule in rules.load():
        doc = (rule.__doc__ or "").strip().split("\n", 1)
        rest = doc[1].strip() if len(doc) > 1 else ""
        opts = ", ".join(f"`{k}: {v}`" for k, v in defaults[rule.ID].items() if k not in ("enabled",))
        summary = doc[0].split(": ", 1)[-1]
        parts.append(f"### `{rule.ID}`\n\n*{rule.CLAUSE}* — {rule.TITLE_VI}.\n\n"
                     f"{summary[:1].upper()}{summary[1:]}\n\n{rest}\n\nSettings / thiết lập: {opts}\n")
    return "\n".join(parts)


def update(path: Path) -> bool:
    """Rewrite the generated block of ``path``; return True when the file changed."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{rule_reference()}{END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def generated_block(path: Path) -> str:
    """Return the text between the markers of ``path`` (without the markers)."""
    text = path.read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {'updated' if update(Path(name)) else 'up to date'}")
