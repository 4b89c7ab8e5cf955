"""Reading a codebook's YAML text safely: bounded in size, nesting and alias expansion.

The loader is :class:`yaml.SafeLoader` (no Python objects are ever built from the text) with four
limits added, each refused with a :class:`~trustlab.errors.CodebookError` that names the file and
the line (the limits and their reasons are listed in ``docs/limits.md``):

* the file holds at most :data:`MAX_CODEBOOK_BYTES` bytes, checked before it is parsed (a real
  codebook of 5,000 items with Dutch and English wording takes about 600 KB);
* collections nest at most :data:`MAX_NESTING` levels deep (a codebook needs 5:
  ``covariates[0].categories[0].label.nl``); deeper nesting would exhaust Python's stack;
* the document, with every alias (``*name``) expanded, holds at most :data:`MAX_NODES` values.
  An alias shares the anchored value instead of copying it, so nine nested anchors in a 600-byte
  line name 10**9 values ("billion laughs"): cheap to load, but everything that walks the
  codebook (validation, messages, ``codebook show``) would expand them, for minutes and gigabytes.
  The expanded size is counted while the document is composed, from the composed nodes only, so
  such a file is refused in milliseconds; an alias to the collection it is inside of (a recursive
  structure) is refused too;
* a key appears at most once in a mapping: YAML itself lets the last of two equal keys win
  silently (``reverse: true`` then ``reverse: false`` would drop a reverse key without a word).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from trustlab.errors import CodebookError, brief

__all__ = ["MAX_CODEBOOK_BYTES", "MAX_NESTING", "MAX_NODES", "load_yaml", "read_codebook_text"]

#: The largest codebook file trustlab reads, in bytes (1 MiB).
MAX_CODEBOOK_BYTES = 1_048_576
#: The deepest nesting of lists and mappings in a codebook.
MAX_NESTING = 32
#: The most values (scalars, lists and mappings) a codebook may hold with its aliases expanded.
MAX_NODES = 1_000_000

_MERGE = "tag:yaml.org,2002:merge"


class _Refused(yaml.MarkedYAMLError):
    """A limit of the codebook loader, with the line it was met on."""


class _CodebookLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that bounds nesting and alias expansion and refuses duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(node) -> size with aliases expanded

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if node is not None and id(node) not in self._sizes:
                anchor = brief(event.anchor, 40, quote=False)
                raise _Refused(
                    problem=f"the alias *{anchor} refers to the list or mapping it is inside of "
                    "(a structure that contains itself); write the values out",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise _Refused(
                problem=f"lists and mappings nest more than {MAX_NESTING} levels deep; a "
                "codebook needs at most 5 (covariates, a category, its label); check the "
                "indentation and the brackets",
                problem_mark=self.peek_event().start_mark,
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        self._measure(node)
        return node

    def _measure(self, node: Node) -> None:
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        size = 1 + sum(self._sizes.get(id(child), 1) for child in children)
        if size > MAX_NODES:
            raise _Refused(
                problem=f"with its aliases (*name) expanded the codebook holds more than "
                f"{MAX_NODES:,} values; a codebook needs far fewer. Aliases that repeat aliases "
                "multiply (a 'billion laughs' file); write the values out instead",
                problem_mark=node.start_mark,
            )
        self._sizes[id(node)] = size

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except ValueError as exc:  # a number of over 4,300 digits, a date such as 2021-02-30
            problem = (
                "a whole number of more than 4,300 digits (codebook numbers lie between -10^15 "
                "and 10^15)"
                if "digits" in str(exc)
                else f"a value YAML cannot convert ({brief(str(exc), 200, quote=False)}); put it "
                "in quotes if it is a text"
            )
            raise yaml.constructor.ConstructorError(
                problem=problem, problem_mark=node.start_mark
            ) from None

    def construct_mapping(self, node: Node, deep: bool = False) -> dict:
        if isinstance(node, MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: SafeLoader refuses it below
                    continue
                seen.setdefault(key, key_node.start_mark.line + 1)
                if first is not None:
                    raise _Refused(
                        problem=f"the key {brief(key)} appears twice in the same mapping (first "
                        f"at line {first}); YAML would silently keep only the last one. Remove "
                        "or merge one of them",
                        problem_mark=key_node.start_mark,
                    )
        return super().construct_mapping(node, deep=deep)


def read_codebook_text(path: Any, name: str) -> str:
    """The codebook file's text, read at most :data:`MAX_CODEBOOK_BYTES` bytes far."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CODEBOOK_BYTES + 1)
    except FileNotFoundError:
        raise CodebookError(f"{name}: codebook file not found.", file=name) from None
    except IsADirectoryError:
        raise CodebookError(f"{name}: is a folder, not a codebook file.", file=name) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CodebookError(f"{name}: cannot read the codebook ({reason}).", file=name) from None
    if len(data) > MAX_CODEBOOK_BYTES:
        raise CodebookError(
            f"{name}: the file is larger than {MAX_CODEBOOK_BYTES:,} bytes (1 MiB), the largest "
            "codebook trustlab reads; a codebook of 5,000 items takes about 600 KB. Is this the "
            "codebook, and not the data file?",
            file=name,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(
            f"{name}: the codebook is not UTF-8 text (byte {data[exc.start]:#x} at position "
            f"{exc.start}); save it as UTF-8.",
            file=name,
        ) from None


def load_yaml(text: str, name: str) -> Any:
    """Parse a codebook's YAML text within the limits above; raise :class:`CodebookError`."""
    if len(text) > MAX_CODEBOOK_BYTES:  # text given directly: the same bound as for a file
        raise CodebookError(
            f"{name}: the codebook text is longer than {MAX_CODEBOOK_BYTES:,} characters, the "
            "largest codebook trustlab reads.",
            file=name,
        )
    loader = None
    try:
        loader = _CodebookLoader(text)
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        if isinstance(exc, yaml.reader.ReaderError):
            problem = f"character {exc.character:#06x} at position {exc.position}: {exc.reason}"
        else:
            problem = brief(getattr(exc, "problem", None) or str(exc), 300, quote=False)
        if isinstance(exc, _Refused):
            raise CodebookError(f"{name}: line {where.line + 1}: {problem}.", file=name) from None
        raise CodebookError(f"{name}: not valid YAML{line}: {problem}.", file=name) from None
    finally:
        if loader is not None:
            loader.dispose()
