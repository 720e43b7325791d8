"""Load questionnaires: read the top file and its modules, validate everything, compile conditions.

The result is an immutable :class:`Questionnaire` with a content hash, or a QuestionnaireError that
lists every problem found, each as ``path:line:col: message``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .checks import Checker
from .errors import Problem, QuestionnaireError
from .model import LIST_KEYS, ModuleFile, Questionnaire, TopFile
from .text import LANG_CONTEXT_KEY, TranslationError
from .yamlio import Pos, node_pos, read_yaml_file, to_plain, value_pos

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "questionnaires"
"""The bundled questionnaires (the top-level ``questionnaires/`` folder of the project)."""

_FRIENDLY = {
    "missing": "missing key '{field}'",
    "string_type": "expected a text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "tuple_type": "expected a list (items starting with '- ')",
    "dict_type": "expected a mapping (key: value)",
    "model_type": "expected a mapping (key: value)",
    "string_pattern_mismatch": "{msg}",
}


@dataclass
class _Source:
    path: str
    raw: Any


def _model_fields(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _field_model(model: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The model class that owns the last key of ``loc`` (to suggest the right spelling)."""
    current: Any = model
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == step), None)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in args or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    if hasattr(annotation, "__origin__") and hasattr(annotation, "__metadata__"):
        return _inner_model(annotation.__origin__)
    return None


def _clean_loc(loc: Sequence[Any]) -> list[int | str]:
    """Drop pydantic's internal location parts (validator names) that are not in the data."""
    return [p for p in loc if isinstance(p, int) or (isinstance(p, str) and not p.startswith(("function-", "tagged-")))]


