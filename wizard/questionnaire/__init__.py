"""Questionnaires: the YAML format, its loader and validator, and the immutable loaded model."""

from .errors import Problem, QuestionnaireError
from .loader import content_hash, find_top_files, load_directory, load_frozen, load_questionnaire
from .model import (
    QUESTION_TYPES,
    UNSURE,
    DateSpec,
    Fact,
    Instrument,
    Obligation,
    Option,
    Outcome,
    Question,
    Questionnaire,
    Rule,
    Section,
)
from .references import Reference
from .text import tr

__all__ = [
    "QUESTION_TYPES",
    "UNSURE",
    "DateSpec",
    "Fact",
    "Instrument",
    "Obligation",
    "Option",
    "Outcome",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Reference",
    "Rule",
    "Section",
    "content_hash",
    "find_top_files",
    "load_directory",
    "load_frozen",
    "load_questionnaire",
    "tr",
]
