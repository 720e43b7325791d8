"""The evaluation engine: answers, visibility, evaluation and scenarios. Pure: no Flask, no database."""

from ..conditions.values import UNKNOWN
from ..questionnaire.model import UNSURE
from .answers import AnswerError, coerce_answer
from .evaluate import evaluate
from .result import STATUSES, Action, FactResult, ObligationResult, OutcomeResult, Reason, Result, ValueInfo
from .visibility import Visibility

__all__ = [
    "STATUSES",
    "UNKNOWN",
    "UNSURE",
    "Action",
    "AnswerError",
    "FactResult",
    "ObligationResult",
    "OutcomeResult",
    "Reason",
    "Result",
    "ValueInfo",
    "Visibility",
    "coerce_answer",
    "evaluate",
]
