"""The report's view model: one neutral structure built from a questionnaire, a result and answers.

Every renderer (PDF, Markdown, CSV, JSON, PIA) reads this structure instead of the engine's objects,
so the layout code never interprets the law: it shows whatever outcomes, obligations and actions the
questionnaire defines, in the order and with the labels the YAML gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from wizard.report.i18n import fmt_date, fmt_number, fmt_status, norm_lang, t
from wizard.report.integrity import build_payload
from wizard.report.meta import ReportMeta

LEVELS = ("critical", "high", "medium", "low", "none")
STATUSES = ("done", "in_progress", "not_started", "not_applicable")
UNSURE = "unsure"


def tr(text: Any, lang: str) -> str:
    """A localised YAML text in `lang` (English, then any language as fallback); '' for None."""
    if not text:
        return ""
    if isinstance(text, Mapping):
        for key in (lang, "en"):
            if text.get(key):
                return str(text[key])
        return str(next(iter(text.values()), ""))
    return str(text)


@dataclass(frozen=True)
class RefView:
    label: str
    url: str | None
    instrument: str = ""
    locator: str = ""        # the part after the instrument's name ("Art. 5(1)(f)"), or a note


@dataclass(frozen=True)
class ReferenceGroup:
    instrument: str
    name: str                # short name ("AI Act")
    title: str               # full title of the act
    url: str | None          # the act itself (EUR-Lex), without anchor
    refs: tuple[RefView, ...]


@dataclass(frozen=True)
class AnswerView:
    question_id: str
    question: str
    answer: str
    unsure: bool = False
    unanswered: bool = False
    hidden: bool = False


@dataclass(frozen=True)
class ReasonView:
    rule_id: str
    explanation: str                       # Markdown from the YAML (sanitised by each renderer)
    answers: tuple[AnswerView, ...]
    references: tuple[RefView, ...]
    facts: tuple[str, ...]


@dataclass(frozen=True)
class ValueView:
    value: str
    label: str
    level: str


@dataclass(frozen=True)
class OutcomeView:
    id: str
    label: str
    description: str
    values: tuple[ValueView, ...]          # the values found
    scale: tuple[ValueView, ...]           # every value the outcome can take, in YAML order
    text: str                              # the values found, as words
    level: str                             # the most severe level among the values found
    determined: bool
    provisional: bool
    possible: tuple[str, ...]              # labels of the other values still possible
    settle: tuple[AnswerView, ...]         # the questions that would settle it
    reasons: tuple[ReasonView, ...]
    instrument: str | None


@dataclass(frozen=True)
class ObligationView:
    id: str
    title: str
    text: str
    regulation: str
    regulation_label: str
    role_ids: tuple[str, ...]
    roles: tuple[str, ...]
    references: tuple[RefView, ...]
    applies_from: date | None
    date_label: str
    in_force: bool
    status: str | None
    status_label: str
    note: str
    certain: bool
    priority: str | None
    priority_label: str
    owner: str
    tracked: bool = True                   # a status is asked for it (the plan follows it up)
    settle: tuple[str, ...] = ()           # labels of the questions that would settle "may apply"


@dataclass(frozen=True)
class ActionView:
    rank: int
    obligation_id: str
    title: str
    priority: str | None
    priority_label: str
    owner: str
    due: date | None
    overdue: bool
    status: str | None
    status_label: str
    regulation_label: str
    references: tuple[RefView, ...]
    certain: bool = True                   # False: the obligation may apply (never dropped from the plan)
    settle: tuple[str, ...] = ()           # labels of the questions that would settle it


@dataclass(frozen=True)
class SectionAnswers:
    id: str
    title: str
    rows: tuple[AnswerView, ...]


@dataclass(frozen=True)
class CommentView:
    section: str
    text: str
    author: str
    created_at: str


@dataclass(frozen=True)
class VerdictView:
    conclusion: str
    verdict: str
    comment: str
    reference: str
    advisor: str


@dataclass(frozen=True)
class ReviewView:
    decision: str
    summary: str
    reviewer: str
    decided_at: str
    comments: tuple[CommentView, ...]
    verdicts: tuple[VerdictView, ...] = ()


@dataclass(frozen=True)
class Chapter:
    title: str
    instrument: str | None
    outcomes: tuple[OutcomeView, ...]


@dataclass(frozen=True)
class ObligationGroup:
    regulation: str
    title: str
    roles: tuple[tuple[str, tuple[ObligationView, ...]], ...]   # (roles label, obligations)


@dataclass(frozen=True)
class ReportData:
    lang: str
    meta: ReportMeta
    as_of: date
    title: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    fingerprint: str
    payload: dict[str, Any]
    outcomes: tuple[OutcomeView, ...]
    headline: OutcomeView | None
    chapters: tuple[Chapter, ...]
    obligations: tuple[ObligationView, ...]
    obligation_groups: tuple[ObligationGroup, ...]
    actions: tuple[ActionView, ...]
    status_counts: dict[str, int]
    next_dates: tuple[tuple[date, str, int], ...]     # (date, label, number of obligations)
    answers: tuple[SectionAnswers, ...]
    references: tuple[RefView, ...]
    review: ReviewView | None
    review_status: str
    unanswered: tuple[str, ...] = field(default=())
    reference_groups: tuple[ReferenceGroup, ...] = field(default=())
    provisional: bool = False              # some conclusion may change, or some obligation may apply

    @property
    def tracked_obligations(self) -> tuple[ObligationView, ...]:
        """The obligations whose status is followed up: the ones the status counts are made of."""
        return tuple(o for o in self.obligations if o.tracked)

    @property
    def possible_count(self) -> int:
        """How many obligations may apply (not certain): each one is in the plan, marked so."""
        return sum(1 for o in self.obligations if not o.certain)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """Attribute or mapping key: the review and statuses may come as objects or dicts."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class _Builder:
    """Turns engine objects into views; holds the questionnaire and language for lookups."""

    def __init__(self, q: Any, lang: str) -> None:
        self.q = q
        self.lang = lang
        self.all_refs: dict[str, RefView] = {}
        self.outcome_words: dict[str, str] = {}   # outcome id -> "label: values", for the reasons

    def learn_outcomes(self, results: Iterable[Any]) -> None:
        """Remember each outcome's conclusion in words: reasons cite outcomes by them, never by id."""
        for res in results:
            oid = str(_get(res, "id"))
            definition = self.q.outcome(oid) if hasattr(self.q, "outcome") else None
            raw = _get(res, "value")
            found = [raw] if isinstance(raw, str) else list(raw or ())
            if not found:
                continue
            label = tr(_get(res, "label"), self.lang) or (tr(definition.label, self.lang) if definition else "")
            words = ", ".join(self.value_view(definition, v).label for v in found)
            self.outcome_words[oid] = f"{label}: {words}" if label else words

    # -- references ---------------------------------------------------------------------------
    def ref(self, ref: Any) -> RefView:
        if isinstance(ref, str):
            from wizard.questionnaire.references import Reference, parse_reference
            ref = Reference.model_validate(parse_reference(ref))
        try:
            label = self.q.reference_label(ref, self.lang)
            url = self.q.reference_url(ref, self.lang)
        except (AttributeError, KeyError):
            label, url = str(getattr(ref, "instrument", ref)), None
        instrument = str(getattr(ref, "instrument", "") or "")
        name = self.instrument_label(instrument) if instrument else ""
        locator = label
        if name and label.startswith(name + ", "):
            locator = label[len(name) + 2:]
        elif name and label.startswith(name + " (") and label.endswith(")"):
            locator = label[len(name) + 2:-1]            # a document cited with a note, no article
        view = RefView(label, url, instrument, locator)
        self.all_refs.setdefault(label, view)
        return view

    def refs(self, refs: Iterable[Any] | None) -> tuple[RefView, ...]:
        out: dict[str, RefView] = {}
        for r in refs or ():
            view = self.ref(r)
            out.setdefault(view.label, view)
        return tuple(out.values())

    # -- answers ------------------------------------------------------------------------------
    def display(self, question: Any, value: Any) -> str:
        """An answer in words: option labels, Yes/No, a formatted date or number with its unit."""
        lang = self.lang
        if value is None:
            return t("unanswered", lang)
        if isinstance(value, str) and value == UNSURE:
            return t("unsure", lang)
        qtype = getattr(question, "type", None)
        if isinstance(value, bool):
            return t("yes" if value else "no", lang)
        if qtype in ("single", "multiple"):
            items = value if isinstance(value, (list, tuple)) else [value]
            labels = []
            for v in items:
                opt = question.option(v) if hasattr(question, "option") else None
                labels.append(tr(opt.label, lang) if opt is not None else str(v))
            return "; ".join(labels) if labels else t("none_value", lang)
        if qtype == "date":
            return fmt_date(str(value), lang)
        if qtype == "number":
            unit = tr(getattr(question, "unit", None), lang)
            num = fmt_number(value, lang) if isinstance(value, int | float) else str(value)
            return f"{num} {unit}".strip()
        if isinstance(value, (list, tuple)):
            return "; ".join(str(v) for v in value)
        return str(value)

    def question_labels(self, ids: Iterable[str]) -> tuple[str, ...]:
        """The questions' labels in the report's language (never their ids)."""
        out = []
        for qid in ids:
            question = self.q.question(qid) if hasattr(self.q, "question") else None
            if question is not None:
                out.append(tr(question.label, self.lang))
        return tuple(out)

    def answer(self, qid: str, value: Any, **flags: bool) -> AnswerView:
        question = self.q.question(qid) if hasattr(self.q, "question") else None
        label = tr(question.label, self.lang) if question is not None else qid
        return AnswerView(qid, label, self.display(question, value),
                          unsure=isinstance(value, str) and value == UNSURE, **flags)

    # -- outcomes -----------------------------------------------------------------------------
    def value_view(self, definition: Any, value: str) -> ValueView:
        info = definition.value_info(value) if definition is not None else None
        if info is None:
            return ValueView(value, value, "none")
        return ValueView(value, tr(info.label, self.lang), str(info.level))

    def reason(self, r: Any) -> ReasonView:
        answers = tuple(self.answer(qid, val) for qid, val in (_get(r, "answers") or ()))
        facts = []
        for fid in _get(r, "facts") or ():
            # in words only: a fact without a label, or anything unknown, is left out rather than shown as an id
            fact = self.q.fact(fid) if hasattr(self.q, "fact") else None
            if fact is not None and fact.label:
                facts.append(tr(fact.label, self.lang))
            elif fid in self.outcome_words:
                facts.append(self.outcome_words[fid])
        return ReasonView(str(_get(r, "rule_id", "")), tr(_get(r, "explanation"), self.lang), answers,
                          self.refs(_get(r, "references")), tuple(facts))

    def instrument_of(self, definition: Any) -> str | None:
        """The instrument most of an outcome's rules refer to: it decides the outcome's chapter."""
        counts: Counter[str] = Counter()
        for rule in getattr(definition, "rules", ()) or ():
            for ref in getattr(rule, "references", ()) or ():
                inst = getattr(ref, "instrument", None)
                if inst:
                    counts[inst] += 1
        return counts.most_common(1)[0][0] if counts else None

    def outcome(self, res: Any) -> OutcomeView:
        lang = self.lang
        oid = str(_get(res, "id"))
        definition = self.q.outcome(oid) if hasattr(self.q, "outcome") else None
        raw = _get(res, "value")
        found = [raw] if isinstance(raw, str) else list(raw or ())
        values = tuple(self.value_view(definition, v) for v in found)
        scale = tuple(self.value_view(definition, v.value) for v in getattr(definition, "values", ()) or ())
        determined = raw is not None
        if not determined:
            text = t("undetermined", lang)
        elif not values:
            text = t("none_value", lang)
        else:
            text = ", ".join(v.label for v in values)
        levels = [v.level for v in values if v.level in LEVELS]
        # nothing found (or not determined) is shown neutral, never in the colour of "no risk"
        level = min(levels, key=LEVELS.index) if levels else "unknown"
        possible = tuple(self.value_view(definition, str(getattr(v, "value", v))).label
                         for v in _get(res, "possible") or ())
        settle = tuple(self.answer(qid, None, unanswered=True) for qid in _get(res, "settle") or ())
        label = tr(_get(res, "label"), lang) or (tr(definition.label, lang) if definition else oid)
        return OutcomeView(
            oid, label, tr(getattr(definition, "description", None), lang), values, scale, text, level,
            determined, bool(_get(res, "provisional")), possible, settle,
            tuple(self.reason(r) for r in _get(res, "reasons") or ()), self.instrument_of(definition))

    def instrument_label(self, iid: str | None, *, short: bool = True) -> str:
        inst = self.q.instrument(iid) if iid and hasattr(self.q, "instrument") else None
        if inst is None:
            return iid or ""
        return tr((inst.short if short else None) or inst.title, self.lang)


