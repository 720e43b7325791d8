"""What changed between two versions of a questionnaire, in words an editor and a lawyer can read.

``diff(old, new)`` compares two loaded questionnaires item by item (by id, never by position) and
returns a list of :class:`Change`; ``to_text`` and ``to_markdown`` render it. Pure: no Flask, no files.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..questionnaire import Questionnaire, Reference, tr

#: The headings of a change log, in the order they are shown.
KINDS = (
    ("questionnaire", "Questionnaire"),
    ("section", "Sections"),
    ("question", "Questions"),
    ("fact", "Facts"),
    ("outcome", "Outcomes"),
    ("obligation", "Obligations"),
    ("date", "Dates"),
    ("instrument", "Legal instruments"),
    ("priority", "Priorities"),
    ("role", "Roles"),
)


@dataclass(frozen=True)
class Change:
    """One change: what kind of item, which one, and a sentence saying what happened to it."""

    kind: str  # one of KINDS' keys
    item: str  # the item's id
    action: str  # "added" | "removed" | "changed"
    text: str  # the sentence, e.g. "date moved from 2 December 2027 to 2 June 2028"


def day(value: str | dt.date | None) -> str:
    """'2 December 2027' for an ISO date; other values unchanged."""
    if value is None:
        return "none"
    try:
        d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _short(text: Any, limit: int = 240) -> str:
    """A text on one line, cut at ``limit`` characters."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _q(text: Any) -> str:
    return f"“{text}”"


