"""Forms built from the questionnaire (through the question-type registry) and the wizard's own forms."""

from .start import StartForm
from .statuses import build_status_form, read_statuses
from .step import build_step_form, read_answers
from .types import REGISTRY, type_of

__all__ = ["REGISTRY", "StartForm", "build_status_form", "build_step_form", "read_answers", "read_statuses",
           "type_of"]
