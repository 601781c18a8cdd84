import random
import statistics
from datetime import date, datetime

from history.draws import Popularity, at, lead_time, poisson, xyz_quantity, zipf_weights


def test_poisson_mean_and_determinism():
    for lam in (0.3, 4.0, 60.0):
        rng = random.Random(1)
        draws = [poisson(rng, lam) for _ in range(4000)]
        assert abs(statistics.mean(draws) - lam) < 0.1 * lam + 0.05
        assert min(draws) >= 0
        rng = random.Random(1)
        assert draws == [poisson(rng, lam) for _ in range(4000)]
    assert poisson(random.Random(1), 0) == 0


def test_lead_time_models():
    rng = random.Random(2)
    assert {lead_time(rng, (12, 16), 7) for _ in range(200)} == {12, 13, 14, 15, 16}
    late = [lead_time(rng, "late", 10) for _ in range(200)]
    assert 14.0 <= min(late) and max(late) <= 20.0
    assert min(lead_time(rng, "punctual", 1) for _ in range(200)) >= 1.0


def test_quantities_and_popularity():
    rng = random.Random(3)
    assert {xyz_quantity(rng, "x") for _ in range(200)} == {1.0, 2.0}
    assert max(xyz_quantity(rng, "z") for _ in range(2000)) >= 10.0
    popularity = Popularity(zipf_weights(list(range(10)), 1.0))
    picks = [popularity.pick(rng) for _ in range(5000)]
    assert picks.count(0) > picks.count(1) > picks.count(9)
    assert set(picks) <= set(range(10))


def test_at():
    assert at(date(2024, 6, 18), 9, 30) == datetime(2024, 6, 18, 9, 30)
    assert at(date(2024, 6, 18), seconds=36000) == datetime(2024, 6, 18, 10, 0)
