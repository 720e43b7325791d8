"""The loader: every bad file in the corpus yields its expected path:line:col message; good files load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.questionnaire import QuestionnaireError, content_hash, load_directory, load_frozen, load_questionnaire
from wizard.questionnaire.loader import DEFAULT_DIR

BAD = Path(__file__).parent / "fixtures" / "bad"

# file -> the problems it must report: (line, column, part of the message)
EXPECTED: dict[str, list[tuple[int, int, str]]] = {
    "alias": [(18, 16, "YAML aliases (*name) are not supported")],
    "bad_id": [(16, 13, "'Role-Question' is not a valid id: use lower_snake_case")],
    "bad_reference": [(36, 22, "cannot read the reference 'Article six of the AI Act'")],
    "condition_bad_option": [(34, 31, "'providr' is not an option of 'role' (did you mean 'provider'?)")],
    "condition_not_boolean": [(34, 13, "the condition 'role' must be yes/no")],
    "condition_syntax": [(34, 28, "unexpected character '=' (use == to compare)")],
    "condition_type_error": [(34, 29, "count() counts a multiple choice, not a single choice ('role')")],
    "condition_unknown_name": [(34, 23, "unknown name 'rol'")],
    "duplicate_key": [(15, 9, "duplicate key 'type' (first at line 14)")],
    "duplicate_question_id": [(16, 13, "duplicate id 'is_ai'")],
    "fact_cycle": [(42, 12, "fact 'a' depends on itself: a -> b -> a")],
    "missing_include": [(41, 5, "included file 'modules/nowhere.yaml' not found")],
    "missing_translation": [(11, 12, "missing translation for 'fr'")],
    "option_without_label": [(22, 13, "missing key 'label'")],
    "python_tag": [(4, 8, "YAML tags such as '!!python/object/apply:os.system' are not allowed")],
    "rule_value_undeclared": [(39, 16, "'lowest' is not a declared value of outcome 'tier'")],
    "show_if_cycle": [(15, 18, "'is_ai' depends on itself: is_ai -> role -> is_ai")],
    "single_one_option": [(19, 9, "a 'single' question needs at least two options")],
    "syntax_error": [(39, 14, "YAML syntax error")],
    "unknown_date": [(49, 19, "'annex_iii_date' is neither a date id nor a date")],
    "unknown_instrument": [(36, 22, "unknown instrument 'aiact' (did you mean 'ai_act'?)")],
    "unknown_key_typo": [(15, 9, "unknown key 'lable' (did you mean 'label'?)")],
    "unknown_priority_and_role": [(44, 13, "unknown role 'providers'"), (46, 15, "unknown priority 'urgent'")],
    "unknown_type": [(14, 15, "'boolean' is not allowed for 'type': use one of yes_no")],
    "yes_is_not_boolean": [(15, 19, "expected true or false")],
}


def test_the_corpus_and_the_table_match() -> None:
    assert sorted(p.stem for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_reports_its_problem_at_its_position(name: str) -> None:
    path = BAD / f"{name}.yaml"
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    reported = [str(p) for p in caught.value.problems]
    for line, col, text in EXPECTED[name]:
        prefix = f"{path}:{line}:{col}: "
        assert any(r.startswith(prefix) and text in r for r in reported), (prefix + text, reported)


def test_all_problems_are_reported_at_once(write) -> None:
    text = (BAD / "unknown_priority_and_role.yaml").read_text()
    text = text.replace("title: {en: One, fr: Un}", "title: {en: One}").replace("type: yes_no", "type: yesno")
    problems = pytest.raises(QuestionnaireError, load_questionnaire, write("q.yaml", text)).value.problems
    messages = " | ".join(p.message for p in problems)
    assert "missing translation for 'fr'" in messages
    assert "'yesno' is not allowed for 'type'" in messages


def test_a_non_utf8_file_is_a_clear_problem(write) -> None:
    path = write("q.yaml", "")
    path.write_bytes(b"id: \xff\xfe\n")
    problem = pytest.raises(QuestionnaireError, load_questionnaire, path).value.problems[0]
    assert "not UTF-8 text" in problem.message


def test_the_top_of_a_file_must_be_a_mapping(write) -> None:
    problem = pytest.raises(QuestionnaireError, load_questionnaire, write("q.yaml", "- a\n- b\n")).value.problems[0]
    assert "expected a mapping" in problem.message


def test_includes_cannot_leave_the_questionnaire_folder(write) -> None:
    text = (BAD / "missing_include.yaml").read_text().replace("modules/nowhere.yaml", "../../etc/passwd")
    problem = pytest.raises(QuestionnaireError, load_questionnaire, write("q/q.yaml", text)).value.problems[0]
    assert "outside the questionnaire's folder" in problem.message


def test_modules_are_merged_in_order(demo) -> None:
    assert [s.id for s in demo.sections] == ["system", "details", "data"]
    assert demo.obligation("records") is not None


def test_a_loaded_questionnaire_is_immutable(demo) -> None:
    with pytest.raises(ValueError, match="frozen"):
        demo.version = "2"  # type: ignore[misc]


def test_the_content_hash_depends_on_content_not_layout(write) -> None:
    text = (BAD.parent / "good" / "demo.yaml").read_text()
    module = (BAD.parent / "good" / "modules" / "data.yaml").read_text()
    write("modules/data.yaml", module)
    first = load_questionnaire(write("a.yaml", text))
    second = load_questionnaire(write("b.yaml", "# a comment\n" + text.replace(
        "title: {en: Demo assessment, fr: Évaluation de démonstration}",
        "title:\n  fr: Évaluation de démonstration\n  en: 'Demo assessment'")))
    third = load_questionnaire(write("c.yaml", text.replace("Train your staff.", "Train your people.")))
    assert first.content_hash == second.content_hash
    assert first.content_hash != third.content_hash
    assert len(first.content_hash) == 64


def test_a_frozen_copy_reloads_to_the_same_questionnaire(demo) -> None:
    frozen = json.loads(json.dumps(demo.to_frozen()))
    again = load_frozen(frozen)
    assert again.content_hash == demo.content_hash == content_hash(frozen)
    assert again.to_frozen() == demo.to_frozen()


def test_a_frozen_copy_keeps_its_pinned_hash(demo) -> None:
    frozen = demo.to_frozen()
    frozen["content_hash"] = "0" * 64
    assert load_frozen(frozen).content_hash == "0" * 64


def test_a_damaged_frozen_copy_is_a_clear_error(demo) -> None:
    frozen = demo.to_frozen()
    frozen["sections"][0]["questions"][0]["type"] = "nonsense"
    problem = pytest.raises(QuestionnaireError, load_frozen, frozen).value.problems[0]
    assert "'nonsense' is not allowed for 'type'" in problem.message


def test_references_render_in_both_languages_with_eurlex_links(demo) -> None:
    ref = demo.question("role").references[0]
    assert demo.reference_label(ref, "en") == "AI Act, Art. 3(3)"
    assert demo.reference_label(ref, "fr") == "RIA, art. 3, § 3"
    assert demo.reference_url(ref, "fr") == "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32024R1689#art_3"
    annex = demo.question("areas").options[1].references[0]
    assert (annex.annex, annex.point, annex.subpoint) == ("III", "5", "b")
    assert demo.reference_label(annex, "en") == "AI Act, Annex III(5)(b)"


def test_the_bundled_questionnaires_load() -> None:
    questionnaires = load_directory(DEFAULT_DIR)
    assert questionnaires, "no bundled questionnaire"
    for q in questionnaires.values():
        assert set(q.languages) >= {"en", "fr"}
        assert q.sections and q.outcomes and q.obligations
