"""Localised texts: a mapping from language code to text, checked against the questionnaire's languages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo

LANG_CONTEXT_KEY = "languages"


class TranslationError(ValueError):
    """A text misses a language of the questionnaire (or has one it does not declare).

    Its own class so that the loader can report it and still check the rest of the questionnaire.
    """


def _check_languages(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    languages: tuple[str, ...] = tuple((info.context or {}).get(LANG_CONTEXT_KEY) or ())
    missing = [lang for lang in languages if not (value.get(lang) or "").strip()]
    if missing:
        raise TranslationError(
            f"missing translation for {', '.join(repr(m) for m in missing)}: give the text in every "
            f"language of the questionnaire ({', '.join(languages)}), e.g. {{{languages[0]}: ..., "
            f"{languages[-1]}: ...}}"
        )
    extra = [lang for lang in value if languages and lang not in languages]
    if extra:
        raise TranslationError(
            f"unknown language {', '.join(repr(e) for e in extra)}: the questionnaire's languages are "
            f"{', '.join(languages)}"
        )
    return value


Text = Annotated[dict[str, str], AfterValidator(_check_languages)]
"""A text a person reads, in every language of the questionnaire."""


def tr(text: Mapping[str, Any] | None, lang: str) -> str:
    """The text in ``lang``, falling back to English, then to any language given; '' for None."""
    if not text:
        return ""
    for key in (lang, "en"):
        value = text.get(key)
        if value:
            return str(value)
    return str(next(iter(text.values())))
