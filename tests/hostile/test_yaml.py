"""Hostile YAML against the two places users hand the loaders YAML: a table's mapping
(``gongfu load TABLE --mapping M.yaml``) and the curated folder (``gongfu build --data``).

Both read through ``loaders/yaml_safe.py``: an alias bomb, deep nesting, an object tag, a
repeated key or a broken file is refused at once, in one line naming the file, line and
column, with the store unchanged. (The time limits below only stop a hung case; an alias
bomb used to run for a minute before a MemoryError.)
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from loaders.yaml_safe import MAX_BYTES
from tests.conftest import ROOT
from tests.hostile.conftest import assert_refused

TABLE = ROOT / "data" / "examples" / "platform_customers.csv"
MAPPING = (ROOT / "data" / "examples" / "platform_customers.mapping.yaml").read_text(
    encoding="utf-8"
)


def _bomb(levels: int = 9) -> str:
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for i in range(1, levels):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        text += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    return text


@dataclass(frozen=True)
class Case:
    content: str | bytes
    mentions: tuple[str, ...]


# What a mapping (or a curated file: the same cases run against both) may not be.
CASES: dict[str, Case] = {
    "billion laughs (aliases)": Case(_bomb(), ("line 2, column 8", "alias")),
    "one alias": Case(MAPPING + "extra: &x {a: 1}\nmore: *x\n", ("alias (*x)",)),
    "a merge key": Case("base: &b {column: 平台}\nsubject:\n  <<: *b\n", ("line 3", "alias")),
    "unclosed flow sequence": Case("name: x\nsubject: [a\n", ("line 3, column 1", "flow sequence")),
    "undefined tag handle": Case("name: !e!foo bar\n", ("line 1, column 7", "tag handle")),
    "a python object tag": Case(
        'name: !!python/object/apply:os.system ["touch /tmp/gongfu-yaml-owned"]\n',
        ("line 1, column 7", "python/object"),
    ),
    "a key given twice": Case(
        "name: a\nrelation: serves\nname: b\n", ("line 3, column 1", "twice")
    ),
    "nested 10,000 deep": Case("name: " + "[" * 10_000 + "]" * 10_000 + "\n", ("deeper than",)),
    "an integer of 5,000 digits": Case("name: " + "9" * 5000 + "\n", ("line 1, column 7",)),
    "a date that does not exist": Case("name: 2023-02-30\n", ("line 1, column 7", "day")),
    "not UTF-8": Case(b"name: \xff\xfe\n", ("not UTF-8", "byte 6")),
    "a NUL character": Case("name: a\x00b\n", ("line 1, column 8", "U+0000")),
    "two documents": Case("name: a\n---\nname: b\n", ("line 2", "single document")),
    "tabs for indentation": Case("name: a\nsubject:\n\tcolumn: x\n", ("line 3, column 1",)),
}


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_mapping_is_refused(case: str, hostile_store: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "hostile.mapping.yaml"
    _write(mapping, CASES[case].content)
    assert_refused(
        ["load", str(TABLE), "--mapping", str(mapping)],
        hostile_store,
        mentions=("hostile.mapping.yaml", *CASES[case].mentions),
        timeout=60,
    )
    assert not Path("/tmp/gongfu-yaml-owned").exists()


CURATED_CASES = [
    "billion laughs (aliases)",
    "unclosed flow sequence",
    "a python object tag",
    "a key given twice",
    "nested 10,000 deep",
    "not UTF-8",
]


@pytest.mark.parametrize("case", CURATED_CASES)
def test_hostile_curated_file_is_refused(
    case: str, hostile_store: Path, scratch_data: Path
) -> None:
    bad = scratch_data / "curated" / "009_hostile.yaml"
    _write(bad, CASES[case].content)
    assert_refused(
        ["build", "--data", str(scratch_data)],
        hostile_store,
        mentions=("009_hostile.yaml", *CASES[case].mentions),
        timeout=90,
    )


def test_curated_syntax_error_in_a_real_file_is_one_line(
    hostile_store: Path, scratch_data: Path
) -> None:
    """A YAML syntax error used to take eight lines; now one, with file, line and column."""
    real = scratch_data / "curated" / "002_provincial_articles.yaml"
    lines = real.read_text(encoding="utf-8").splitlines()
    real.write_text("\n".join([*lines, "  - {s: [unclosed", ""]), encoding="utf-8")
    assert_refused(
        ["build", "--data", str(scratch_data)],
        hostile_store,
        mentions=("002_provincial_articles.yaml", f"line {len(lines) + 1}, column"),
    )


def test_curated_file_that_is_a_symlink(
    hostile_store: Path, scratch_data: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("entities: []\n", encoding="utf-8")
    (scratch_data / "curated" / "009_link.yaml").symlink_to(outside)
    assert_refused(
        ["build", "--data", str(scratch_data)],
        hostile_store,
        mentions=("009_link.yaml", "symbolic link"),
    )


def test_missing_curated_folder(hostile_store: Path, tmp_path: Path) -> None:
    assert_refused(
        ["build", "--data", str(tmp_path / "nothing")],
        hostile_store,
        mentions=("no curated files",),
    )


def test_missing_mapping(hostile_store: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    assert_refused(
        ["load", str(TABLE), "--mapping", str(missing)],
        hostile_store,
        mentions=("missing.yaml", "no such mapping file"),
    )


def test_mapping_that_is_a_directory(hostile_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert_refused(
        ["load", str(TABLE), "--mapping", str(folder)],
        hostile_store,
        mentions=("folder.yaml", "directory"),
    )


def test_mapping_that_is_a_symlink(hostile_store: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(MAPPING, encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert_refused(
        ["load", str(TABLE), "--mapping", str(link)],
        hostile_store,
        mentions=("link.yaml", "symbolic link"),
    )


def test_enormous_mapping(hostile_store: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("w", encoding="utf-8") as handle:
        handle.write(MAPPING)
        line = "# " + "x" * 998 + "\n"
        for _ in range(MAX_BYTES // len(line) + 1):
            handle.write(line)
    assert_refused(
        ["load", str(TABLE), "--mapping", str(huge)],
        hostile_store,
        mentions=("huge.yaml", "at most"),
    )


def test_the_example_mapping_still_loads(tmp_path: Path) -> None:
    from loaders.tabular import read_mapping

    copy = tmp_path / "m.yaml"
    shutil.copy(ROOT / "data" / "examples" / "platform_customers.mapping.yaml", copy)
    assert read_mapping(copy).name
