"""The questionnaire schema: frozen pydantic models of everything an editor writes in YAML.

These models check the *shape* of each file (keys, types, translations). Cross-references and
conditions are checked afterwards by :mod:`wizard.questionnaire.checks`, which sees the whole
questionnaire.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, Strict, field_validator

from .references import (
    CELEX,
    CONSOLIDATED_CELEX,
    Reference,
    covers,
    eurlex_url,
    format_locator,
    parse_locator,
    parse_reference,
)
from .text import Text, tr

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Ref = Annotated[Reference, BeforeValidator(parse_reference)]
Condition = Annotated[str, Field(min_length=1, max_length=4000)]
Bool = Annotated[bool, Strict()]  # YAML 1.2: `yes` is a string, and must not slip through as true

QUESTION_TYPES = ("yes_no", "yes_no_unsure", "single", "multiple", "text", "long_text", "number", "date")
QuestionType = Literal["yes_no", "yes_no_unsure", "single", "multiple", "text", "long_text", "number", "date"]
Level = Literal["critical", "high", "medium", "low", "none"]
UNSURE = "unsure"


def _condition_text(value: Any) -> Any:
    """Conditions may be written as YAML booleans (``if: true``); keep them as expression text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


CondText = Annotated[Condition, BeforeValidator(_condition_text)]


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