def pick_headline(outcomes: tuple[OutcomeView, ...], preferred: str | None = None) -> OutcomeView | None:
    """The outcome shown as the summary's visual: `preferred` if given (from YAML), otherwise the
    first outcome whose scale spans the most distinct levels (a risk ladder rather than a yes/no)."""
    if preferred:
        for o in outcomes:
            if o.id == preferred:
                return o
    if not outcomes:
        return None
    return max(outcomes, key=lambda o: (len({v.level for v in o.scale}), -outcomes.index(o)))


def _review(review: Any, q: Any, lang: str) -> ReviewView | None:
    if review is None:
        return None
    comments = []
    for c in _get(review, "comments") or ():
        sid = _get(c, "section")
        section = q.section(sid) if sid and hasattr(q, "section") else None
        title = tr(section.title, lang) if section is not None else (str(sid) if sid else t("general", lang))
        when = _get(c, "created_at")
        comments.append(CommentView(title, str(_get(c, "text") or ""), str(_get(c, "author") or ""),
                                    fmt_date(when, lang) if when else ""))
    verdicts = tuple(VerdictView(str(_get(v, "conclusion") or ""), str(_get(v, "verdict") or ""),
                                 str(_get(v, "comment") or ""), str(_get(v, "reference") or ""),
                                 str(_get(v, "advisor") or "")) for v in _get(review, "verdicts") or ())
    when = _get(review, "decided_at")
    return ReviewView(str(_get(review, "decision") or ""), str(_get(review, "summary") or ""),
                      str(_get(review, "reviewer") or ""), fmt_date(when, lang) if when else "",
                      tuple(comments), verdicts)


