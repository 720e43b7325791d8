"""The action plan as CSV (one row per action, in priority order), safe to open in a spreadsheet.

Made for a spreadsheet in the reader's language: a UTF-8 byte order mark (so Excel does not read the
text as Windows-1252), `;` between cells in French (Excel with a French locale expects it, the comma
being the decimal sign there), headers and values in the report's language. Obligations that may
apply are rows too, marked so, with the questions that would settle them.
"""

from __future__ import annotations

import csv
import io

from wizard.report.i18n import norm_lang, t
from wizard.report.model import ReportData
from wizard.report.text import clean

BOM = "\ufeff"
#: catalogue keys of the column headers, in column order
COLUMNS = ("csv_rank", "csv_priority", "csv_obligation", "csv_applies", "csv_settle", "csv_regulation",
           "csv_references", "csv_owner", "csv_due", "csv_overdue", "csv_status", "csv_id")
DELIMITERS = {"en": ",", "fr": ";"}


def _cell(value: object) -> str:
    """A cell that a spreadsheet will not execute: formulas are neutralised with a leading quote."""
    s = " ".join(clean(value).split())
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def delimiter(lang: str) -> str:
    """The cell separator a spreadsheet expects in `lang`'s locale."""
    return DELIMITERS.get(norm_lang(lang), ",")


def render_csv(data: ReportData) -> str:
    """The action plan as CSV text, byte order mark first, with a header row in the report's language."""
    lang = data.lang
    buf = io.StringIO()
    buf.write(BOM)
    w = csv.writer(buf, delimiter=delimiter(lang), lineterminator="\r\n")
    w.writerow([t(k, lang) for k in COLUMNS])
    for a in data.actions:
        w.writerow([_cell(v) for v in (
            a.rank, a.priority_label, a.title, t("applies_certainly" if a.certain else "may_apply", lang),
            "; ".join(a.settle), a.regulation_label, "; ".join(r.label for r in a.references), a.owner,
            a.due.isoformat() if a.due else "", t("yes" if a.overdue else "no", lang), a.status_label,
            a.obligation_id)])
    return buf.getvalue()
