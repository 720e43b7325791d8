"""The OpenAPI document this server keeps: docs/openapi.yaml, with what depends on the questionnaires
served here (their ids, languages, questions with the values each accepts, obligations) filled in.

docs/openapi.yaml is the reference a reader opens; ``GET /api/v1/openapi.json`` is the same document made
exact for this server, so that a client (or schemathesis) generating requests from it sends only what the
server accepts, and the server refuses what it does not allow.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from wizard.api.schemas import answers_schema, statuses_schema
from wizard.config import ROOT
from wizard.questionnaire import Questionnaire

SPEC_PATH = ROOT / "docs" / "openapi.yaml"


@lru_cache(maxsize=2)
def _reference(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        loaded: dict[str, Any] = YAML(typ="safe", pure=True).load(f)
    return loaded


def _one_of_each(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}


def document(questionnaires: Iterable[Questionnaire], path: Path = SPEC_PATH) -> dict[str, Any]:
    """The OpenAPI document for a server offering ``questionnaires``."""
    offered = sorted(questionnaires, key=lambda q: q.id)
    doc = copy.deepcopy(_reference(path))
    if not offered:
        return doc
    languages = sorted({lang for q in offered for lang in q.languages})
    schemas = doc["components"]["schemas"]
    new = schemas["NewAssessment"]["properties"]
    new["questionnaire"]["enum"] = [*(q.id for q in offered), None]
    new["lang"]["enum"] = [*languages, None]
    doc["components"]["parameters"]["lang"]["schema"]["enum"] = languages
    update = schemas["AnswersUpdate"]["properties"]
    update["answers"] = _one_of_each([answers_schema(q) for q in offered])
    update["statuses"] = _one_of_each([statuses_schema(q) for q in offered])
    return doc
