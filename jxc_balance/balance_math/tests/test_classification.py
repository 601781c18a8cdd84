"""abc_classes and xyz_class."""

import pytest
from balance_math import abc_classes, xyz_class


def test_abc_textbook_pareto():
    values = {1: 500.0, 2: 300.0, 3: 100.0, 4: 60.0, 5: 40.0}  # total 1000
    # share before: 1 -> 0 (a), 2 -> 0.50 (a), 3 -> 0.80 (not < 0.80: b),
    # 4 -> 0.90 (b), 5 -> 0.96 (not < 0.95: c)
    assert abc_classes(values) == {1: "a", 2: "a", 3: "b", 4: "b", 5: "c"}


def test_abc_exact_threshold_has_no_float_noise():
    # 0.1 + 0.7 = 0.7999999999999999 in floats; exact arithmetic: share before
    # the last item is (0.7 + 0.1) / 1.0 = 0.8, not < 0.8 -> 'b'
    values = {"x": 0.7, "y": 0.1, "z": 0.2}
    # order: x 0.7 (before 0: a), z 0.2 (before 0.7: a), y 0.1 (before 0.9: b)
    assert abc_classes(values) == {"x": "a", "z": "a", "y": "b"}
    assert abc_classes({"p": 80.0, "q": 20.0}) == {"p": "a", "q": "b"}  # 80/100 = 0.8


def test_abc_ties_straddling_threshold_share_class():
    # total 100: 60 (before 0: a); the two 20s: first has 0.60 before (a),
    # the second would have 0.80 before (b) but ties take the first one's class
    values = {10: 60.0, 11: 20.0, 12: 20.0}
    assert abc_classes(values) == {10: "a", 11: "a", 12: "a"}
    # total 100: 85 (before 0: a); the three 5s are tied: the first has 0.85
    # before (b), the last would have 0.95 before (c) -> all take 'b'
    values = {1: 85.0, 2: 5.0, 3: 5.0, 4: 5.0}
    assert abc_classes(values) == {1: "a", 2: "b", 3: "b", 4: "b"}


def test_abc_tie_result_independent_of_key_order():
    a = abc_classes({"b": 20.0, "a": 20.0, "c": 60.0})
    b = abc_classes({"c": 60.0, "a": 20.0, "b": 20.0})
    assert a == b == {"c": "a", "a": "a", "b": "a"}


def test_abc_unorderable_keys_still_work():
    # keys 1 and "x" cannot be compared; tie order does not change the classes
    assert abc_classes({1: 50.0, "x": 50.0}) == {1: "a", "x": "a"}


def test_abc_zero_and_negative_values_are_c():
    values = {1: 100.0, 2: 0.0, 3: -5.0}
    # total counts positive values only (100); 1 -> a
    assert abc_classes(values) == {1: "a", 2: "c", 3: "c"}


def test_abc_total_zero_all_c():
    assert abc_classes({1: 0.0, 2: 0.0}) == {1: "c", 2: "c"}
    assert abc_classes({}) == {}


def test_abc_pinned_overrides_but_still_counts():
    values = {1: 500.0, 2: 300.0, 3: 100.0, 4: 60.0, 5: 40.0}
    # pin 1 to 'c': its 500 still counts, so 3 keeps share before 0.80 -> 'b'
    result = abc_classes(values, pinned={1: "c", 5: "a", 99: "a"})
    assert result == {1: "c", 2: "a", 3: "b", 4: "b", 5: "a"}  # 99 not in values


def test_abc_custom_thresholds():
    values = {1: 500.0, 2: 300.0, 3: 100.0, 4: 60.0, 5: 40.0}
    # A = 0.5, B = 0.9: 1 (0) a, 2 (0.5) b, 3 (0.8) b, 4 (0.9) c, 5 (0.96) c
    assert abc_classes(values, 0.5, 0.9) == {1: "a", 2: "b", 3: "b", 4: "c", 5: "c"}


@pytest.mark.parametrize(
    ("a", "b"),
    [(0.95, 0.80), (0.8, 0.8), (0.0, 0.9), (0.8, 1.0), (-0.1, 0.5), (80, 95)],
)
def test_abc_thresholds_validation(a, b):
    with pytest.raises(ValueError):
        abc_classes({1: 1.0}, a, b)


def test_abc_rejects_bad_pinned_class():
    with pytest.raises(ValueError):
        abc_classes({1: 1.0}, pinned={1: "A"})
    with pytest.raises(ValueError):
        abc_classes({1: float("nan")})


def test_xyz_classes():
    # [10, 20, 30]: mean 20, s = sqrt((100+0+100)/2) = 10, CV = 0.5 <= 0.5 -> x
    assert xyz_class([10, 20, 30]) == "x"
    # [10, 30]: mean 20, s = sqrt((100+100)/1) = 14.142, CV = 0.707 -> y
    assert xyz_class([10, 30]) == "y"
    # [0, 0, 30]: mean 10, s = sqrt((100+100+400)/2) = 17.32, CV = 1.732 -> z
    assert xyz_class([0, 0, 30]) == "z"
    # [0, 20]: mean 10, s = sqrt(200) = 14.142, CV = 1.414 -> z
    assert xyz_class([0, 20]) == "z"


def test_xyz_no_demand_and_single_week():
    assert xyz_class([]) == "z"
    assert xyz_class([0.0, 0.0]) == "z"  # mean 0
    assert xyz_class([-5.0, 2.0]) == "z"  # net returns: mean <= 0
    assert xyz_class([42.0]) == "x"  # one week: CV = 0


def test_xyz_custom_limits_and_validation():
    # [10, 30]: CV = 0.707; with x_limit 0.75 -> x
    assert xyz_class([10, 30], x_limit=0.75, y_limit=1.5) == "x"
    with pytest.raises(ValueError):
        xyz_class([1.0], x_limit=1.0, y_limit=0.5)
    with pytest.raises(ValueError):
        xyz_class([1.0], x_limit=0.0)
