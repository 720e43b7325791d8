"""Facts about an assessment that the report shows but the engine does not know (who, when, review)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReportMeta:
    """Identity of the assessment a report describes; `review` is any object with the advisor's review.

    `review` is duck-typed (see docs/report.md): attributes `decision`, `summary`, `reviewer`,
    `decided_at` and `comments` (a list of objects or mappings with `section`, `text`, `author`,
    `created_at`); a mapping with the same keys is accepted too.
    """

    reference: str
    system_name: str
    organisation: str
    contact: str | None
    lang: str
    created_at: datetime
    updated_at: datetime
    review_status: str | None = None
    review: object | None = None
    #: The address of the server's report verification page, printed in the about annex when given.
    verify_url: str | None = None