def validation_problems(exc: ValidationError, model: type[BaseModel], raw: Any, path: str) -> list[Problem]:
    """Pydantic's errors as problems with positions and plain-words messages."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            owner = _field_model(model, loc)
            key = str(loc[-1])
            known = _model_fields(owner) if owner else []
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else (f" (allowed: {', '.join(known)})" if known else "")
            message = f"unknown key '{key}'{hint}"
            pos = node_pos(raw, loc, path)
        elif kind == "missing":
            message = f"missing key '{loc[-1]}'"
            pos = node_pos(raw, loc[:-1], path)
        else:
            msg = str(err.get("msg", "")).removeprefix("Value error, ")
            template = _FRIENDLY.get(kind)
            message = template.format(msg=msg, field=loc[-1] if loc else "") if template else msg
            if kind == "string_pattern_mismatch" and "a-z" in str(err.get("ctx", {}).get("pattern", "")):
                message = (f"'{err.get('input')}' is not a valid id: use lower_snake_case (a-z, 0-9, _), "
                           "starting with a letter")
            elif kind == "literal_error":
                expected = str(err.get("ctx", {}).get("expected", "")).replace("'", "")
                message = f"'{err.get('input')}' is not allowed for '{loc[-1]}': use one of {expected}"
            elif kind in ("too_short",) and loc:
                message = f"'{loc[-1]}' must not be empty"
            pos = value_pos(raw, loc, path) if loc else Pos(path, 1, 1)
        where = ".".join(str(p) for p in loc)
        problems.append(pos.problem(f"{message} (at {where})" if where and kind != "extra_forbidden" else message))
    return problems


def _validate(model: type[BaseModel], raw: Any, path: str, languages: Sequence[str]) -> tuple[Any, list[Problem]]:
    if not isinstance(raw, dict):
        kind = "empty" if raw is None else type(raw).__name__
        return None, [Problem(path, 1, 1, f"expected a mapping of keys at the top of the file, found {kind}")]
    plain = to_plain(raw)
    try:
        return model.model_validate(plain, context={LANG_CONTEXT_KEY: tuple(languages)}), []
    except ValidationError as exc:
        problems = validation_problems(exc, model, raw, path)
        if not all(_is_translation_error(err) for err in exc.errors(include_url=False)):
            return None, problems
    # Only translations are missing: report them, and still build the model (without the language
    # check) so that the whole-questionnaire checks run too and every problem is reported at once.
    return model.model_validate(plain, context={LANG_CONTEXT_KEY: ()}), problems


def _is_translation_error(err: Any) -> bool:
    return isinstance((err.get("ctx") or {}).get("error"), TranslationError)


def content_hash(frozen: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a questionnaire (without its own hash)."""
    body = {k: v for k, v in frozen.items() if k != "content_hash"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_questionnaire(path: str | os.PathLike[str], keep_positions: bool = False) -> Questionnaire:
    """Load, validate and compile the questionnaire whose top file is ``path``.

    With ``keep_positions``, :func:`position_of` can say where any item is written (editors' tools; the
    app does not keep the source trees in memory).
    """
    top_path = str(path)
    raw = read_yaml_file(top_path)
    languages: Sequence[str] = ()
    if isinstance(raw, dict) and isinstance(raw.get("languages"), list):
        languages = [str(x) for x in raw["languages"] if isinstance(x, str)]
    top, problems = _validate(TopFile, raw, top_path, languages)
    if top is None:
        raise QuestionnaireError(problems)
    shape_ok = True
    sources: list[_Source] = [_Source(top_path, raw)]
    modules: list[ModuleFile] = [top]
    base = Path(top_path).parent
    seen = {os.path.realpath(top_path)}
    for i, include in enumerate(top.include):
        inc_path = (base / include).as_posix()
        real = os.path.realpath(inc_path)
        if real in seen:
            problems.append(node_pos(raw, ("include", i), top_path).problem(f"'{include}' is included twice"))
            continue
        if not real.startswith(os.path.realpath(base) + os.sep):
            problems.append(node_pos(raw, ("include", i), top_path).problem(
                f"'{include}' is outside the questionnaire's folder: modules must live beside the top file"))
            continue
        seen.add(real)
        try:
            mraw = read_yaml_file(inc_path)
        except QuestionnaireError as exc:
            problems.extend(exc.problems)
            if any(p.message == "file not found" for p in exc.problems):
                problems.append(node_pos(raw, ("include", i), top_path).problem(f"included file '{include}' not found"))
            continue
        if mraw is None:
            continue  # an empty module is allowed while it is being written
        module, mproblems = _validate(ModuleFile, mraw, inc_path, languages)
        problems.extend(mproblems)
        if module is not None:
            sources.append(_Source(inc_path, mraw))
            modules.append(module)
        else:
            shape_ok = False
    if problems and not shape_ok:
        # a module could not be read at all: cross-checks would report its ids as unknown everywhere
        raise QuestionnaireError(problems)
    q = _assemble(top, modules, sources, problems)
    if not keep_positions and q.__pydantic_private__:
        q.__pydantic_private__.pop("_locate", None)
    return q


def _assemble(top: TopFile, modules: list[ModuleFile], sources: list[_Source],
              problems: list[Problem]) -> Questionnaire:
    merged: dict[str, list[Any]] = {key: [] for key in LIST_KEYS}
    origins: dict[str, list[tuple[_Source, int]]] = {key: [] for key in LIST_KEYS}
    for module, source in zip(modules, sources, strict=True):
        for key in LIST_KEYS:
            for i, item in enumerate(getattr(module, key)):
                merged[key].append(item)
                origins[key].append((source, i))
    q = Questionnaire.model_validate({
        "id": top.id, "version": top.version, "languages": top.languages, "title": top.title,
        "description": top.description, **{k: tuple(v) for k, v in merged.items()},
    })

    def locate(key: str, index: int, loc: Sequence[int | str], value: bool) -> Pos:
        source, i = origins[key][index]
        full = (key, i, *loc)
        return value_pos(source.raw, full, source.path) if value else node_pos(source.raw, full, source.path)

    return _finish(q, locate, None, problems)


def _finish(q: Questionnaire, locate: Any, stored_hash: str | None, prior: Sequence[Problem] = ()) -> Questionnaire:
    checker = Checker(q, locate)
    checker.check_ids()
    checker.check_references()
    checker.check_questions()
    compiled = checker.check_conditions()
    if checker.problems or prior:
        raise QuestionnaireError([*prior, *checker.problems])
    frozen = q.to_frozen()
    digest = stored_hash or content_hash(frozen)
    q = q.model_copy(update={"content_hash": digest})
    object.__setattr__(q, "_compiled", compiled)
    q.__pydantic_private__ = {"_compiled": compiled, "_locate": locate}
    return q


def load_frozen(data: dict[str, Any]) -> Questionnaire:
    """Rebuild a questionnaire from its frozen copy, keeping the content hash it was pinned with."""
    label = f"<frozen {data.get('id', '?')} {data.get('version', '?')}>"
    languages = data.get("languages") or ()
    try:
        q = Questionnaire.model_validate(data, context={LANG_CONTEXT_KEY: tuple(languages)})
    except ValidationError as exc:
        raise QuestionnaireError(validation_problems(exc, Questionnaire, data, label)) from None

    def locate(key: str, index: int, loc: Sequence[int | str], value: bool) -> Pos:
        return Pos(label, 0, 0)

    return _finish(q, locate, str(data.get("content_hash") or "") or None)


def find_top_files(directory: str | os.PathLike[str]) -> list[str]:
    """The top files of a questionnaires folder: ``*.yaml`` directly inside it (not modules or scenarios)."""
    folder = Path(directory)
    return sorted(str(p) for p in folder.glob("*.yaml") if p.is_file()) + sorted(
        str(p) for p in folder.glob("*.yml") if p.is_file())


def load_directory(directory: str | os.PathLike[str], keep_positions: bool = False) -> dict[str, Questionnaire]:
    """Every questionnaire of a folder by id; all problems of all files at once."""
    out: dict[str, Questionnaire] = {}
    problems: list[Problem] = []
    for path in find_top_files(directory):
        try:
            q = load_questionnaire(path, keep_positions)
        except QuestionnaireError as exc:
            problems.extend(exc.problems)
            continue
        if q.id in out:
            problems.append(Problem(path, 1, 1, f"questionnaire id '{q.id}' is already used by another file"))
            continue
        out[q.id] = q
    if problems:
        raise QuestionnaireError(problems)
    return out


def compiled_of(q: Questionnaire) -> Any:
    """The compiled conditions of a loaded questionnaire."""
    compiled = q._compiled
    if compiled is None:
        raise ValueError("questionnaire was not built by the loader: use load_questionnaire() or load_frozen()")
    return compiled


def position_of(q: Questionnaire, key: str, index: int, loc: Sequence[int | str] = ()) -> Pos | None:
    """Where item ``index`` of list ``key`` (and ``loc`` inside it) is written; None without positions."""
    locate = (q.__pydantic_private__ or {}).get("_locate")
    return locate(key, index, loc, False) if locate is not None else None
