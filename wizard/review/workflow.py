"""Who may move an assessment from which state to which: one explicit table, checked by every operation."""

from __future__ import annotations

#: The respondent is the holder of the secret link (no account); reviewers are advisors and admins.
RESPONDENT = "respondent"
REVIEWERS = frozenset({"advisor", "admin"})

#: (from state, to state) -> who may make that move. "draft" is an assessment never submitted.
#: Approved and rejected are final: no move leaves them.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("draft", "submitted"): frozenset({RESPONDENT}),
    ("changes_requested", "submitted"): frozenset({RESPONDENT}),   # a new revision
    ("submitted", "in_review"): REVIEWERS,
    ("submitted", "changes_requested"): REVIEWERS,
    ("submitted", "approved"): REVIEWERS,
    ("submitted", "rejected"): REVIEWERS,
    ("in_review", "changes_requested"): REVIEWERS,
    ("in_review", "approved"): REVIEWERS,
    ("in_review", "rejected"): REVIEWERS,
}

#: States in which the advisors may still write verdicts and comments.
OPEN_STATES = frozenset({"submitted", "in_review"})


class TransitionError(Exception):
    """A move the table does not allow (the caller answers 409 with the reason)."""


def allowed(actor: str, current: str, target: str) -> bool:
    """Whether ``actor`` (a role, or "respondent") may move from ``current`` to ``target``."""
    return actor in TRANSITIONS.get((current, target), frozenset())


def check(actor: str, current: str, target: str) -> None:
    """Raise TransitionError unless the move is allowed."""
    if not allowed(actor, current, target):
        raise TransitionError(f"{actor} may not move an assessment from {current} to {target}")


def targets(actor: str, current: str) -> list[str]:
    """The states ``actor`` may move to from ``current``."""
    return [to for (frm, to), who in TRANSITIONS.items() if frm == current and actor in who]
