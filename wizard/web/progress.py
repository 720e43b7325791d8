"""Where a respondent stands: the ordered steps, each one's status, and the next step to open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import evaluations

if TYPE_CHECKING:
    from wizard.engine import ObligationResult

    from .access import Opened

#: Step id of the "status of your obligations" step (section ids are lower_snake_case: no clash).
STATUS_STEP = "obligations-status"

DONE, IN_PROGRESS, NOT_STARTED, CANNOT_START = "done", "in_progress", "not_started", "cannot_start"


@dataclass(frozen=True)
class Step:
    """One step of the wizard: a visible section, or the obligations status step."""

    id: str
    title: Any  # a localised text mapping, or a plain string for the status step
    status: str
    number: int
    is_section: bool = True


def tracked_obligations(opened: Opened) -> list[ObligationResult]:
    """Applicable (or possibly applicable) obligations whose status the wizard asks for."""
    return [o for o in opened.result.obligations if getattr(o.obligation, "track_status", True)]


def section_status(opened: Opened, section_id: str) -> str:
    """done / in_progress / not_started for one visible section (posted steps store every question)."""
    questions = opened.visibility.questions(section_id)
    seen = [q for q in questions if q.id in opened.versions]
    if not seen:
        return NOT_STARTED
    complete = len(seen) == len(questions) and all(q.id in opened.answers for q in questions if q.required)
    return DONE if complete else IN_PROGRESS


def steps(opened: Opened, status_title: str) -> list[Step]:
    """Every step in order, with its status.

    A section with a condition that comes after an unfinished step "cannot start yet": the answers
    still to give may show or hide it. Worked out once per state: the statuses read the answers, the
    questions seen (saved, even blank), the result and the obligations whose status was saved.
    """
    seen = opened.stored.seen if opened.stored else (frozenset(opened.versions), frozenset(opened.status_versions))
    key = ("steps", opened.state_key, *seen, status_title)
    return list(evaluations.derived(key, lambda: _steps(opened, status_title)))


def _steps(opened: Opened, status_title: str) -> tuple[Step, ...]:
    """``steps`` without the memo."""
    found: list[Step] = []
    for number, section in enumerate(opened.visibility.sections(), start=1):
        status = section_status(opened, section.id)
        if status != DONE and section.show_if and any(s.status != DONE for s in found):
            status = CANNOT_START
        found.append(Step(section.id, section.title, status, number))
    tracked = tracked_obligations(opened)
    if tracked:
        if all(o.id in opened.status_versions for o in tracked):
            status = DONE
        elif any(s.status != DONE for s in found):
            status = CANNOT_START
        else:
            status = NOT_STARTED
        found.append(Step(STATUS_STEP, status_title, status, len(found) + 1, is_section=False))
    return tuple(found)


def steps_key(all_steps: list[Step]) -> tuple[tuple[str, str, int], ...]:
    """What a rendered step list depends on besides the questionnaire and the language: each step's
    id, status and number (titles come from the questionnaire, or the catalogue for the status step)."""
    return tuple((s.id, s.status, s.number) for s in all_steps)


def first_open(all_steps: list[Step]) -> Step | None:
    """The step to resume at: the first one not done (None when everything is answered)."""
    for step in all_steps:
        if step.status != DONE:
            return step
    return None


def neighbours(all_steps: list[Step], step_id: str) -> tuple[Step | None, Step | None]:
    """The steps before and after ``step_id`` (None at either end)."""
    ids = [s.id for s in all_steps]
    if step_id not in ids:
        return None, None
    index = ids.index(step_id)
    before = all_steps[index - 1] if index > 0 else None
    after = all_steps[index + 1] if index + 1 < len(all_steps) else None
    return before, after