def build_report(questionnaire: Any, result: Any, answers: Mapping[str, Any],
                 statuses: Mapping[str, Any] | None, meta: ReportMeta,
                 *, headline: str | None = None, as_of: date | None = None) -> ReportData:
    """Everything a renderer needs, in the report's language, computed once."""
    lang = norm_lang(meta.lang)
    q = questionnaire
    b = _Builder(q, lang)
    as_of = as_of or _as_date(getattr(result, "as_of", None)) or meta.updated_at.date()

    b.learn_outcomes((getattr(result, "outcomes", None) or {}).values())
    outcomes = tuple(b.outcome(r) for r in (getattr(result, "outcomes", None) or {}).values())
    chapters: dict[str | None, list[OutcomeView]] = {}
    for o in outcomes:
        chapters.setdefault(o.instrument, []).append(o)
    chapter_list = tuple(
        Chapter(t("findings_for", lang, instrument=b.instrument_label(inst)) if inst
                else t("other_findings", lang), inst, tuple(items))
        for inst, items in chapters.items())

    obligations: list[ObligationView] = []
    by_id: dict[str, ObligationView] = {}
    for r in getattr(result, "obligations", None) or ():
        ob = _get(r, "obligation")
        oid = str(_get(r, "id") or getattr(ob, "id", ""))
        date_id = _get(r, "date_id")
        spec = q.date_spec(date_id) if date_id and hasattr(q, "date_spec") else None
        role_ids = tuple(getattr(ob, "binds", ()) or ())
        roles = tuple(tr(q.role(rid).label, lang) if hasattr(q, "role") and q.role(rid) else rid
                      for rid in role_ids)
        prio = getattr(ob, "priority", None)
        prio_def = q.priority(prio) if prio and hasattr(q, "priority") else None
        status = _get(r, "status")
        tracked = bool(getattr(ob, "track_status", True))
        view = ObligationView(
            oid, tr(getattr(ob, "title", oid), lang), tr(getattr(ob, "text", None), lang),
            str(getattr(ob, "regulation", "") or ""), b.instrument_label(getattr(ob, "regulation", None)),
            role_ids, roles, b.refs(getattr(ob, "references", ())), _as_date(_get(r, "applies_from")),
            tr(spec.label, lang) if spec is not None else "", bool(_get(r, "in_force")), status,
            fmt_status(status, lang), str(_get(r, "note") or ""), bool(_get(r, "certain", True)), prio,
            tr(prio_def.label, lang) if prio_def is not None else (prio or ""),
            tr(getattr(ob, "owner", None), lang), tracked, b.question_labels(_get(r, "settle") or ()))
        if not tracked:
            # nobody was asked where they stand on it: no status to show, none to count
            view = replace(view, status=None, status_label="")
        obligations.append(view)
        by_id[oid] = view

    groups: dict[str, dict[tuple[str, ...], list[ObligationView]]] = {}
    for ov in obligations:
        groups.setdefault(ov.regulation, {}).setdefault(ov.roles, []).append(ov)
    obligation_groups = tuple(
        ObligationGroup(reg, b.instrument_label(reg, short=False) if reg else t("other_findings", lang),
                        tuple((", ".join(roles) if roles else t("all_roles", lang), tuple(items))
                              for roles, items in by_roles.items()))
        for reg, by_roles in groups.items())

    actions: list[ActionView] = []
    for i, a in enumerate(getattr(result, "actions", None) or (), start=1):
        oid = str(_get(a, "obligation_id"))
        found = by_id.get(oid)
        prio = _get(a, "priority")
        prio_def = q.priority(prio) if prio and hasattr(q, "priority") else None
        status = _get(a, "status")
        prio_label = tr(prio_def.label, lang) if prio_def else (prio or "")
        actions.append(ActionView(
            i, oid, found.title if found else oid, prio, prio_label, found.owner if found else "",
            _as_date(_get(a, "due")), bool(_get(a, "overdue")), status, fmt_status(status, lang),
            found.regulation_label if found else "", found.references if found else (),
            bool(_get(a, "certain", True)), b.question_labels(_get(a, "settle") or ())))

    # counted from the obligations the report lists whose status is asked, so that the summary's
    # figures add up to the checklist and the action plan (every open one is an action)
    counts = {s: 0 for s in (*STATUSES, "unknown")}
    for ov in obligations:
        if ov.tracked:
            counts[ov.status if ov.status in STATUSES else "unknown"] += 1

    upcoming: dict[tuple[date, str], int] = {}
    for ov in obligations:
        if ov.applies_from and ov.applies_from > as_of and ov.status != "not_applicable":
            key = (ov.applies_from, ov.date_label or ov.title)
            upcoming[key] = upcoming.get(key, 0) + 1
    next_dates = tuple((d, label, n) for (d, label), n in sorted(upcoming.items())[:5])

    hidden = set(getattr(result, "hidden_answers", None) or ())
    unanswered = tuple(getattr(result, "unanswered", None) or ())
    sections = []
    for section in getattr(q, "sections", ()) or ():
        rows = []
        for question in section.questions:
            if question.id in answers:
                rows.append(b.answer(question.id, answers[question.id], hidden=question.id in hidden))
            elif question.id in unanswered:
                rows.append(b.answer(question.id, None, unanswered=True))
        if rows:
            sections.append(SectionAnswers(section.id, tr(section.title, lang), tuple(rows)))

    payload = build_payload(q, answers, statuses, meta, as_of)
    review = _review(meta.review, q, lang)
    return ReportData(
        lang=lang, meta=meta, as_of=as_of, title=tr(getattr(q, "title", ""), lang),
        questionnaire_id=str(getattr(q, "id", "")), questionnaire_version=str(getattr(q, "version", "")),
        questionnaire_hash=str(getattr(q, "content_hash", "")), fingerprint=payload["fingerprint"],
        payload=payload, outcomes=outcomes, headline=pick_headline(outcomes, headline),
        chapters=chapter_list, obligations=tuple(obligations), obligation_groups=obligation_groups,
        actions=tuple(actions), status_counts=counts, next_dates=next_dates, answers=tuple(sections),
        references=tuple(sorted(b.all_refs.values(), key=lambda r: _ref_sort_key(r.label))),
        review=review, review_status=meta.review_status or (review.decision if review else "") or "",
        unanswered=unanswered, reference_groups=_reference_groups(q, b, lang),
        provisional=bool(getattr(result, "provisional", False)))


