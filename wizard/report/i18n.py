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
    "verify_title": ("Verify a report", "Vérifier un rapport"),
    "verify_intro": ("Upload a PDF report downloaded from this server. We check the server's seal over the "
                     "whole file and, when it holds, show the assessment it carries, read-only. The file is "
                     "not kept.",
                     "Déposez un rapport PDF téléchargé depuis ce serveur. Nous contrôlons le sceau du "
                     "serveur sur l’ensemble du fichier et, s’il est valide, affichons en lecture seule "
                     "l’évaluation qu’il contient. Le fichier n’est pas conservé."),
    "verify_upload": ("Upload a report", "Déposer un rapport"),
    "verify_another": ("Verify another report", "Vérifier un autre rapport"),
    "verify_file_label": ("Report (PDF)", "Rapport (PDF)"),
    "verify_button": ("Verify", "Vérifier"),
    "verify_choose_file": ("Choose a PDF file to verify.", "Choisissez un fichier PDF à vérifier."),
    "verify_sealed": ("It carries this server's seal over every byte of the file: it was produced here and "
                      "nothing in it was changed since.",
                      "Il porte le sceau de ce serveur sur chaque octet du fichier : il a été produit ici et "
                      "rien n’y a été modifié depuis."),
    "verify_do_not_rely": ("Not verified. Do not rely on what this file says: ask the organisation for the "
                           "report as downloaded from this server.",
                           "Non vérifié. Ne vous fiez pas à ce que dit ce fichier : demandez à "
                           "l’organisation le rapport tel que téléchargé depuis ce serveur."),
    "verify_ok": ("Verified: this report is genuine and unaltered.",
                  "Vérifié : ce rapport est authentique et n’a pas été modifié."),
    "verify_ok_unknown_questionnaire": (
        "Verified: this report is genuine and unaltered. Its questionnaire version is no longer on this "
        "server, so its conclusions cannot be shown here; rely on the PDF itself.",
        "Vérifié : ce rapport est authentique et n’a pas été modifié. La version du questionnaire sur "
        "laquelle il repose n’est plus sur ce serveur : ses conclusions ne peuvent pas être affichées ici, "
        "fiez-vous au PDF lui-même."),
    "verify_cannot_show": ("Its contents cannot be shown here.",
                           "Son contenu ne peut pas être affiché ici."),
    "verify_not_pdf": ("This file is not a PDF.", "Ce fichier n’est pas un PDF."),
    "verify_too_large": ("This file is too large to be one of our reports.",
                         "Ce fichier est trop volumineux pour être l’un de nos rapports."),
    "verify_no_seal": ("This file carries no seal of this server, so nothing vouches for its contents. It "
                       "may come from another installation or the command line, or have been altered.",
                       "Ce fichier ne porte aucun sceau de ce serveur : rien ne garantit son contenu. Il "
                       "peut provenir d’une autre installation ou de la ligne de commande, ou avoir été "
                       "modifié."),
    "verify_bad_seal": ("This file was changed after this server produced it, or it was sealed by another "
                        "server: its seal does not match its contents.",
                        "Ce fichier a été modifié après sa production par ce serveur, ou il a été scellé "
                        "par un autre serveur : son sceau ne correspond pas à son contenu."),
    "verify_bad_data": ("The seal holds but the assessment data in the file cannot be read.",
                        "Le sceau est valide mais les données d’évaluation du fichier sont illisibles."),
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
    "pia_plan": ("Action plan of the self-assessment {ref} (obligations that are not security measures):",
                 "Plan d'action de l'auto-évaluation {ref} (obligations qui ne sont pas des mesures de sécurité) :"),
    "due": ("Due", "Échéance"),
    "overdue": ("overdue", "en retard"),
    "review": ("Advisor review", "Revue du conseiller"),
    "decision": ("Decision", "Décision"),
    "reviewer": ("Reviewer", "Conseiller"),
    "decided_at": ("Date", "Date"),
    "review_summary": ("Summary", "Résumé"),
    "comments": ("Comments", "Commentaires"),
    "general": ("General", "Général"),
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
