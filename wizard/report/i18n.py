"""The report's own interface strings in English and French, and locale-aware formatting.

Kept apart from Flask-Babel on purpose: report code runs headless (CLI, tests, API) without Flask.
Questionnaire texts are translated in the YAML; only the report's furniture lives here.
"""

from __future__ import annotations

from datetime import date, datetime

LANGS = ("en", "fr")

_CATALOGUE: dict[str, tuple[str, str]] = {
    # key: (English, French)
    "report_title": ("Compliance self-assessment report", "Rapport d'auto-évaluation de conformité"),
    "ai_system": ("AI system", "Système d'IA"),
    "organisation": ("Organisation", "Organisation"),
    "contact": ("Contact", "Contact"),
    "assessment_date": ("Assessment date", "Date de l'évaluation"),
    "last_updated": ("Last updated", "Dernière mise à jour"),
    "questionnaire": ("Questionnaire", "Questionnaire"),
    "questionnaire_version": ("version {version}", "version {version}"),
    "reference": ("Assessment reference", "Référence de l'évaluation"),
    "review_status": ("Review status", "Statut de la revue"),
    "not_reviewed": ("Not reviewed by an advisor", "Non revue par un conseiller"),
    "fingerprint": ("Fingerprint (SHA-256)", "Empreinte (SHA-256)"),
    "fingerprint_short": ("Fingerprint", "Empreinte"),
    "how_to_read": ("How to read this report", "Comment lire ce rapport"),
    "how_to_read_text": (
        "The executive summary gives the conclusions on one page. The following chapters explain each "
        "conclusion: the rule that produced it, the answers that made the rule apply and the legal "
        "references behind it. A conclusion marked <i>provisional</i> depends on questions answered "
        "“not sure” or left open; settling them may change it. The checklist lists every obligation "
        "that applies with its status, and the action plan orders what remains to do. The annex "
        "reproduces every answer.",
        "La synthèse présente les conclusions sur une page. Les chapitres suivants expliquent chaque "
        "conclusion : la règle qui l'a produite, les réponses qui l'ont déclenchée et les références "
        "juridiques sur lesquelles elle repose. Une conclusion marquée <i>provisoire</i> dépend de "
        "questions auxquelles vous avez répondu « je ne sais pas » ou laissées sans réponse ; y répondre "
        "peut la modifier. La liste de contrôle reprend chaque obligation applicable avec son statut, et "
        "le plan d'action ordonne ce qui reste à faire. L'annexe reproduit toutes les réponses.",
    ),
    "disclaimer_title": ("Disclaimer", "Avertissement"),
    "disclaimer": (
        "This report is a self-assessment produced from the answers given by the organisation. It is "
        "not legal advice and does not bind any supervisory authority. Its conclusions are only as "
        "accurate as the answers; review them with your legal counsel or data protection officer.",
        "Ce rapport est une auto-évaluation établie à partir des réponses fournies par l'organisation. "
        "Il ne constitue pas un conseil juridique et n'engage aucune autorité de contrôle. Ses "
        "conclusions ne valent que par l'exactitude des réponses ; revoyez-les avec votre conseil "
        "juridique ou votre délégué à la protection des données.",
    ),
    "contents": ("Contents", "Sommaire"),
    "page_of": ("Page {page} of {total}", "Page {page} sur {total}"),
    "summary": ("Executive summary", "Synthèse"),
    "risk_level": ("Headline classification", "Classification principale"),
    "obligations_by_status": ("Obligations by status", "Obligations par statut"),
    "conclusions": ("Conclusions", "Conclusions"),
    "top_actions": ("Top actions", "Actions prioritaires"),
    "next_dates": ("Dates that matter next", "Prochaines échéances"),
    "no_upcoming_dates": ("No upcoming application date.", "Aucune échéance à venir."),
    "no_actions": ("No open action.", "Aucune action en cours."),
    "provisional": ("provisional", "provisoire"),
    "provisional_long": ("Provisional conclusion", "Conclusion provisoire"),
    "undetermined": ("Not determined", "Non déterminé"),
    "none_value": ("None", "Aucun"),
    "findings_for": ("{instrument}: classification and findings",
                     "{instrument} : classification et constats"),
    "other_findings": ("Other findings", "Autres constats"),
    "why": ("Why", "Pourquoi"),
    "based_on_answers": ("Based on these answers", "Sur la base de ces réponses"),
    "references": ("References", "Références"),
    "reference_one": ("Reference", "Référence"),
    "result": ("Result", "Résultat"),
    "obligations_count": ("{n} applicable obligation(s)", "{n} obligation(s) applicable(s)"),
    "verify_at": ("Check that this report is genuine and unchanged at",
                  "Vérifier que ce rapport est authentique et intact sur"),
    "verify_title": ("Verify a report", "Vérifier un rapport"),
    "verify_intro": ("Upload a PDF report produced by this tool. We check its fingerprint against the "
                     "assessment it carries and show that assessment, read-only. The file is not kept.",
                     "Déposez un rapport PDF produit par cet outil. Nous contrôlons son empreinte au regard "
                     "de l'évaluation qu'il contient et affichons cette évaluation en lecture seule. Le "
                     "fichier n'est pas conservé."),
    "verify_upload": ("Upload a report", "Déposer un rapport"),
    "verify_another": ("Verify another report", "Vérifier un autre rapport"),
    "verify_file_label": ("Report (PDF)", "Rapport (PDF)"),
    "verify_button": ("Verify", "Vérifier"),
    "verify_choose_file": ("Choose a PDF file to verify.", "Choisissez un fichier PDF à vérifier."),
    "verify_sealed": ("It carries this server's seal: it was produced here.",
                      "Il porte le sceau de ce serveur : il a été produit ici."),
    "verify_unsealed": ("It carries no seal (it was produced by the command line or another installation): "
                        "its data and pages are consistent, but its origin cannot be proven.",
                        "Il ne porte pas de sceau (produit en ligne de commande ou par une autre "
                        "installation) : ses données et ses pages sont cohérentes, mais son origine ne peut "
                        "être prouvée."),
    "verify_do_not_rely": ("Do not rely on this file. Ask the organisation for the original report.",
                           "Ne vous fiez pas à ce fichier. Demandez le rapport original à l'organisation."),
    "verify_ok": ("Verified: this report is genuine and unaltered.",
                  "Vérifié : ce rapport est authentique et n'a pas été modifié."),
    "verify_not_pdf": ("This file is not a readable PDF.", "Ce fichier n'est pas un PDF lisible."),
    "verify_no_data": ("This PDF was not produced by this tool: it carries no assessment data.",
                       "Ce PDF n'a pas été produit par cet outil : il ne contient aucune "
                       "donnée d'évaluation."),
    "verify_bad_data": ("Altered: the embedded assessment data is malformed.",
                        "Modifié : les données d'évaluation incorporées sont invalides."),
    "verify_data_changed": ("Altered: the embedded answers do not match the report's fingerprint.",
                            "Modifié : les réponses incorporées ne correspondent pas à "
                            "l'empreinte du rapport."),
    "verify_pages_changed": ("Altered: the pages were changed after the report was produced.",
                             "Modifié : les pages ont été changées après la production du rapport."),
    "verify_bad_seal": ("Not one of ours: the report's seal was not made by this server.",
                        "Pas l'un des nôtres : le sceau du rapport n'a pas été produit par ce serveur."),
    "verify_unknown_questionnaire": (
        "Not one of ours: the questionnaire it was answered on is unknown to this tool.",
        "Pas l'un des nôtres : le questionnaire sur lequel il repose est inconnu de cet outil."),
    "still_possible": ("Still possible: {values}.", "Encore possible : {values}."),
    "to_settle": ("Questions to settle", "Questions à trancher"),
    "no_reason": ("No rule applied.", "Aucune règle ne s'applique."),
    "obligations": ("Obligations checklist", "Liste de contrôle des obligations"),
    "no_obligations": ("No obligation applies.", "Aucune obligation ne s'applique."),
    "obligation": ("Obligation", "Obligation"),
    "applies_from": ("Applies from", "Applicable dès le"),
    "status": ("Status", "Statut"),
    "note": ("Note", "Note"),
    "all_roles": ("All roles", "Tous les rôles"),
    "possibly_applies": ("possibly applies", "s'applique peut-être"),
    "in_force": ("in force", "en vigueur"),
    "not_in_force": ("not yet in force", "pas encore en vigueur"),
    "action_plan": ("Action plan", "Plan d'action"),
    "priority": ("Priority", "Priorité"),
    "action": ("Action", "Action"),
    "owner": ("Owner", "Responsable"),
    "due": ("Due", "Échéance"),
    "overdue": ("overdue", "en retard"),
    "review": ("Advisor review", "Revue du conseiller"),
    "decision": ("Decision", "Décision"),
    "reviewer": ("Reviewer", "Conseiller"),
    "decided_at": ("Date", "Date"),
    "review_summary": ("Summary", "Résumé"),
    "comments": ("Comments", "Commentaires"),
    "general": ("General", "Général"),
    "verdicts": ("Verdicts on the conclusions", "Avis sur les conclusions"),
    "conclusion": ("Conclusion", "Conclusion"),
    "verdict": ("Verdict", "Avis"),
    "annex_answers": ("Annex A: answers", "Annexe A : réponses"),
    "annex_references": ("Annex B: legal references", "Annexe B : références juridiques"),
    "annex_about": ("Annex C: about this report", "Annexe C : à propos de ce rapport"),
    "question": ("Question", "Question"),
    "answer": ("Answer", "Réponse"),
    "yes": ("Yes", "Oui"),
    "no": ("No", "Non"),
    "unsure": ("Not sure", "Je ne sais pas"),
    "unanswered": ("Not answered", "Sans réponse"),
    "hidden_answer": ("(not applicable: kept but ignored)", "(sans objet : conservée mais ignorée)"),
    "integrity_title": ("Integrity", "Intégrité"),
    "integrity_text": (
        "This file carries the assessment it describes (answers, obligation statuses and the "
        "questionnaire's identifier, version and content hash) as an embedded attachment named "
        "<i>{name}</i>. The fingerprint printed in the footer is the SHA-256 of the questionnaire's "
        "content hash and the canonical answers and statuses. Upload the file to the tool's verification "
        "page to check that neither the data nor the pages were altered.",
        "Ce fichier contient l'évaluation qu'il décrit (réponses, statuts des obligations et "
        "identifiant, version et empreinte du questionnaire) sous forme de pièce jointe nommée "
        "<i>{name}</i>. L'empreinte imprimée en pied de page est le SHA-256 de l'empreinte du "
        "questionnaire et des réponses et statuts sous forme canonique. Déposez le fichier sur la page "
        "de vérification de l'outil pour contrôler que ni les données ni les pages n'ont été modifiées.",
    ),
    "questionnaire_hash": ("Questionnaire content hash", "Empreinte du questionnaire"),
    "generated_by": ("Generated by the AI compliance wizard", "Produit par l'assistant de conformité IA"),
    "subject": ("Self-assessment against {title}", "Auto-évaluation : {title}"),
    # statuses of obligations
    "status_done": ("Done", "Fait"),
    "status_in_progress": ("In progress", "En cours"),
    "status_not_started": ("Not started", "Non commencé"),
    "status_not_applicable": ("Not applicable", "Sans objet"),
    "status_unknown": ("Not stated", "Non renseigné"),
}

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
}


