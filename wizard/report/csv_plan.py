"""The action plan as CSV (one row per action, in priority order), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from wizard.report.model import ReportData
from wizard.report.text import clean

COLUMNS = ("rank", "priority", "priority_label", "obligation_id", "obligation", "regulation", "references",
           "owner", "due", "overdue", "status", "status_label")


def _cell(value: object) -> str:
    """A cell that a spreadsheet will not execute: formulas are neutralised with a leading quote."""
    s = " ".join(clean(value).split())
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def render_csv(data: ReportData) -> str:
    """The action plan as CSV text with a header row of stable column names."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for a in data.actions:
        w.writerow([_cell(v) for v in (
            a.rank, a.priority or "", a.priority_label, a.obligation_id, a.title, a.regulation_label,
            "; ".join(r.label for r in a.references), a.owner, a.due.isoformat() if a.due else "",
            "yes" if a.overdue else "no", a.status or "", a.status_label)])
    return buf.getvalue()
