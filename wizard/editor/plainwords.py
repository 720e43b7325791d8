"""Conditions in plain words: `org_type in ["a", "b"] and not is_ai` as a lawyer reads it.

Names become the question's wording, the fact's or outcome's label; option values become their
labels. The few connecting words live here in English and French, like the report's own furniture
(headless code, no Flask). Pure.
"""

from __future__ import annotations

from typing import Any

from ..conditions import ParseError, parse
from ..conditions.ast import Arith, BoolOp, Call, Compare, ListExpr, Literal, Name, Node, Not
from ..questionnaire import Questionnaire, tr

_WORDS: dict[str, tuple[str, str]] = {
    "and": ("and", "et"),
    "or": ("or", "ou"),
    "not": ("it is not the case that", "il n’est pas vrai que"),
    "yes": ("yes", "oui"),
    "no": ("no", "non"),
    "always": ("always", "toujours"),
    "never": ("never", "jamais"),
    "is": ("is", "est"),
    "is not": ("is not", "n’est pas"),
    "one of": ("is one of", "est l’une des valeurs"),
    "none of": ("is none of", "n’est aucune des valeurs"),
    "includes": ("includes", "comprend"),
    "excludes": ("does not include", "ne comprend pas"),
    "answer to": ("the answer to", "la réponse à"),
    "count": ("the number of choices in", "le nombre de choix dans"),
    "count_true": ("the number of these that hold:", "le nombre de ces conditions remplies :"),
    "has_any": ("includes at least one of", "comprend au moins l’une des valeurs"),
    "has_all": ("includes all of", "comprend toutes les valeurs"),
    "answered": ("is answered", "a une réponse"),
    "unsure": ("is answered “not sure”", "a pour réponse «\u00a0je ne sais pas\u00a0»"),
    "<": ("is less than", "est inférieur à"),
    "<=": ("is at most", "est au plus"),
    ">": ("is more than", "est supérieur à"),
    ">=": ("is at least", "est au moins"),
}


def word(key: str, lang: str) -> str:
    """A connecting word in ``lang`` (English for any language but French)."""
    en, fr = _WORDS[key]
    return fr if lang == "fr" else en


class _Words:
    def __init__(self, q: Questionnaire, lang: str) -> None:
        self.q, self.lang = q, lang

    def quote(self, text: str) -> str:
        """Quotation marks of the language (« » with no-break spaces in French)."""
        return f"«\u00a0{text}\u00a0»" if self.lang == "fr" else f"“{text}”"

    def name(self, name: str) -> str:
        q = self.q
        question = q.questions.get(name)
        if question is not None:
            return self.quote(tr(question.label, self.lang))
        fact = q.fact(name)
        if fact is not None:
            return self.quote(tr(fact.label, self.lang)) if fact.label else f"[{name}]"
        outcome = q.outcome(name)
        if outcome is not None:
            return self.quote(tr(outcome.label, self.lang))
        return name

    def value(self, value: Any, about: Node | None) -> str:
        """A literal, as the label of an option or outcome value when ``about`` names one."""
        if isinstance(value, bool):
            return word("yes" if value else "no", self.lang)
        if isinstance(value, str) and isinstance(about, Name):
            question = self.q.questions.get(about.name)
            option = question.option(value) if question is not None else None
            if option is not None:
                return self.quote(tr(option.label, self.lang))
            outcome = self.q.outcome(about.name)
            info = outcome.value_info(value) if outcome is not None else None
            if info is not None:
                return self.quote(tr(info.label, self.lang))
            if value == "unsure":
                return self.quote("je ne sais pas" if self.lang == "fr" else "not sure")
        return self.quote(value) if isinstance(value, str) else str(value)

    def items(self, node: Node, about: Node | None) -> str:
        if isinstance(node, ListExpr):
            return ", ".join(self.value(i.value, about) if isinstance(i, Literal) else self.say(i)
                             for i in node.items)
        return self.say(node)

    def say(self, node: Node, nested: bool = False) -> str:
        lang = self.lang
        if isinstance(node, Literal):
            if node.value is True:
                return word("always", lang)
            if node.value is False:
                return word("never", lang)
            return self.value(node.value, None)
        if isinstance(node, Name):
            question = self.q.questions.get(node.name)
            if question is not None and question.is_boolean:
                return f"{word('answer to', lang)} {self.name(node.name)} {word('is', lang)} {word('yes', lang)}"
            return self.name(node.name)
        if isinstance(node, Not):
            return f"{word('not', lang)} {self.say(node.operand, True)}"
        if isinstance(node, BoolOp):
            text = f" {word(node.op, lang)} ".join(self.say(o, True) for o in node.operands)
            return f"({text})" if nested else text
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, Arith):
            return f"{self.say(node.left, True)} {node.op} {self.say(node.right, True)}"
        if isinstance(node, Call):
            return self.call(node)
        return "?"

    def compare(self, node: Compare) -> str:
        lang, left, right = self.lang, node.left, node.right
        if node.op in ("==", "!="):
            subject = self.name(left.name) if isinstance(left, Name) else self.say(left, True)
            verb = word("is" if node.op == "==" else "is not", lang)
            other = self.value(right.value, left) if isinstance(right, Literal) else self.say(right, True)
            return f"{subject} {verb} {other}"
        if node.op in ("in", "not in"):
            if isinstance(right, ListExpr):  # x in [a, b]: x is one of them
                subject = self.name(left.name) if isinstance(left, Name) else self.say(left, True)
                verb = word("one of" if node.op == "in" else "none of", lang)
                return f"{subject} {verb} {self.items(right, left)}"
            collection = self.name(right.name) if isinstance(right, Name) else self.say(right, True)
            verb = word("includes" if node.op == "in" else "excludes", lang)
            item = self.value(left.value, right) if isinstance(left, Literal) else self.say(left, True)
            return f"{collection} {verb} {item}"
        return f"{self.say(left, True)} {word(node.op, lang)} {self.say(right, True)}"

    def call(self, node: Call) -> str:
        lang, args = self.lang, node.args
        if node.func == "date" and args and isinstance(args[0], Literal):
            return str(args[0].value)
        if node.func == "count" and args:
            return f"{word('count', lang)} {self.say(args[0], True)}"
        if node.func == "count_true":
            return f"{word('count_true', lang)} [" + "; ".join(self.say(a, True) for a in args) + "]"
        if node.func in ("has_any", "has_all") and len(args) == 2:
            about = args[0]
            return f"{self.say(about, True)} {word(node.func, lang)} {self.items(args[1], about)}"
        if node.func in ("answered", "unsure") and args:
            return f"{self.say(args[0], True)} {word(node.func, lang)}"
        return f"{node.func}(" + ", ".join(self.say(a, True) for a in args) + ")"


def in_words(condition: str | None, q: Questionnaire, lang: str = "en") -> str:
    """The condition in plain words (``always`` for none); the source text if it does not parse."""
    if condition is None or not condition.strip():
        return word("always", lang)
    try:
        node = parse(condition)
    except ParseError:
        return condition
    return _Words(q, lang).say(node)