def norm_lang(lang: str | None) -> str:
    """The catalogue language closest to `lang` ("fr-FR" -> "fr"); English when unknown."""
    base = (lang or "en").split("-")[0].split("_")[0].lower()
    return base if base in LANGS else "en"


def t(key: str, lang: str, **params: object) -> str:
    """The string `key` in `lang`, formatted with `params`; the key itself if it is missing."""
    pair = _CATALOGUE.get(key)
    if pair is None:
        return key
    text = pair[LANGS.index(norm_lang(lang))]
    return text.format(**params) if params else text


def has(key: str) -> bool:
    """Whether the catalogue knows `key`."""
    return key in _CATALOGUE


def fmt_date(value: date | datetime | str | None, lang: str) -> str:
    """A date in words: "2 December 2027" / "2 décembre 2027"; an ISO string is parsed first."""
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value[:10])
        except ValueError:
            return value
        value = parsed
    if isinstance(value, datetime):
        value = value.date()
    lang = norm_lang(lang)
    day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[lang][value.month - 1]} {value.year}"


def fmt_status(status: str | None, lang: str) -> str:
    """The label of an obligation status (done, in_progress, not_started, not_applicable)."""
    key = f"status_{status or 'unknown'}"
    return t(key if key in _CATALOGUE else "status_unknown", lang)