def _reference_groups(q: Any, b: _Builder, lang: str) -> tuple[ReferenceGroup, ...]:
    """Every reference cited, by instrument (in the questionnaire's order), each act with its link."""
    by_instrument: dict[str, list[RefView]] = {}
    for view in b.all_refs.values():
        by_instrument.setdefault(view.instrument, []).append(view)
    order = [i.id for i in getattr(q, "instruments", ()) or ()]
    groups = []
    for iid in sorted(by_instrument, key=lambda i: (order.index(i) if i in order else len(order), i)):
        inst = q.instrument(iid) if iid and hasattr(q, "instrument") else None
        url = None
        if inst is not None:
            from wizard.questionnaire.references import Reference
            try:
                url = q.reference_url(Reference(instrument=iid), lang)
            except (AttributeError, KeyError, ValueError):
                url = None
        refs = tuple(sorted(by_instrument[iid], key=lambda r: _ref_sort_key(r.locator)))
        groups.append(ReferenceGroup(iid, b.instrument_label(iid) if iid else "",
                                     tr(inst.title, lang) if inst is not None else iid, url, refs))
    return tuple(groups)


def _ref_sort_key(label: str) -> tuple[Any, ...]:
    """Sort "AI Act, Art. 5(1)" before "AI Act, Art. 26": numbers compare as numbers."""
    import re
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", label))
