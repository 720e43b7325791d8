"""Legal references: consolidated versions of an amended act are linked for the provisions that changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wizard.questionnaire import QuestionnaireError, load_questionnaire
from wizard.questionnaire.loader import DEFAULT_DIR
from wizard.questionnaire.references import Reference, covers, parse_locator, parse_reference

QUESTIONNAIRE = """\
id: refs
version: "1"
languages: [en, fr]
title: {{en: References, fr: Références}}
instruments:
  - id: ai_act
    celex: 32024R1689
    title: {{en: AI Act, fr: RIA}}
{consolidated}
sections:
  - id: s1
    title: {{en: One, fr: Un}}
    questions:
      - id: is_ai
        type: yes_no
        label: {{en: Is it AI?, fr: Est-ce de l'IA ?}}
        references: [ai_act Art. 4a, ai_act Art. 5(1)(ba), ai_act Art. 5(1)(b), ai_act Annex I Section B(21)]
outcomes:
  - id: tier
    label: {{en: Tier, fr: Niveau}}
    values:
      - value: high
        label: {{en: High, fr: Haut}}
      - value: low
        label: {{en: Low, fr: Bas}}
    rules:
      - id: r_high
        if: is_ai
        value: high
      - id: r_low
        if: true
        value: low
"""

CONSOLIDATED = """\
    consolidated:
      celex: {celex}
      provisions: [{provisions}]
"""

OJ = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689"
CONSOLIDATED_URL = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02024R1689-20260727"


def _ref(text: str) -> Reference:
    return Reference.model_validate(parse_reference(text))


def _write(write: Callable[[str, str], Path], celex: str, provisions: str) -> Path:
    block = CONSOLIDATED.format(celex=celex, provisions=provisions)
    return write("refs.yaml", QUESTIONNAIRE.format(consolidated=block))


@pytest.mark.parametrize(("provision", "ref", "expected"), [
    ("Art. 4a", "ai_act Art. 4a", True),
    ("Art. 4a", "ai_act Art. 4a(2)", True),
    ("Art. 5(1)(ba)", "ai_act Art. 5(1)(ba)", True),
    ("Art. 5(1)(ba)", "ai_act Art. 5(1)(b)", False),
    ("Art. 5(1)(ba)", "ai_act Art. 5(1)", False),
    ("Art. 5(1a)", "ai_act Art. 5(1a)(a)", True),
    ("Art. 5", "ai_act Art. 5(2)", True),
    ("Art. 5", "ai_act Art. 50", False),
    ("Annex I", "ai_act Annex I Section B(21)", True),
    ("Annex I Section B", "ai_act Annex I Section A(2)", False),
    ("Annex I", "ai_act Annex III(4)(a)", False),
    ("Recital 41", "ai_act Recital 41", True),
    ("Recital 41", "ai_act Art. 41", False),
])
def test_a_provision_covers_the_references_inside_it(provision: str, ref: str, expected: bool) -> None:
    assert covers(parse_locator(provision), _ref(ref)) is expected


def test_amended_provisions_link_to_the_consolidated_version_and_the_rest_to_the_official_journal(write) -> None:
    q = load_questionnaire(_write(write, "02024R1689-20260727", '"Art. 4a", "Art. 5(1)(ba)", "Annex I"'))
    urls = [q.reference_url(ref, "en") for ref in q.question("is_ai").references]
    assert urls == [f"{CONSOLIDATED_URL}#art_4a", f"{CONSOLIDATED_URL}#art_5", f"{OJ}#art_5",
                    f"{CONSOLIDATED_URL}#anx_I"]
    # the label does not change: a reader sees the same act and provision
    assert q.reference_label(q.question("is_ai").references[0], "en") == "AI Act, Art. 4a"


def test_a_consolidated_celex_is_accepted_as_an_instruments_own_identifier(write) -> None:
    text = QUESTIONNAIRE.format(consolidated="").replace("celex: 32024R1689", "celex: 02024R1689-20260727")
    q = load_questionnaire(write("refs.yaml", text))
    assert q.reference_url(q.question("is_ai").references[2], "fr").startswith(
        "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:02024R1689-20260727")


@pytest.mark.parametrize(("celex", "provisions", "message"), [
    ("32024R1689", '"Art. 4a"', "consolidated"),
    ("02024R1689-2026", '"Art. 4a"', "consolidated"),
    ("02024R1689-20260727", '"Article four"', "cannot read the provision 'Article four'"),
    ("02024R1689-20260727", '"Section B"', "cannot read the provision 'Section B'"),
])
def test_a_bad_consolidated_block_is_a_load_error_with_its_line(write, celex: str, provisions: str,
                                                                message: str) -> None:
    path = _write(write, celex, provisions)
    problems = pytest.raises(QuestionnaireError, load_questionnaire, path).value.problems
    assert any(message in p.message for p in problems), [p.message for p in problems]
    assert all(p.line and p.line >= 9 for p in problems)


def test_the_bundled_ai_act_links_its_2026_amendments_to_the_consolidated_text() -> None:
    q = load_questionnaire(DEFAULT_DIR / "ai-compliance.yaml")
    assert q.reference_url(_ref("ai_act Art. 4a"), "en") == f"{CONSOLIDATED_URL}#art_4a"
    assert q.reference_url(_ref("ai_act Art. 5(1)(ba)"), "en") == f"{CONSOLIDATED_URL}#art_5"
    assert q.reference_url(_ref("ai_act Art. 5(1)(f)"), "en") == f"{OJ}#art_5"
    assert q.reference_url(_ref("ai_act Annex III(4)(a)"), "en") == f"{OJ}#anx_III"
