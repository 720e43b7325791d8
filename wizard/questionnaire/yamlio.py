"""Safe YAML 1.2 reading that keeps the position of every node.

The data is built here from ruamel.yaml's event stream (libyaml's parser when available) rather than
by a YAML constructor, for three reasons: every mapping, key, value and item keeps its line and
column; plain scalars follow the YAML 1.2 core schema (``yes`` and ``2026-08-02`` stay strings,
``true`` is a boolean); and nothing is ever constructed from a tag. Explicit tags (``!!python/...``),
aliases and duplicate keys are refused, so nothing in a file can execute or explode.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .errors import Problem, QuestionnaireError

try:  # libyaml's parser, through ruamel: about fifty times faster than the pure-Python one
    from ruamel.yaml.cyaml import CParser as _CParser
except ImportError:  # pragma: no cover - a platform without the compiled parser
    _CParser = None

MAX_FILE_BYTES = 5_000_000

# YAML 1.2 core schema, for plain (unquoted) scalars only: everything else is a string.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


@dataclass(frozen=True)
class Pos:
    """A 1-based position in a source file."""

    path: str
    line: int
    column: int

    def problem(self, message: str) -> Problem:
        return Problem(self.path, self.line, self.column, message)


class PMap(dict[Any, Any]):
    """A mapping that remembers where it, each key and each value start (1-based line, column)."""

    def __init__(self, pos: tuple[int, int]) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[Any, tuple[int, int]] = {}
        self.value_pos: dict[Any, tuple[int, int]] = {}


class PSeq(list[Any]):
    """A sequence that remembers where it and each item start."""

    def __init__(self, pos: tuple[int, int]) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[tuple[int, int]] = []


def _scalar(value: str, plain: bool) -> Any:
    if not plain:
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value


def _events(text: str, fast: bool) -> Iterator[Any]:
    if fast and _CParser is not None:
        parser = _CParser(io.StringIO(text))
        try:
            while True:
                event = parser.get_event()
                if event is None:
                    return
                yield event
                if type(event).__name__ == "StreamEndEvent":
                    return
        finally:
            parser.dispose()
    else:  # pragma: no cover
        yield from YAML(typ="rt", pure=True).parse(io.StringIO(text))


def _build(text: str, path: str, fast: bool = True) -> Any:
    """Build plain data with positions from the event stream, refusing tags, aliases and duplicate keys."""
    problems: list[Problem] = []
    stack: list[Any] = []  # containers being filled; for a mapping, a pending key sits on top as a tuple
    root: Any = None
    documents = 0

    def add(value: Any, pos: tuple[int, int]) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        if isinstance(top, PSeq):
            top.append(value)
            top.item_pos.append(pos)
        elif isinstance(top, PMap):
            if isinstance(value, PMap | PSeq) or not _hashable(value):
                problems.append(Problem(path, *pos, "a key must be a plain value, not a list or a mapping"))
                stack.append(("__bad_key__", pos))
                return
            if value in top:
                line, col = top.key_pos[value]
                problems.append(Problem(path, *pos, f"duplicate key '{value}' (first at line {line}): each key may "
                                        "appear only once in a mapping"))
            stack.append((value, pos))
        else:  # a pending key: this is its value
            key, key_pos = stack.pop()
            mapping = stack[-1]
            if key != "__bad_key__" and key not in mapping:
                mapping[key] = value
                mapping.key_pos[key] = key_pos
                mapping.value_pos[key] = pos

    for event in _events(text, fast):
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                problems.append(Problem(path, *pos, "only one YAML document per file: remove the '---' separator"))
                break
        if isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
            tag = str(getattr(event.tag, "value", event.tag)).replace("tag:yaml.org,2002:", "!!")
            problems.append(Problem(path, *pos, f"YAML tags such as '{tag}' are not allowed: remove the tag"))
        if isinstance(event, AliasEvent):
            problems.append(Problem(path, *pos, "YAML aliases (*name) are not supported: repeat the value instead"))
            add(None, pos)
        elif isinstance(event, ScalarEvent):
            plain = not event.style and bool(event.implicit and event.implicit[0])
            value_start = (pos[0], pos[1] + 1) if event.style in ('"', "'") else pos
            add(_scalar(event.value, plain), value_start)
        elif isinstance(event, MappingStartEvent):
            mapping = PMap(pos)
            add(mapping, pos)
            stack.append(mapping)
        elif isinstance(event, SequenceStartEvent):
            seq = PSeq(pos)
            add(seq, pos)
            stack.append(seq)
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            stack.pop()
    if problems:
        raise QuestionnaireError(problems)
    return root


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def read_yaml(text: str, path: str) -> Any:
    """Parse YAML 1.2 text into position-carrying dicts and lists, or raise QuestionnaireError."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise QuestionnaireError([Problem(path, 0, 0, f"file is larger than {MAX_FILE_BYTES} bytes")])
    try:
        try:
            return _build(text, path)
        except MarkedYAMLError:
            if _CParser is None:
                raise
            # libyaml follows YAML 1.1 and refuses a few valid YAML 1.2 texts (a plain scalar ending in
            # " ?" inside braces, say): the pure-Python YAML 1.2 parser decides, and reports any error.
            return _build(text, path, fast=False)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = (exc.problem or str(exc)).strip()
        if exc.context:
            what = f"{exc.context.strip()}: {what}"
        raise QuestionnaireError([Problem(path, line, col, f"YAML syntax error: {what}")]) from None
    except YAMLError as exc:
        raise QuestionnaireError([Problem(path, 0, 0, f"YAML error: {exc}")]) from None


def read_yaml_file(path: str) -> Any:
    """Read and parse a YAML file, turning I/O and encoding failures into problems."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise QuestionnaireError([Problem(path, 0, 0, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise QuestionnaireError([Problem(path, 0, 0, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise QuestionnaireError([Problem(path, 0, 0, f"cannot read file: {exc.strerror}")]) from None
    return read_yaml(text, path)


def node_pos(root: Any, loc: Sequence[int | str], path: str) -> Pos:
    """The position of the node reached by following ``loc`` from ``root``, as deep as it goes.

    A key that exists points at the key itself (where an editor looks for a misspelt key); a key that
    does not exist (a missing field) stops the walk at its parent mapping.
    """
    line, col = getattr(root, "pos", (1, 1))
    node = root
    for step in loc:
        if isinstance(node, PMap) and step in node:
            line, col = node.key_pos[step]
            node = node[step]
        elif isinstance(node, PSeq) and isinstance(step, int) and 0 <= step < len(node):
            line, col = node.item_pos[step]
            node = node[step]
        else:
            break
    return Pos(path, line, col)


def value_pos(root: Any, loc: Sequence[int | str], path: str) -> Pos:
    """The position of the *value* at ``loc`` (for a quoted scalar: where its text starts)."""
    node = root
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, PMap) and step in node:
            if last:
                return Pos(path, *node.value_pos[step])
            node = node[step]
        elif isinstance(node, PSeq) and isinstance(step, int) and 0 <= step < len(node):
            if last:
                return Pos(path, *node.item_pos[step])
            node = node[step]
        else:
            break
    return node_pos(root, loc, path)


def to_plain(data: Any) -> Any:
    """Position-carrying data as plain dicts, lists and scalars (what pydantic validates)."""
    if isinstance(data, dict):
        return {str(k) if not isinstance(k, str) else k: to_plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [to_plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    if isinstance(data, bool):
        return bool(data)
    if isinstance(data, int):
        return int(data)
    if isinstance(data, float):
        return float(data)
    return data
