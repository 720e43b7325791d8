"""Report renderers: PDF, Markdown, CSV action plan, JSON and the CNIL PIA export.

Pure functions of a questionnaire, an engine result, the answers and a `ReportMeta`; nothing here
imports Flask. `render(fmt, ...)` is the one entry point the CLI and the API call.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from wizard.report.integrity import Verification, verify_pdf
from wizard.report.meta import ReportMeta

FORMATS = {"pdf": "application/pdf", "markdown": "text/markdown; charset=utf-8",
           "csv": "text/csv; charset=utf-8", "json": "application/json", "pia": "application/json"}
EXTENSIONS = {"pdf": "pdf", "markdown": "md", "csv": "csv", "json": "json", "pia": "pia.json"}


def render(fmt: str, questionnaire: Any, result: Any, answers: Mapping[str, Any],
           statuses: Mapping[str, Any] | None, meta: ReportMeta, *, seal_key: bytes | None = None) -> bytes:
    """The report in `fmt` ("pdf", "markdown", "csv", "json" or "pia") as bytes.

    Raises ValueError for an unknown format and `PiaNotApplicable` when "pia" is asked for an
    assessment that calls for no DPIA (or a questionnaire without a PIA mapping).
    """
    from wizard.report.model import build_report

    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "pdf":
        from wizard.report.pdf import collector_paused, render_report_pdf
        with collector_paused():
            return render_report_pdf(build_report(questionnaire, result, answers, statuses or {}, meta),
                                     seal_key=seal_key)
    data = build_report(questionnaire, result, answers, statuses or {}, meta)
    if fmt == "markdown":
        from wizard.report.markdown import render_markdown
        return render_markdown(data).encode("utf-8")
    if fmt == "csv":
        from wizard.report.csv_plan import render_csv
        return render_csv(data).encode("utf-8")
    if fmt == "json":
        from wizard.report.json_export import render_json_dict
        doc = render_json_dict(data, result)
    else:
        from wizard.report.pia import render_pia
        doc = render_pia(data)
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


__all__ = ["EXTENSIONS", "FORMATS", "ReportMeta", "Verification", "render", "verify_pdf"]
