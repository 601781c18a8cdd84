"""round_up to a UoM rounding."""

import pytest
from balance_math import round_up


@pytest.mark.parametrize(
    ("qty", "rounding", "expected"),
    [
        (16.448536, 0.01, 16.45),  # 1644.85 steps -> 1645 · 0.01
        (16.44, 0.01, 16.44),  # already a multiple
        (10.000000001, 0.01, 10.0),  # float noise, not a whole step up
        (0.1 + 0.2, 0.1, 0.3),  # 0.30000000000000004 -> 0.3, shown clean
        (0.1 + 0.2, 0.01, 0.3),
        (2.0000001, 1.0, 2.0),  # noise
        (2.01, 1.0, 3.0),  # real excess -> next unit
        (2.0, 1.0, 2.0),
        (1.25, 0.5, 1.5),
        (0.0, 1.0, 0.0),
    ],
)
def test_round_up_uom(qty, rounding, expected):
    assert round_up(qty, rounding) == expected


def test_round_up_packs_of_six():
    assert round_up(13, 6.0) == 18.0  # 13/6 = 2.17 -> 3 packs · 6
    assert round_up(12, 6.0) == 12.0  # exactly 2 packs
    assert round_up(0.5, 6.0) == 6.0  # any need buys a whole pack


def test_round_up_result_has_no_float_noise():
    # 1.15 / 0.05 = 22.999999999999996 -> 23 steps; 23 · 0.05 = 1.1500000000000001
    assert repr(round_up(1.15, 0.05)) == "1.15"
    # 0.7 / 0.1 = 6.999999999999999 -> 7 steps, not 7 + 1
    assert round_up(0.7, 0.1) == 0.7


def test_round_up_negative_goes_towards_plus_infinity():
    assert round_up(-2.5, 1.0) == -2.0  # ceil(-2.5) = -2


@pytest.mark.parametrize("rounding", [0, -0.01, float("nan")])
def test_round_up_rejects_bad_rounding(rounding):
    with pytest.raises(ValueError):
        round_up(1.0, rounding)