class _Differ:
    def __init__(self, old: Questionnaire, new: Questionnaire, lang: str) -> None:
        self.old, self.new, self.lang = old, new, lang
        self.changes: list[Change] = []

    def add(self, kind: str, item: str, action: str, text: str) -> None:
        self.changes.append(Change(kind, item, action, text))

    def t(self, text: Any) -> str:
        return tr(text, self.lang) if isinstance(text, dict) else ("" if text is None else str(text))

    def render(self, value: Any, lang: str) -> str:
        """A field's value as a reader sees it in ``lang`` (texts, lists, references, numbers)."""
        if value is None or value == () or value == "":
            return "nothing"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, Reference):
            return self.new.reference_label(value, lang)
        if isinstance(value, dict):
            return _q(_short(tr(value, lang)))
        if isinstance(value, tuple | list):
            return "; ".join(self.render(v, lang) for v in value)
        return _q(_short(value))

    def fields(self, kind: str, item: str, old: Any, new: Any, names: Iterable[tuple[str, str]]) -> None:
        """One sentence per differing field (and per language whose text differs): (attribute, words)."""
        for name, words in names:
            a, b = getattr(old, name, None), getattr(new, name, None)
            if a == b:
                continue
            if name in ("show_if", "applies_if", "value", "if_"):
                self.add(kind, item, "changed", f"{words} changed from `{a or 'always'}` to `{b or 'always'}`")
                continue
            languages = self.new.languages
            shown = [(lang, self.render(a, lang), self.render(b, lang)) for lang in languages]
            differing = [(lang, x, y) for lang, x, y in shown if x != y]
            if not differing:  # a difference no reader sees (e.g. a reference's stored form)
                continue
            if len({(x, y) for _, x, y in differing}) == 1 and len(differing) == len(languages):
                _, x, y = differing[0]
                self.add(kind, item, "changed", f"{words} changed from {x} to {y}")
                continue
            for lang, x, y in differing:
                self.add(kind, item, "changed", f"{words} ({lang}) changed from {x} to {y}")

    def collection(self, kind: str, olds: Iterable[Any], news: Iterable[Any], label: Callable[[Any], str],
                   compare: Callable[[Any, Any], None]) -> None:
        a = {x.id: x for x in olds}
        b = {x.id: x for x in news}
        for key, item in b.items():
            if key not in a:
                self.add(kind, key, "added", f"added: {label(item)}")
        for key, item in a.items():
            if key not in b:
                self.add(kind, key, "removed", f"removed: {label(item)}")
        for key in a.keys() & b.keys():
            if a[key] != b[key]:
                compare(a[key], b[key])

    # ------------------------------------------------------------------ items
    def run(self) -> list[Change]:
        old, new = self.old, self.new
        if old.version != new.version:
            self.add("questionnaire", new.id, "changed", f"version {old.version} → {new.version}")
        self.fields("questionnaire", new.id, old, new, (("title", "title"), ("description", "description"),
                                                          ("languages", "languages")))
        self.collection("section", old.sections, new.sections, lambda s: _q(self.t(s.title)), self.section)
        self.questions()
        self.collection("fact", old.facts, new.facts, lambda f: f"`{f.value}`",
                        lambda a, b: self.fields("fact", b.id, a, b, (("value", "value"), ("label", "label"))))
        self.collection("outcome", old.outcomes, new.outcomes, lambda o: _q(self.t(o.label)), self.outcome)
        self.collection("obligation", old.obligations, new.obligations, lambda o: _q(self.t(o.title)),
                        self.obligation)
        self.collection("date", old.dates, new.dates,
                        lambda d: f"{_q(self.t(d.label))} on {day(d.date)}", self.date)
        for kind, attr in (("instrument", "instruments"), ("priority", "priorities"), ("role", "roles")):
            self.collection(kind, getattr(old, attr), getattr(new, attr), self.named,
                            functools.partial(self.generic, kind))
        order = {k: i for i, (k, _) in enumerate(KINDS)}
        actions = {"removed": 0, "added": 1, "changed": 2}
        return sorted(self.changes, key=lambda c: (order[c.kind], c.item, actions[c.action]))

    def named(self, item: Any) -> str:
        return _q(self.t(getattr(item, "title", None) or getattr(item, "label", None)))

    def generic(self, kind: str, a: Any, b: Any) -> None:
        da, db = a.model_dump(mode="json", by_alias=True), b.model_dump(mode="json", by_alias=True)
        for key in sorted(da.keys() | db.keys()):
            if da.get(key) != db.get(key):
                self.fields(kind, b.id, a, b, ((key.rstrip("_"), key),))

    def section(self, a: Any, b: Any) -> None:
        self.fields("section", b.id, a, b, (("title", "title"), ("intro", "introduction"),
                                             ("show_if", "condition for showing it")))
        qa, qb = [q.id for q in a.questions], [q.id for q in b.questions]
        common_a = [x for x in qa if x in qb]
        common_b = [x for x in qb if x in qa]
        if common_a != common_b:
            self.add("section", b.id, "changed", "questions reordered")

    def questions(self) -> None:
        old, new = self.old, self.new
        for qid, q in new.questions.items():
            if qid not in old.questions:
                section = new.section_of(qid)
                self.add("question", qid, "added",
                         f"added in section '{section.id if section else '?'}': {_q(self.t(q.label))} ({q.type})")
        for qid, q in old.questions.items():
            if qid not in new.questions:
                self.add("question", qid, "removed",
                         f"removed: {_q(self.t(q.label))} (answers already given are kept and flagged)")
        for qid in old.questions.keys() & new.questions.keys():
            a, b = old.questions[qid], new.questions[qid]
            sa, sb = old.section_of(qid), new.section_of(qid)
            if sa and sb and sa.id != sb.id:
                self.add("question", qid, "changed", f"moved from section '{sa.id}' to '{sb.id}'")
            if a == b:
                continue
            self.fields("question", qid, a, b, (
                ("type", "type"), ("label", "wording"), ("help", "help"), ("show_if", "condition for asking it"),
                ("required", "required"), ("allow_unsure", "“not sure” allowed"), ("min", "minimum"),
                ("max", "maximum"), ("unit", "unit"), ("max_length", "maximum length"),
                ("min_choices", "minimum choices"), ("max_choices", "maximum choices"),
                ("min_date", "earliest date"), ("max_date", "latest date"), ("references", "references"),
                ("examples", "examples")))
            oa = {o.value: o for o in a.options}
            ob = {o.value: o for o in b.options}
            for value, option in ob.items():
                if value not in oa:
                    self.add("question", qid, "changed", f"option '{value}' added: {_q(self.t(option.label))}")
            for value, option in oa.items():
                if value not in ob:
                    self.add("question", qid, "changed", f"option '{value}' removed: {_q(self.t(option.label))} "
                             "(answers that chose it must be given again)")
            for value in oa.keys() & ob.keys():
                if oa[value] != ob[value]:
                    self.fields("question", qid, oa[value], ob[value], (
                        ("label", f"option '{value}' label"), ("help", f"option '{value}' help"),
                        ("exclusive", f"option '{value}' exclusive")))

    def outcome(self, a: Any, b: Any) -> None:
        self.fields("outcome", b.id, a, b, (("label", "label"), ("description", "description"), ("mode", "mode")))
        va = {v.value: v for v in a.values}
        vb = {v.value: v for v in b.values}
        for value, info in vb.items():
            if value not in va:
                self.add("outcome", b.id, "changed", f"value '{value}' added: {_q(self.t(info.label))}")
        for value, info in va.items():
            if value not in vb:
                self.add("outcome", b.id, "changed", f"value '{value}' removed: {_q(self.t(info.label))}")
        for value in va.keys() & vb.keys():
            if va[value].level != vb[value].level:
                self.add("outcome", b.id, "changed",
                         f"value '{value}' level changed from {va[value].level} to {vb[value].level}")
            self.fields("outcome", b.id, va[value], vb[value], (("label", f"value '{value}' label"),
                                                                 ("description", f"value '{value}' description")))
        ra = {r.id: r for r in a.rules}
        rb = {r.id: r for r in b.rules}
        for rid, rule in rb.items():
            if rid not in ra:
                self.add("outcome", b.id, "changed", f"rule '{rid}' added: `{rule.if_}` gives '{rule.value}'")
        for rid, rule in ra.items():
            if rid not in rb:
                self.add("outcome", b.id, "changed", f"rule '{rid}' removed: `{rule.if_}` gave '{rule.value}'")
        for rid in ra.keys() & rb.keys():
            x, y = ra[rid], rb[rid]
            if x.if_ != y.if_:
                self.add("outcome", b.id, "changed", f"rule '{rid}' condition changed from `{x.if_}` to `{y.if_}`")
            if x.value != y.value:
                self.add("outcome", b.id, "changed", f"rule '{rid}' now gives '{y.value}' instead of '{x.value}'")
            self.fields("outcome", b.id, x, y, (("explanation", f"rule '{rid}' explanation"),
                                                 ("references", f"rule '{rid}' references")))
        order_a = [r for r in ra if r in rb]
        order_b = [r for r in rb if r in ra]
        if order_a != order_b and b.mode == "first":
            self.add("outcome", b.id, "changed", "rules reordered (the first rule that matches wins)")

    def obligation(self, a: Any, b: Any) -> None:
        self.fields("obligation", b.id, a, b, (
            ("title", "title"), ("text", "text"), ("applies_if", "condition"), ("priority", "priority"),
            ("owner", "owner"), ("binds", "binds"), ("regulation", "regulation"),
            ("references", "references"), ("track_status", "status tracked")))
        if a.applies_from != b.applies_from:
            self.add("obligation", b.id, "changed", f"applies from {self.when(self.old, a)} → now "
                     f"{self.when(self.new, b)}")

    def when(self, q: Questionnaire, obligation: Any) -> str:
        if not obligation.applies_from:
            return "as soon as it applies"
        parts = []
        for alt in obligation.applies_from:
            date, date_id = q.resolve_date(alt.date)
            named = f"{day(date)} ('{date_id}')" if date_id else day(date)
            parts.append(f"{named} if `{alt.if_}`" if alt.if_ else named)
        return "; ".join(parts)

    def date(self, a: Any, b: Any) -> None:
        if a.date != b.date:
            users = [o.id for o in self.new.obligations if any(alt.date == b.id for alt in o.applies_from)]
            tail = f" (obligations that use it: {', '.join(users)})" if users else ""
            self.add("date", b.id, "changed", f"{_q(self.t(b.label))} moved from {day(a.date)} to {day(b.date)}"
                     + tail)
        self.fields("date", b.id, a, b, (("label", "label"), ("references", "references")))
        if a.history != b.history:
            self.add("date", b.id, "changed", "history updated")


