"""Safe YAML 1.2 reading that keeps the position of every node.

Why ruamel.yaml in round-trip mode: it keeps line and column numbers on every mapping and sequence,
reads YAML 1.2 (``yes`` stays a string) and refuses duplicate keys. Explicit tags (``!!python/...``)
and aliases are refused before anything is constructed, so nothing in a file can execute or explode.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from .errors import Problem, QuestionnaireError

MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class Pos:
    """A 1-based position in a source file."""

    path: str
    line: int
    column: int

    def problem(self, message: str) -> Problem:
        return Problem(self.path, self.line, self.column, message)


def _yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.allow_duplicate_keys = False
    return y


def _check_events(text: str, path: str) -> list[Problem]:
    """Refuse explicit tags and aliases, reading only the event stream (nothing is constructed)."""
    problems: list[Problem] = []
    for event in _yaml().parse(io.StringIO(text)):
        mark = event.start_mark
        where = (path, mark.line + 1, mark.column + 1)
        if isinstance(event, AliasEvent):
            problems.append(Problem(*where, "YAML aliases (*name) are not supported: repeat the value instead"))
        elif isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
            tag = str(getattr(event.tag, "value", event.tag)).replace("tag:yaml.org,2002:", "!!")
            problems.append(Problem(*where, f"YAML tags such as '{tag}' are not allowed: remove the tag"))
    return problems


def read_yaml(text: str, path: str) -> Any:
    """Parse YAML text into ruamel's position-carrying objects, or raise QuestionnaireError."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise QuestionnaireError([Problem(path, 0, 0, f"file is larger than {MAX_FILE_BYTES} bytes")])
    try:
        problems = _check_events(text, path)
        if problems:
            raise QuestionnaireError(problems)
        return _yaml().load(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = (exc.problem or str(exc)).strip()
        if "duplicate key" in what:
            what += " (each key may appear only once in a mapping)"
        elif exc.context:
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

    A key that does not exist in the data (a missing field) stops the walk at its parent; a key that
    does exist points at the key itself, which is where an editor looks for a misspelt key.
    """
    line, col = 1, 1
    if isinstance(root, CommentedMap | CommentedSeq) and root.lc.line is not None:
        line, col = root.lc.line + 1, root.lc.col + 1
    node = root
    for step in loc:
        if isinstance(node, CommentedMap) and step in node:
            kl, kc = node.lc.key(step)
            line, col = kl + 1, kc + 1
            child = node[step]
            if isinstance(child, CommentedMap | CommentedSeq) and child.lc.line is not None and child:
                line, col = child.lc.line + 1, child.lc.col + 1
                if isinstance(child, CommentedMap):
                    line, col = kl + 1, kc + 1
            node = child
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            il, ic = node.lc.item(step)
            line, col = il + 1, ic + 1
            node = node[step]
        else:
            continue
    return Pos(path, line, col)


def value_pos(root: Any, loc: Sequence[int | str], path: str) -> Pos:
    """The position of the *value* at ``loc`` (for a scalar: where its text starts, past any quote)."""
    *parent_loc, last = loc
    parent = root
    for step in parent_loc:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return node_pos(root, loc, path)
    try:
        if isinstance(parent, CommentedMap):
            line, col = parent.lc.value(last)
        elif isinstance(parent, CommentedSeq):
            line, col = parent.lc.item(last)
        else:
            return node_pos(root, loc, path)
        value = parent[last]
    except (KeyError, IndexError, TypeError):
        return node_pos(root, loc, path)
    style = getattr(value, "style", None) if hasattr(value, "style") else None
    quoted = style in ('"', "'") or type(value).__name__ in ("DoubleQuotedScalarString", "SingleQuotedScalarString")
    return Pos(path, line + 1, col + 1 + (1 if quoted else 0))


def to_plain(data: Any) -> Any:
    """Ruamel objects as plain dicts, lists and scalars (what pydantic validates)."""
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
