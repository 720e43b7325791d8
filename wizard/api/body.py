"""Reading a JSON request body that the API can store: strict JSON, bounded, text without control characters.

Every refusal here is a ``BadBody`` (the API answers 400 with its message and the place in the document),
so that nothing the database or the reports cannot take (NUL, lone surrogates, numbers no float holds,
nesting that exhausts the stack) ever reaches them.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: How deep objects and arrays may nest (the API's documents need 4: body, answers, question, list).
MAX_DEPTH = 16
#: Integers of at most 15 digits: exact as a float and as a JavaScript number, and far beyond any answer.
MAX_INT_DIGITS = 15
#: C0 controls except tab, line feed and carriage return; DEL and C1 controls; BOM and non-characters.
#: (docs/openapi.yaml states the same set as a pattern on every text.)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
SURROGATE = re.compile("[\ud800-\udfff]")


class BadBody(Exception):
    """The body is not a JSON document the API accepts; ``where`` is the place in it (``answers.role``)."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


class _Refused:
    """A number JSON allows but the API does not, kept in place while parsing so that the walk of
    ``check`` can say where it is."""

    def __init__(self, message: str) -> None:
        self.message = message


def _int(text: str) -> int | _Refused:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return _Refused(f"a number with more than {MAX_INT_DIGITS} digits")
    return int(text)


def _float(text: str) -> float | _Refused:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return _Refused("a number too large")
    return value


def _constant(name: str) -> _Refused:
    return _Refused(f"{name} is not JSON")


def parse(raw: bytes) -> Any:
    """The JSON document in ``raw`` (UTF-8), checked by ``check``; raises BadBody."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadBody("the body is not UTF-8") from None
    try:
        document = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise BadBody(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:  # json.JSONDecodeError is a ValueError
        raise BadBody(f"invalid JSON: {error.args[0] if error.args else error}") from None
    check(document)
    return document


def _place(path: tuple[str, ...]) -> str | None:
    return ".".join(path) if path else None


def check_text(value: str, path: tuple[str, ...]) -> None:
    """Refuse a text with a lone surrogate or a control character other than tab and line ends."""
    if SURROGATE.search(value):
        raise BadBody("a text with an unpaired surrogate (not Unicode)", _place(path))
    found = FORBIDDEN.search(value)
    if found:
        raise BadBody(f"a text with the control character U+{ord(found.group()):04X}", _place(path))


def check(document: Any) -> None:
    """Walk ``document`` without recursion: bounded depth, acceptable texts and keys."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(document, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise BadBody(f"JSON nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, _Refused):
            raise BadBody(node.message, _place(path))
        if isinstance(node, str):
            check_text(node, path)
        elif isinstance(node, dict):
            for key, value in node.items():
                check_text(key, path)
                stack.append((value, (*path, key)))
        elif isinstance(node, list):
            stack.extend((item, (*path, str(i))) for i, item in enumerate(node))