def diff(old: Questionnaire, new: Questionnaire, lang: str = "en") -> list[Change]:
    """Every difference between two versions of a questionnaire, grouped by kind of item."""
    return _Differ(old, new, lang).run()


def to_text(changes: list[Change], old: Questionnaire, new: Questionnaire) -> str:
    """The changes as plain text, one line each: ``kind 'id': sentence``."""
    head = f"{old.id} {old.version} → {new.id} {new.version}: {len(changes)} change(s)"
    lines = [head]
    for kind, title in KINDS:
        group = [c for c in changes if c.kind == kind]
        if group:
            lines.append(f"\n{title} ({len(group)}):")
            lines += [f"  {c.item}: {c.text}" for c in group]
    return "\n".join(lines) + "\n"


def to_markdown(changes: list[Change], old: Questionnaire, new: Questionnaire) -> str:
    """The changes as a Markdown change log: one heading per kind, one bullet per change."""
    lines = [f"## {new.id} {new.version}", "", f"Changes since version {old.version}: {len(changes)}."]
    for kind, title in KINDS:
        group = [c for c in changes if c.kind == kind]
        if group:
            lines += ["", f"### {title}", ""]
            lines += [f"- **{c.item}** ({c.action}): {c.text}" for c in group]
    if not changes:
        lines += ["", "No change."]
    return "\n".join(lines) + "\n"
