"""The one YAML reader for files users hand the loaders: curated data and table mappings.

PyYAML's ``SafeLoader`` builds no Python objects, but it still expands aliases: nine
anchors of nine aliases each (a "billion laughs" of 1 KB) build a structure of 9⁹ nodes,
a minute of CPU and then a MemoryError; a few thousand nested brackets exhaust the
recursion of its composer. None of these files needs an alias, so :class:`SafeYamlLoader`
refuses the first one, limits nesting to :data:`MAX_DEPTH` and files to :data:`MAX_BYTES`:
time and memory stay linear in a bounded input. It also refuses a key given twice in one
mapping (PyYAML keeps the last silently) and turns every constructor failure (a date that
does not exist, an integer of 10,000 digits) into a YAML error with its position, so that
every problem is one line: file, line, column, what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from graph.errors import LoadError
from loaders.base import checked_input, one_line

__all__ = ["MAX_BYTES", "MAX_DEPTH", "SafeYamlLoader", "read_yaml", "yaml_problem"]

MAX_BYTES = 10_000_000
MAX_DEPTH = 64


class SafeYamlLoader(yaml.SafeLoader):
    """``SafeLoader`` without aliases, with bounded nesting and unique keys."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(
                None,
                None,
                f"an alias (*{event.anchor}) is not accepted here; write the value out",
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            raise ComposerError(
                None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise ConstructorError(
                None, None, f"cannot read this value: {str(exc).split(';')[0]}", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key, _value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if (key.tag, key.value) in seen:
                        raise ConstructorError(
                            None, None, f"the key {key.value!r} is given twice", key.start_mark
                        )
                    seen.add((key.tag, key.value))
        return super().construct_mapping(node, deep)


def yaml_problem(exc: yaml.YAMLError, text: str = "") -> str:
    """A PyYAML error as one line: ``line L, column C: not valid YAML: what``."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return f"line {line}, column {column}: not valid YAML: the character U+{char:04X} is not allowed"
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        context = ""
        if exc.context and exc.problem and exc.context_mark is not None:
            context = f" ({exc.context} at line {exc.context_mark.line + 1})"
        return one_line(f"{where}not valid YAML: {problem}{context}")
    return one_line(f"not valid YAML: {exc}")


def read_yaml(
    path: Path, what: str = "YAML file", loader: type[SafeYamlLoader] = SafeYamlLoader
) -> Any:
    """The document of a YAML file, or a one-line LoadError naming the file and position.

    Raises:
        LoadError: missing, unreadable, too big, not UTF-8 or not valid YAML (aliases,
            deep nesting and repeated keys included).
    """
    path = checked_input(Path(path), what)
    shown = one_line(str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoadError(f"a {what} of {size:,} bytes (at most {MAX_BYTES:,})", file=shown)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not UTF-8 ({exc.reason} at byte {exc.start})", file=shown) from None
    try:
        return yaml.load(text, Loader=loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise LoadError(yaml_problem(exc, text), file=shown) from None