IsoDate = Annotated[str, BeforeValidator(_iso_date), Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Consolidated(_Model):
    """A consolidated version of an instrument, linked for the provisions that an amending act changed or added."""

    celex: str = Field(pattern=CONSOLIDATED_CELEX)
    provisions: tuple[str, ...] = Field(min_length=1)

    @field_validator("provisions")
    @classmethod
    def _locators(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for locator in v:
            parse_locator(locator)
        return v

    @cached_property
    def parsed(self) -> tuple[Reference, ...]:
        """The provisions as references, parsed once (a report asks for every link it draws)."""
        return tuple(parse_locator(p) for p in self.provisions)


class Instrument(_Model):
    """A legal act or document that references point to."""

    id: Id
    title: Text
    short: Text | None = None
    celex: str | None = Field(default=None, pattern=CELEX)
    url: str | None = Field(default=None, pattern=r"^https://")
    consolidated: Consolidated | None = None

    def celex_for(self, ref: Reference) -> str | None:
        """The CELEX to link ``ref`` to: the consolidated version when it covers the provision, else the act's own."""
        if self.consolidated and any(covers(p, ref) for p in self.consolidated.parsed):
            return self.consolidated.celex
        return self.celex


class Option(_Model):
    """One choice of a single or multiple choice question."""

    value: Id
    label: Text
    help: Text | None = None
    exclusive: Bool = False
    references: tuple[Ref, ...] = ()

    @field_validator("value")
    @classmethod
    def _not_unsure(cls, v: str) -> str:
        if v == UNSURE:
            raise ValueError("'unsure' is reserved for the 'not sure' answer: use allow_unsure: true instead")
        return v


class Question(_Model):
    """One question: its type, texts, constraints and the condition under which it is asked."""

    id: Id
    type: QuestionType
    label: Text
    help: Text | None = None
    examples: tuple[Text, ...] = ()
    references: tuple[Ref, ...] = ()
    required: Bool = True
    allow_unsure: Bool = False
    show_if: CondText | None = None
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: Text | None = None
    max_length: int | None = Field(default=None, ge=1, le=100_000)
    min_choices: int | None = Field(default=None, ge=0)
    max_choices: int | None = Field(default=None, ge=1)
    min_date: IsoDate | None = None
    max_date: IsoDate | None = None

    @property
    def accepts_unsure(self) -> bool:
        """Whether "not sure" is an allowed answer."""
        return self.allow_unsure or self.type == "yes_no_unsure"

    @property
    def is_boolean(self) -> bool:
        return self.type in ("yes_no", "yes_no_unsure")

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def text_limit(self) -> int:
        """The maximum length of a text answer."""
        if self.max_length:
            return self.max_length
        return 500 if self.type == "text" else 10_000


class Section(_Model):
    """One wizard step."""

    id: Id
    title: Text
    intro: Text | None = None
    show_if: CondText | None = None
    questions: tuple[Question, ...] = ()


class Fact(_Model):
    """A named value computed from answers and other facts."""

    id: Id
    label: Text | None = None
    value: CondText


class OutcomeValue(_Model):
    value: Id
    label: Text
    description: Text | None = None
    level: Level = "none"


class Rule(_Model):
    id: Id
    if_: CondText = Field(alias="if")
    value: Id
    explanation: Text | None = None
    references: tuple[Ref, ...] = ()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Outcome(_Model):
    """A named classification given by ordered rules (first match, or every match with mode: all)."""

    id: Id
    label: Text
    description: Text | None = None
    mode: Literal["first", "all"] = "first"
    values: tuple[OutcomeValue, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = Field(min_length=1)

    def value_info(self, value: str) -> OutcomeValue | None:
        return next((v for v in self.values if v.value == value), None)


class DateChange(_Model):
    date: IsoDate
    until: IsoDate | None = None
    changed_by: Text | None = None


class DateSpec(_Model):
    """A named application date, with the dates it had before."""

    id: Id
    date: IsoDate
    label: Text
    references: tuple[Ref, ...] = ()
    history: tuple[DateChange, ...] = ()

    @property
    def as_date(self) -> dt.date:
        return dt.date.fromisoformat(self.date)


class Priority(_Model):
    id: Id
    label: Text
    description: Text | None = None


class Role(_Model):
    id: Id
    label: Text
    description: Text | None = None


class DateAlternative(_Model):
    if_: CondText | None = Field(default=None, alias="if")
    date: Annotated[str, BeforeValidator(_iso_date)]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _date_alternatives(value: Any) -> Any:
    if isinstance(value, dt.date):
        return [{"date": value.isoformat()}]
    if isinstance(value, str):
        return [{"date": value}]
    return value


class Obligation(_Model):
    """A duty, the condition under which it applies, from when, whom it binds and how urgent it is."""

    id: Id
    regulation: Id
    title: Text
    text: Text | None = None
    references: tuple[Ref, ...] = ()
    binds: tuple[Id, ...] = ()
    applies_if: CondText
    applies_from: Annotated[tuple[DateAlternative, ...], BeforeValidator(_date_alternatives)] = ()
    priority: Id | None = None
    owner: Text | None = None
    track_status: Bool = True


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Questionnaire(_Model):
    """A whole questionnaire, modules merged. Immutable; ``content_hash`` pins it."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=80)]
    version: str = Field(min_length=1, max_length=40)
    languages: tuple[str, ...] = Field(min_length=1)
    title: Text
    description: Text | None = None
    instruments: tuple[Instrument, ...] = ()
    sections: tuple[Section, ...] = ()
    facts: tuple[Fact, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    dates: tuple[DateSpec, ...] = ()
    priorities: tuple[Priority, ...] = ()
    roles: tuple[Role, ...] = ()
    content_hash: str = ""

    _compiled: Any = PrivateAttr(default=None)

    @cached_property
    def questions(self) -> dict[str, Question]:
        """Every question by id, in the order they are asked."""
        return {q.id: q for s in self.sections for q in s.questions}

    @cached_property
    def _section_of(self) -> dict[str, Section]:
        return {q.id: s for s in self.sections for q in s.questions}

    @cached_property
    def _index(self) -> dict[str, dict[str, Any]]:
        return {
            "section": {s.id: s for s in self.sections},
            "fact": {f.id: f for f in self.facts},
            "outcome": {o.id: o for o in self.outcomes},
            "obligation": {o.id: o for o in self.obligations},
            "date": {d.id: d for d in self.dates},
            "priority": {p.id: p for p in self.priorities},
            "role": {r.id: r for r in self.roles},
            "instrument": {i.id: i for i in self.instruments},
        }

    def question(self, qid: str) -> Question | None:
        return self.questions.get(qid)

    def section(self, sid: str) -> Section | None:
        return self._index["section"].get(sid)

    def section_of(self, qid: str) -> Section | None:
        return self._section_of.get(qid)

    def fact(self, fid: str) -> Fact | None:
        return self._index["fact"].get(fid)

    def outcome(self, oid: str) -> Outcome | None:
        return self._index["outcome"].get(oid)

    def obligation(self, oid: str) -> Obligation | None:
        return self._index["obligation"].get(oid)

    def date_spec(self, did: str) -> DateSpec | None:
        return self._index["date"].get(did)

    def priority(self, pid: str) -> Priority | None:
        return self._index["priority"].get(pid)

    def role(self, rid: str) -> Role | None:
        return self._index["role"].get(rid)

    def instrument(self, iid: str) -> Instrument | None:
        return self._index["instrument"].get(iid)

    def resolve_date(self, value: str) -> tuple[dt.date, str | None]:
        """A date id or ISO date as (date, date id or None). The loader has checked it exists."""
        if _ISO.match(value):
            return dt.date.fromisoformat(value), None
        spec = self._index["date"][value]
        return spec.as_date, spec.id

    def reference_label(self, ref: Reference, lang: str) -> str:
        """'AI Act, Art. 5(1)(f)' in the reader's language."""
        instrument = self.instrument(ref.instrument)
        name = tr(instrument.short or instrument.title, lang) if instrument else ref.instrument
        loc = format_locator(ref, lang)
        label = f"{name}, {loc}" if loc else name
        note = tr(ref.note, lang) if ref.note else ""
        # a note that only repeats what the label already says ("Latombe (T-553/23, C-703/25 P)" with
        # the note "T-553/23; C-703/25 P") is left out rather than printed twice
        parts = [part.strip() for part in note.replace("\u00a0", " ").replace(";", ",").split(",")]
        if note and not all(part in label for part in parts if part):
            label += f" ({note})"
        return label

    def reference_url(self, ref: Reference, lang: str) -> str | None:
        """A link to the text (EUR-Lex for EU acts), or None when the instrument has no address."""
        instrument = self.instrument(ref.instrument)
        if instrument is None:
            return None
        celex = instrument.celex_for(ref)
        if celex:
            return eurlex_url(celex, lang, ref)
        return instrument.url

    def to_frozen(self) -> dict[str, Any]:
        """A JSON-able copy of the whole questionnaire, stored with each assessment."""
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)


class ModuleFile(_Model):
    """What a module file (or the body of a top file) may contain."""

    instruments: tuple[Instrument, ...] = ()
    sections: tuple[Section, ...] = ()
    facts: tuple[Fact, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    dates: tuple[DateSpec, ...] = ()
    priorities: tuple[Priority, ...] = ()
    roles: tuple[Role, ...] = ()


class TopFile(ModuleFile):
    """A questionnaire's top file: identity, languages, and the modules it composes."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=80)]
    version: Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int | float) else v)]
    languages: tuple[Annotated[str, Field(pattern=r"^[a-z]{2}$")], ...] = Field(min_length=1)
    title: Text
    description: Text | None = None
    include: tuple[str, ...] = ()
    schema_: str | None = Field(default=None, alias="$schema")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


LIST_KEYS = ("instruments", "sections", "facts", "outcomes", "obligations", "dates", "priorities", "roles")
