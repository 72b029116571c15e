"""Every interface string the pages use is in the translation table, in both languages.

The keys are read from the ui code's syntax tree (calls of ``t``, ``tn`` and ``column``
with a constant key), not from its text.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graph.questions import load_questions
from ui.i18n import STRINGS

ROOT = Path(__file__).resolve().parent.parent
UI_FILES = sorted([ROOT / "app.py", *(ROOT / "ui").rglob("*.py")])


def _calls(tree: ast.AST, names: set[str]) -> list[ast.Call]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            if name in names and node.args:
                found.append(node)
    return found


def used_keys(path: Path) -> tuple[set[str], set[str]]:
    """The translation keys a file uses: (plain keys, prefixes of keys built at run time)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    keys: set[str] = set()
    prefixes: set[str] = set()
    for call in _calls(tree, {"t", "tn"}):
        arg = call.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            keys.add(arg.value)
        elif (
            isinstance(arg, ast.JoinedStr)
            and arg.values
            and isinstance(arg.values[0], ast.Constant)
        ):
            prefixes.add(str(arg.values[0].value))
    for call in _calls(tree, {"column"}):
        arg = call.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            keys.add(f"col.{arg.value}")
    return keys, prefixes


def test_the_scan_finds_the_keys_of_a_page() -> None:
    keys, prefixes = used_keys(ROOT / "ui" / "pages" / "questions.py")
    assert {"questions", "engine", "answered_by", "targets_vs_reported"} <= keys
    assert "val." in prefixes


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_key_a_file_uses_is_translated(path: Path) -> None:
    keys, prefixes = used_keys(path)
    missing = sorted(k for k in keys if k not in STRINGS)
    assert not missing, f"{path.name}: not in ui/i18n.py STRINGS: {missing}"
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in STRINGS), f"{path.name}: no key {prefix}…"


def test_every_string_has_both_languages() -> None:
    for key, pair in STRINGS.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        zh, en = pair
        assert zh.strip() and en.strip(), f"{key} is empty in a language"
        assert (
            not any("\u4e00" <= ch <= "\u9fff" for ch in en if ch not in "“”")
            or key in _EN_KEEPS_CHINESE
        ), f"{key}: the English text holds Chinese words"


#: English strings that name a Chinese term on purpose (a tier's name, search examples)
_EN_KEEPS_CHINESE = {"quick_answer", "quote_search_help"}


def test_placeholders_agree_between_languages() -> None:
    import string

    for key, (zh, en) in STRINGS.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (zh, en)]
        assert fields[0] == fields[1], key


def test_every_column_of_a_named_question_has_a_header() -> None:
    for q in load_questions().values():
        for column in q.columns:
            assert f"col.{column}" in STRINGS, (q.name, column)
