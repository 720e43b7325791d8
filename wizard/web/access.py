"""The one choke point for reaching an assessment: the secret link, exchanged for a session grant.

A respondent opens ``/a/<token>`` once; the browser then holds a grant in the (signed, HttpOnly)
session cookie: the assessment's public reference and the hash of its current link, never the link.
Pages use ``/assessments/<reference>/...``, so the secret does not travel in every URL, history entry
or log line, and rotating the link ends every grant of the old one. Every assessment-scoped view calls
``open_assessment``, which answers 404 (never 403) without a valid grant. Advisors and editors, when
they log in, will get their own branch here.
"""

from __future__ import annotations

import functools
import hmac
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from flask import abort, current_app, g, session
from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import undefer

from wizard import assessments
from wizard.catalog import catalog
from wizard.extensions import db
from wizard.models import Assessment

from . import evaluations

if TYPE_CHECKING:
    from wizard.engine import Result, Visibility
    from wizard.questionnaire import Questionnaire

GRANTS_KEY = "grants"
_HEX64 = re.compile(r"[0-9a-f]{64}")


def link_key() -> bytes:
    """The key secret links are derived from (derived from SECRET_KEY, never the key itself)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"wizard-secret-link-v1", "sha256").digest()


def _grants() -> dict[str, str]:
    """This browser's grants: {reference: sha256 of the link token}, most recent last.

    The cookie is signed, not encrypted: it holds the hash under which the database stores the
    token, never the token (the secret link) itself. A grant dies with the link (rotation, deletion).
    """
    grants: dict[str, str] = {}
    for reference, held in dict(session.get(GRANTS_KEY) or {}).items():
        if isinstance(reference, str) and isinstance(held, str):
            # grants written before links were hashed in the cookie held the token itself
            grants[reference] = held if _HEX64.fullmatch(held) else assessments.hash_token(held)
    return grants


def grant(assessment: Assessment) -> None:
    """Let this browser open ``assessment`` (most recent last; the oldest grants fall off)."""
    grants = {k: v for k, v in _grants().items() if k != assessment.reference}
    grants[assessment.reference] = assessment.token_hash
    limit = int(current_app.config["MAX_GRANTS"])
    session[GRANTS_KEY] = dict(list(grants.items())[-limit:])


def revoke(reference: str) -> None:
    """Forget the grant of ``reference`` in this browser."""
    grants = _grants()
    if grants.pop(reference, None) is not None:
        session[GRANTS_KEY] = grants


def granted_references() -> list[str]:
    """References of the assessments this browser may open, most recent first."""
    return list(reversed(list(_grants().keys())))


@functools.cache
def _granted_query() -> Select[Any]:
    """The assessment by its reference, with its review state's key (which every assessment page
    shows: one query, not two). Built once: building it costs a tenth of a step page."""
    return select(Assessment).where(Assessment.reference == bindparam("reference")).options(
        undefer(Assessment.current_revision_id))


def find_granted(reference: str) -> Assessment | None:
    """The assessment ``reference`` if this browser holds a grant for its current link, else None."""
    held = _grants().get(reference)
    if held is None:
        return None
    query, params = _granted_query(), {"reference": reference}
    autocommit = _autocommit()
    try:
        found = db.session.scalar(query, params)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        # the connection died since its last use (the database restarted): SQLAlchemy has replaced
        # the pool's connections, and this is the request's first query, so it is simply run again
        db.session.rollback()
        if autocommit:
            read_without_transaction()
        found = db.session.scalar(query, params)
    if found is None or not hmac.compare_digest(found.token_hash.encode(), held.encode()):
        return None
    return found


@dataclass
class Opened:
    """An assessment opened by an authorised requester, with its pinned questionnaire and answers."""

    assessment: Assessment
    questionnaire: Questionnaire
    answers: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    #: The stored state the answers were copied from, with its digests (else statuses are read on
    #: first use, and digests worked out when needed).
    stored: evaluations.Stored | None = None
    #: Answers as a person reads them, by question id, filled as pages ask (see result.show).
    shown: dict[str, str] = field(default_factory=dict)

    @property
    def _digests(self) -> tuple[str, str] | None:
        """Digests of the stored answers and statuses, when read with them."""
        return self.stored.digests if self.stored is not None else None

    @cached_property
    def visibility(self) -> Visibility:
        """Which sections and questions are shown, given the stored answers."""
        return evaluations.visibility_of(self.questionnaire, self.answers,
                                         self._digests[0] if self._digests else None)

    @cached_property
    def _statuses_and_versions(self) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
        """Both read with the answers, or in one query when a page first needs either."""
        if self.stored is not None:   # copies: the shared state is never changed through a page
            return dict(self.stored.state.statuses), dict(self.stored.state.status_versions)
        return assessments.statuses_with_versions(self.assessment)

    @property
    def statuses(self) -> dict[str, dict[str, str]]:
        """Stored obligation statuses."""
        return self._statuses_and_versions[0]

    @property
    def status_versions(self) -> dict[str, int]:
        """Save counters of the stored obligation statuses (a row means the status step was posted)."""
        return self._statuses_and_versions[1]

    @cached_property
    def today(self) -> date:
        """The day this request evaluates on (read once, so that a page never mixes two days)."""
        return date.today()

    @cached_property
    def result(self) -> Result:
        """The evaluation of the stored answers and statuses (pure: shared by requests on the same state)."""
        return evaluations.result_of(self.questionnaire, self.answers, self.statuses, self.today,
                                     self._digests)

    @cached_property
    def state_key(self) -> str:
        """A digest of what ``result`` depends on: parts of pages rendered from the result are keyed by it."""
        return evaluations.state_key(self.questionnaire, self.answers, self.statuses, self.today,
                                     self._digests)

    def refresh(self) -> Opened:
        """A fresh view after a save."""
        return opened(self.assessment)


def opened(assessment: Assessment) -> Opened:
    """Load what every assessment page needs."""
    # the frozen copy (a large JSON document) is read from the database only the first time this
    # process meets its questionnaire version
    questionnaire = catalog().cached(assessment.content_hash)
    if questionnaire is None:
        snapshot = assessment.snapshot
        questionnaire = catalog().pinned(snapshot.content_hash, snapshot.frozen)
    stored = evaluations.stored_state(assessment, lambda: assessments.state_of(assessment))
    # copies: the shared state is never changed through a page's Opened
    return Opened(assessment, questionnaire, dict(stored.state.answers), dict(stored.state.versions),
                  stored=stored)


def open_assessment(reference: str, *, read_only: bool = False) -> Opened:
    """The assessment ``reference`` for this requester, or a 404 that does not say whether it exists.

    ``read_only`` (a page that only reads) runs the request's queries outside a transaction: each
    read is a statement of its own, as it already is under PostgreSQL's READ COMMITTED, without
    the ``BEGIN`` and ``ROLLBACK`` round trips around them. Views that write never pass it.
    """
    if read_only:
        read_without_transaction()
    found = find_granted(reference)
    if found is None:
        abort(404)
    return opened(found)


def _autocommit() -> bool:
    """Whether this request's connection runs without a transaction (``read_without_transaction``)."""
    return bool(g.get("_wizard_autocommit"))


def read_without_transaction() -> None:
    """Run this request's queries in autocommit mode, when nothing was queried yet in it.

    The connection goes back to the pool in its usual mode at the end of the request; a later write
    in the same request would commit statement by statement, so only views that never write call it.
    """
    session = db.session()
    if not session.in_transaction():
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        g._wizard_autocommit = True
