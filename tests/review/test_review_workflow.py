"""The advisors' review over HTTP, on SQLite and PostgreSQL: submit, queue, verdicts, comments,
changes requested, revision and diff, approval, the review in the report, and what each side sees."""

from __future__ import annotations

import io
import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from review_helpers import Advisor, submitted, text_of
from sqlalchemy import select
from web.helpers import Respondent

from wizard.audit import AuditEvent
from wizard.extensions import db
from wizard.review.models import Revision, Verdict


def revisions(app: Flask) -> list[Revision]:
    with app.app_context():
        rows = list(db.session.scalars(select(Revision).order_by(Revision.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def test_the_whole_cycle(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """Submit → queue → assign → verdicts and comments → changes requested → revise → resubmit → diff →
    approve; the respondent sees status and shown comments only; the approved report carries the review."""
    respondent, ref = submitted(client)
    assert "Submitted" in respondent.get(f"/assessments/{ref}/result").get_data(as_text=True)
    advisor = Advisor(app.test_client())
    email = login_as(advisor.client, "advisor")

    queue = text_of(advisor.get("/review/").get_data(as_text=True))
    assert "CV ranker" in queue and "Acme" in queue and "Submitted" in queue
    page = advisor.get(f"/review/{ref}/").get_data(as_text=True)
    assert "Please look at the biometric part" in page        # the respondent's message
    assert "Ranks CVs" in page                                 # every answer, read-only
    assert 'value="outcome:tier"' in page and "tier_health" in page   # each conclusion with its rule

    assert advisor.post(f"/review/{ref}/assign", {"assignee": "me", "version": advisor.version()}).status_code == 303
    advisor.get(f"/review/{ref}/")
    assert email in advisor.page and "In review" in advisor.page
    # a disagreement must say why: refused with a message, nothing stored
    response = advisor.post(f"/review/{ref}/verdicts", {"conclusion": "outcome:tier", "verdict": "disagree",
                                                         "comment": "  ", "version": "0"})
    assert response.status_code == 400 and "needs a comment" in advisor.page
    advisor.get(f"/review/{ref}/")
    for key, verdict, comment in (("outcome:tier", "disagree", "Health use alone is not Annex III"),
                                  ("outcome:gdpr_applies", "agree", "")):
        response = advisor.post(f"/review/{ref}/verdicts", {"conclusion": key, "verdict": verdict,
                                                             "comment": comment, "legal_reference": "Art. 6(2)",
                                                             "version": advisor.verdict_version(key)})
        assert response.status_code == 303, advisor.page
        advisor.get(f"/review/{ref}/")
    advisor.post(f"/review/{ref}/comments", {"section": "basics", "text": "Say who uses the ranking.",
                                             "visibility": "respondent"})
    advisor.post(f"/review/{ref}/comments", {"section": "basics", "text": "Internal: check the vendor.",
                                             "visibility": "advisors"})
    advisor.get(f"/review/{ref}/")
    response = advisor.post(f"/review/{ref}/decision", {"decision": "changes_requested", "summary": "",
                                                         "version": advisor.version()})
    assert response.status_code == 400 and "Write a summary" in advisor.page
    advisor.get(f"/review/{ref}/")
    response = advisor.post(f"/review/{ref}/decision", {"decision": "changes_requested",
                                                         "summary": "Clarify the users.",
                                                         "version": advisor.version()})
    assert response.status_code == 303

    # the respondent: status and shown comments, next to the section; never the advisors-only one
    result = respondent.get(f"/assessments/{ref}/result").get_data(as_text=True)
    assert "Changes requested" in result and "Clarify the users." in result
    step = respondent.get(f"/assessments/{ref}/steps/basics").get_data(as_text=True)
    assert "Say who uses the ranking." in step and "Internal: check the vendor." not in step
    assert "Internal" not in respondent.get(f"/assessments/{ref}/").get_data(as_text=True)

    # revise and resubmit: a second frozen revision; the first keeps its answers and verdicts
    assert respondent.answer(ref, "basics", {"is_ai": "yes", "purpose": "Ranks CVs for recruiters",
                                             "details": ""}).status_code == 303
    respondent.get(f"/assessments/{ref}/result")
    assert respondent.post(f"/assessments/{ref}/submit", {"message": "Done"}).status_code == 303
    first, second = revisions(app)
    assert (first.number, first.state, first.current) == (1, "changes_requested", False)
    assert (second.number, second.state, second.current) == (2, "submitted", True)
    assert first.answers["purpose"] == "Ranks CVs" and second.answers["purpose"] == "Ranks CVs for recruiters"
    assert second.assigned_to_id == first.assigned_to_id

    diff = text_of(advisor.get(f"/review/{ref}/diff").get_data(as_text=True))
    assert "Ranks CVs" in diff and "Ranks CVs for recruiters" in diff
    page = advisor.get(f"/review/{ref}/").get_data(as_text=True)
    assert "Filled in from your verdict on the previous revision." in page
    assert "Health use alone is not Annex III" in page        # earlier verdict offered as the start
    response = advisor.post(f"/review/{ref}/verdicts", {"conclusion": "outcome:tier", "verdict": "agree",
                                                         "comment": "Now clear.", "version": "0"})
    assert response.status_code == 303
    advisor.get(f"/review/{ref}/")
    assert advisor.post(f"/review/{ref}/decision", {"decision": "approved", "summary": "Sound assessment.",
                                                    "version": advisor.version()}).status_code == 303
    # approved is locked: no verdict, comment or decision any more
    advisor.get(f"/review/{ref}/")
    assert "Save the verdict" not in advisor.page
    assert advisor.post(f"/review/{ref}/verdicts", {"conclusion": "outcome:tier", "verdict": "disagree",
                                                    "comment": "late", "version": "1"}).status_code == 409
    assert advisor.post(f"/review/{ref}/decision", {"decision": "rejected", "summary": "x",
                                                    "version": "99"}).status_code == 409
    with app.app_context():
        past = db.session.scalars(select(Verdict).join(Revision).where(Revision.number == 1,
                                                                       Verdict.conclusion_key == "outcome:tier")).one()
        assert past.verdict == "disagree" and past.comment == "Health use alone is not Annex III"

    # the report of the approved revision carries the review, for the respondent and the advisor
    report = json.loads(respondent.client.get(f"/assessments/{ref}/report.json").get_data(as_text=True))
    assert report["assessment"]["review_status"] == "Approved"
    assert report["review"]["summary"] == "Sound assessment." and report["review"]["reviewer"] == email
    assert {v["verdict"] for v in report["review"]["verdicts"]} == {"Agree"}
    pdf = advisor.client.get(f"/review/{ref}/revisions/2/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Advisor review" in text and "Sound assessment." in text and "Now clear." in text
    assert "/verify" in text
    markdown = advisor.client.get(f"/review/{ref}/revisions/1/report.md").get_data(as_text=True)
    assert "Health use alone is not Annex III" in markdown and "Changes requested" in markdown


def test_advisors_never_see_drafts(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """[3] A draft (never submitted) is not in the queue and its review page answers 404."""
    r = Respondent(client)
    draft = r.start(name="Secret draft")
    advisor = app.test_client()
    login_as(advisor, "advisor")
    assert "Secret draft" not in advisor.get("/review/?status=all").get_data(as_text=True)
    for url in (f"/review/{draft}/", f"/review/{draft}/diff", f"/review/{draft}/audit.csv",
                f"/review/{draft}/revisions/1/report.pdf"):
        assert advisor.get(url).status_code == 404, url


def test_advisors_cannot_change_answers(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """[3] The wizard's pages of a submitted assessment stay closed to an advisor (404: no grant)."""
    _respondent, ref = submitted(client)
    advisor = Advisor(app.test_client())
    login_as(advisor.client, "advisor")
    advisor.get("/review/")
    for url in (f"/assessments/{ref}/steps/basics", f"/assessments/{ref}/obligations",
                f"/assessments/{ref}/submit", f"/assessments/{ref}/delete"):
        assert advisor.post(url, {"is_ai": "no"}).status_code == 404, url
    assert advisor.client.get(f"/assessments/{ref}/result").status_code == 404


def test_a_respondent_never_reaches_another_assessment(app: Flask, client: FlaskClient) -> None:
    """[2] Holding one link gives nothing on another assessment: submit answers 404."""
    _owner, ref = submitted(client)
    stranger = Respondent(app.test_client())
    stranger.start(name="Mine")
    assert stranger.post(f"/assessments/{ref}/submit", {"message": "x"}).status_code == 404
    assert stranger.client.get(f"/review/{ref}/").status_code == 303   # to sign-in: no role


def test_stale_saves_are_refused(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """Two tabs: the second save made from an old page is refused (409) and changes nothing."""
    _r, ref = submitted(client)
    advisor = Advisor(app.test_client())
    login_as(advisor.client, "advisor")
    advisor.get(f"/review/{ref}/")
    old_version = advisor.version()
    assert advisor.post(f"/review/{ref}/verdicts", {"conclusion": "outcome:tier", "verdict": "agree",
                                                    "version": "0"}).status_code == 303
    assert advisor.post(f"/review/{ref}/verdicts", {"conclusion": "outcome:tier", "verdict": "disagree",
                                                    "comment": "from an old tab", "version": "0"}).status_code == 409
    assert "Someone else saved a change meanwhile" in advisor.page
    assert advisor.post(f"/review/{ref}/decision", {"decision": "approved", "summary": "",
                                                    "version": old_version}).status_code == 409
    with app.app_context():
        assert db.session.scalars(select(Verdict)).one().verdict == "agree"
        assert db.session.scalars(select(Revision)).one().state == "in_review"


def test_the_audit_trail(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """[20] Every step is an event with its actor; shown to advisors and exported as CSV; no answers."""
    respondent, ref = submitted(client)
    advisor = Advisor(app.test_client())
    email = login_as(advisor.client, "advisor")
    advisor.get(f"/review/{ref}/")
    advisor.post(f"/review/{ref}/assign", {"assignee": "me", "version": advisor.version()})
    advisor.post(f"/review/{ref}/verdicts", {"conclusion": "outcome:tier", "verdict": "agree", "version": "0"})
    advisor.post(f"/review/{ref}/comments", {"text": "Fine overall", "visibility": "advisors"})
    advisor.get(f"/review/{ref}/")
    advisor.post(f"/review/{ref}/decision", {"decision": "approved", "summary": "", "version": advisor.version()})
    advisor.client.get(f"/review/{ref}/revisions/1/report.pdf")
    respondent.client.get(f"/assessments/{ref}/report.md")
    page = text_of(advisor.get(f"/review/{ref}/").get_data(as_text=True))
    for label in ("Submitted for review", "Assigned", "Verdict on a conclusion", "Comment", "Decision",
                  "Report exported"):
        assert label in page, label
    csv = advisor.client.get(f"/review/{ref}/audit.csv").get_data(as_text=True)
    assert csv.splitlines()[0] == "id,at,action,actor,assessment,revision,details"
    actions = [line.split(",")[2] for line in csv.splitlines()[1:]]
    assert actions == ["submitted", "assigned", "verdict", "comment", "decision", "exported", "exported",
                       "audit_exported"]
    assert f",{email}," in csv and ",respondent," in csv
    # no answer contents, no comment texts, no message, no secret in the trail
    for secret in ("Ranks CVs", "Fine overall", "biometric part", "Trained in March"):
        assert secret not in csv
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "submitted")).one()
        assert event.details == {"with_message": True}


def test_queue_filters_search_sort_and_pages(app: Flask, login_as: Any, monkeypatch: Any) -> None:
    """Filters by status, organisation, text, assignment; sorting; pages of PAGE_SIZE."""
    from wizard.review import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    refs = {}
    for name, org in (("Alpha bot", "Acme"), ("Beta bot", "Borg"), ("Gamma bot", "Acme")):
        refs[name] = submitted(app.test_client(), name=name, organisation=org)[1]
    advisor = Advisor(app.test_client())
    login_as(advisor.client, "advisor")
    advisor.get(f"/review/{refs['Beta bot']}/")
    advisor.post(f"/review/{refs['Beta bot']}/assign", {"assignee": "me", "version": advisor.version()})

    def names(query: str) -> list[str]:
        page = advisor.get("/review/" + query).get_data(as_text=True)
        return [n for n in ("Alpha bot", "Beta bot", "Gamma bot") if n in page]

    assert names("?organisation=Acme&sort=system") == ["Alpha bot", "Gamma bot"]
    assert names("?q=gam") == ["Gamma bot"]
    assert names("?q=%25") == []                                   # LIKE wildcards are literal
    assert names("?assigned=me") == ["Beta bot"]
    assert names("?assigned=none&sort=system") == ["Alpha bot", "Gamma bot"]
    assert names("?status=in_review") == ["Beta bot"]
    assert names("?status=approved") == []
    assert names("?sort=oldest") == ["Alpha bot", "Beta bot"]      # first page of two
    assert names("?sort=oldest&page=2") == ["Gamma bot"]
    assert "page 2 of 2" in advisor.page
    assert names("?dpia=no&sort=system&page=1") + names("?dpia=no&sort=system&page=2") in (
        [], ["Alpha bot", "Beta bot", "Gamma bot"])
    assert names("?from=2000-01-01&to=2000-01-02") == []
    monkeypatch.setattr(queries, "COUNT_CAP", 1)                  # a search counts up to the cap
    assert names("?q=bot&sort=system") == ["Alpha bot", "Beta bot"]
    assert "More than 1 assessments" in advisor.page
    assert advisor.get("/review/?from=not-a-date&page=-3&sort=nonsense").status_code == 200


def test_disputed_conclusions_page(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """Editors see per rule how often advisors disagreed, with links to the reviews."""
    _r, ref = submitted(client)
    advisor = Advisor(app.test_client())
    login_as(advisor.client, "advisor")
    advisor.get(f"/review/{ref}/")
    advisor.post(f"/review/{ref}/verdicts", {"conclusion": "outcome:tier", "verdict": "disagree",
                                             "comment": "Not health", "version": "0"})
    editor = app.test_client()
    login_as(editor, "editor")
    page = editor.get("/review/disputed").get_data(as_text=True)
    assert "tier_health" in page and f"/review/{ref}/revisions/1#c-outcome-tier" in page
    # the editor reads the review the page links to, without the forms
    review = editor.get(f"/review/{ref}/revisions/1").get_data(as_text=True)
    assert "Not health" in review and "Save the verdict" not in review
    assert editor.post(f"/review/{ref}/verdicts", data={}).status_code in (400, 403)


def test_review_texts_are_escaped(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """[11] Comments, verdicts, summaries and messages with markup come back escaped on every page."""
    payload = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    respondent, ref = submitted(client, name=payload, message=payload)
    advisor = Advisor(app.test_client())
    login_as(advisor.client, "advisor")
    advisor.get(f"/review/{ref}/")
    advisor.post(f"/review/{ref}/verdicts", {"conclusion": "outcome:tier", "verdict": "disagree",
                                             "comment": payload, "legal_reference": payload, "version": "0"})
    advisor.post(f"/review/{ref}/comments", {"section": "basics", "text": payload, "visibility": "respondent"})
    advisor.get(f"/review/{ref}/")
    advisor.post(f"/review/{ref}/decision", {"decision": "changes_requested", "summary": payload,
                                             "version": advisor.version()})
    pages = [advisor.get(url).get_data(as_text=True) for url in ("/review/", f"/review/{ref}/", "/review/?q=script")]
    pages += [respondent.get(url).get_data(as_text=True) for url in (
        f"/assessments/{ref}/result", f"/assessments/{ref}/steps/basics", f"/assessments/{ref}/")]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
    assert pages[3].count("&lt;script&gt;") >= 2    # the summary and the comment, escaped
