"""Cleaning of text typed by people: no control characters, no lone surrogates, normal line breaks."""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, except tab and line feed; lone UTF-16 surrogates; BOM/non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def clean_text(value: str, *, multiline: bool) -> str:
    """``value`` without control characters; line breaks kept (as ``\\n``) only when ``multiline``."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub("", value)
