"""The condition language: grammar, load-time checks, and Kleene three-valued logic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.conditions import UNKNOWN, CheckError, ParseError, TypeInfo, check, compile_expr, explain, parse
from wizard.conditions.checker import BOOL, ENUM, NUMBER, SET
from wizard.conditions.values import OneOf, PartialSet, Range, k_and, k_not, k_or

SYMBOLS = {
    "a": TypeInfo(BOOL, source="a", symbol="question"),
    "b": TypeInfo(BOOL, source="b", symbol="question"),
    "role": TypeInfo(ENUM, options=frozenset({"provider", "deployer"}), source="role", symbol="question"),
    "areas": TypeInfo(SET, options=frozenset({"hr", "credit", "none"}), source="areas", symbol="question"),
    "n": TypeInfo(NUMBER, source="n", symbol="question"),
}


def Env(**values):  # noqa: N802 - reads like the environment it builds
    """Values for a condition: every symbol is unknown unless given."""
    vals = dict.fromkeys(SYMBOLS, UNKNOWN)
    vals.update(values)
    return vals


def run(text, **values):
    node = parse(text)
    assert check(node, SYMBOLS).kind in (BOOL, NUMBER)
    return compile_expr(node, SYMBOLS)(Env(**values))


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ('role == "provider" and not a', {"role": "provider", "a": False}, True),
        ('"hr" in areas', {"areas": frozenset({"hr"})}, True),
        ('"credit" not in areas', {"areas": frozenset({"hr"})}, True),
        ('role in ["provider", "deployer"]', {"role": "deployer"}, True),
        ("count(areas) >= 2", {"areas": frozenset({"hr", "credit"})}, True),
        ('has_any(areas, ["hr", "credit"])', {"areas": frozenset({"credit"})}, True),
        ('has_all(areas, ["hr", "credit"])', {"areas": frozenset({"credit"})}, False),
        ("count_true(a, b) + 1 == 2", {"a": True, "b": False}, True),
        ("n >= 1e25", {"n": 2e25}, True),
        ("n - 10 < 0", {"n": 5}, True),
        ("(a or b) and not (a and b)", {"a": True, "b": False}, True),
        ("a or b and false", {"a": True, "b": True}, True),  # and binds tighter than or
        ("not not a", {"a": True}, True),
    ],
)
def test_expressions_compute_what_they_say(text, values, expected) -> None:
    assert run(text, **values) == expected


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("a and b", {"a": False}, False),  # false and unknown is false
        ("a or b", {"a": True}, True),  # true or unknown is true
        ("a and b", {"a": True}, UNKNOWN),
        ("a or b", {"a": False}, UNKNOWN),
        ("not a", {}, UNKNOWN),
        ('role == "provider"', {}, UNKNOWN),
        ('"hr" in areas', {}, UNKNOWN),
        ("count_true(a, b) >= 1", {"a": True}, True),  # one true is enough, whatever b is
        ("count_true(a, b) >= 2", {"a": False}, False),  # two can no longer be reached
        ("count_true(a, b) >= 2", {"a": True}, UNKNOWN),
        ("count(areas) >= 4", {}, False),  # there are only three options
    ],
)
def test_unknown_propagates_with_kleene_logic(text, values, expected) -> None:
    assert run(text, **values) is expected


def test_absent_values_are_false_and_equal_to_nothing() -> None:
    assert run('role == "provider"', role=None) is False
    assert run('role != "provider"', role=None) is True
    assert run('"hr" in areas', areas=frozenset()) is False
    assert run("n > 1", n=None) is False


def test_partial_knowledge_of_outcomes_is_used() -> None:
    one_of = OneOf(frozenset({"provider", "deployer"}))
    assert run('role in ["provider", "deployer"]', role=one_of) is True
    assert run('role == "provider"', role=one_of) is UNKNOWN
    partial = PartialSet(frozenset({"hr"}), frozenset({"credit"}))
    assert run('"hr" in areas', areas=partial) is True
    assert run('"credit" in areas', areas=partial) is UNKNOWN
    assert run('"none" in areas', areas=partial) is False
    assert run("count(areas) >= 1", areas=partial) is True


TRUTH = st.sampled_from([True, False, UNKNOWN])


@given(TRUTH, TRUTH)
def test_kleene_laws_hold(x, y) -> None:
    assert k_not(k_and([x, y])) is k_or([k_not(x), k_not(y)])  # De Morgan
    assert k_and([x, y]) is k_and([y, x])
    assert k_or([x, k_not(x)]) in (True, UNKNOWN)
    if x is not UNKNOWN and y is not UNKNOWN:
        assert k_and([x, y]) is (x and y)
        assert k_or([x, y]) is (x or y)


@given(st.lists(TRUTH, max_size=6), st.integers(min_value=0, max_value=7))
def test_counting_is_exact_where_it_can_be(values, threshold) -> None:
    names = [f"v{i}" for i in range(len(values))] or ["a"]
    symbols = {n: TypeInfo(BOOL, source=n) for n in names}
    env = dict(zip(names, values or [False], strict=True))
    node = parse(f"count_true({', '.join(names)}) >= {threshold}")
    check(node, symbols)
    got = compile_expr(node, symbols)(env)
    trues = sum(1 for v in values if v is True)
    unknowns = sum(1 for v in values if v is UNKNOWN)
    if trues >= threshold:
        assert got is True
    elif trues + unknowns < threshold:
        assert got is False
    else:
        assert got is UNKNOWN


@pytest.mark.parametrize(
    ("text", "col", "message"),
    [
        ("a and", 5, "expected a name, a value or '(', found the end of the condition"),
        ("a && b", 2, "use 'and', 'or', 'not'"),
        ("role = 'x'", 5, "use == to compare"),
        ("a b", 2, "did you forget 'and' or 'or'?"),
        ("(a or b", 7, "expected ')'"),
        ("eval(a)", 0, "unknown function 'eval'"),
        ("1 < n < 3", 6, "comparisons cannot be chained"),
        ("role == \u201cprovider\u201d", 8, "straight quotes"),
        ("", 0, "empty condition"),
    ],
)
def test_syntax_errors_point_at_their_column(text, col, message) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert caught.value.col == col
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rol == 'provider'", "unknown name 'rol': not a question, fact or outcome id (did you mean 'role'?)"),
        ("role == 'providr'", "'providr' is not an option of 'role' (did you mean 'provider'?)"),
        ("'nope' in areas", "'nope' is not an option of 'areas'"),
        ("role in ['provider', 'user']", "'user' is not an option of 'role'"),
        ("has_any(areas, ['hr', 'x'])", "'x' is not an option of 'areas'"),
        ("a and role", "'and' needs a yes/no value, not a single choice ('role')"),
        ("n > 'five'", "compares numbers or dates"),
        ("count(a)", "count() counts a multiple choice"),
        ("areas == 'hr'", "a multiple choice cannot be compared with =="),
        ("n > date('2026-02-30')", "'2026-02-30' is not a date"),
        ("a == 1", "cannot compare a yes/no value ('a') with a number"),
        ("answered(count(areas))", "answered() takes one question id"),
    ],
)
def test_load_time_checks_catch_mistakes(text, message) -> None:
    with pytest.raises(CheckError) as caught:
        check(parse(text), SYMBOLS)
    assert message in caught.value.message


def test_deeply_nested_conditions_are_refused_not_crashed() -> None:
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("(" * 500 + "a" + ")" * 500)


def test_nothing_from_a_condition_is_executed() -> None:
    for text in ("__import__('os').system('true')", "a.__class__", "[x for x in a]", "lambda: 1"):
        with pytest.raises((ParseError, CheckError)):
            check(parse(text), SYMBOLS)


def test_explain_names_only_what_decided_the_result() -> None:
    env = Env(a=False, b=True, role="provider")
    node = parse('a and role == "provider" or b')
    value, names = explain(node, env, SYMBOLS)
    assert value is True and names == ["b"]
    node = parse('a and role == "provider"')
    assert explain(node, env, SYMBOLS) == (False, ["a"])


def test_ranges_compare_by_their_bounds() -> None:
    from wizard.conditions.values import order

    assert order(">=", Range(2, 5), 2) is True
    assert order(">=", Range(0, 1), 2) is False
    assert order("<", Range(0, 3), 2) is UNKNOWN
