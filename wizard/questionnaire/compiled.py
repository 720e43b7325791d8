"""The compiled form of a questionnaire's conditions, built once at load time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..conditions import Node, SymbolTable
from ..conditions.compiler import Fn


@dataclass(frozen=True)
class CompiledCondition:
    node: Node
    fn: Fn
    names: tuple[str, ...]


@dataclass
class Compiled:
    """Every condition of a questionnaire, parsed, checked and compiled, plus the dependency graph."""

    symbols: SymbolTable
    section_show: dict[str, CompiledCondition] = field(default_factory=dict)
    question_show: dict[str, CompiledCondition] = field(default_factory=dict)
    facts: dict[str, CompiledCondition] = field(default_factory=dict)
    rules: dict[tuple[str, str], CompiledCondition] = field(default_factory=dict)  # (outcome, rule)
    obligations: dict[str, CompiledCondition] = field(default_factory=dict)
    date_alternatives: dict[tuple[str, int], CompiledCondition] = field(default_factory=dict)
    depends_on: dict[str, frozenset[str]] = field(default_factory=dict)  # name -> names it reads
    questions_behind: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> question ids
    # Every question, fact and outcome (and section, as "section:<id>") in an order where each comes
    # after what it depends on, names of one kind kept together where dependencies allow: evaluation
    # walks it once, in runs of the same kind, with no recursion and no memo checks.
    plan: tuple[str, ...] = ()

    def questions_of(self, names: Any) -> list[str]:
        """The question ids that the given names (questions, facts, outcomes) ultimately read."""
        out: dict[str, None] = {}
        for name in names:
            for qid in self.questions_behind.get(name, ()):
                out[qid] = None
        return list(out)
