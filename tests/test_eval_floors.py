"""Raising the gate's floors: up with the scores, never down."""

from __future__ import annotations

import pytest

from archivist.eval.floors import raise_floors


@pytest.mark.parametrize(
    ("old", "measured", "expected"),
    [
        (0.50, 0.9731, 0.96),  # a risen score lifts the floor to the score less 0.01
        (0.97, 0.90, 0.97),  # a fallen score never lowers the floor
        (None, 1.0, 0.99),  # a new scenario gets its first floor
    ],
)
def test_floors_only_rise(old: float | None, measured: float, expected: float) -> None:
    pinned = {"floors": {"all": {"title_exact": old}} if old is not None else {}, "ceilings": {}}
    new = raise_floors(pinned, {"all": {"title_exact": measured}})
    assert new["floors"]["all"]["title_exact"] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("old", "measured", "expected"),
    [
        (0.2, 0.05, 0.05),  # fewer false repairs lower the ceiling
        (0.05, 0.2, 0.05),  # more never raise it
    ],
)
def test_ceilings_only_fall(old: float, measured: float, expected: float) -> None:
    pinned = {"floors": {}, "ceilings": {"clean": {"changed_rate": old}}}
    new = raise_floors(pinned, {"clean": {"changed_rate": measured}})
    assert new["ceilings"]["clean"]["changed_rate"] == expected


def test_word_conservation_keeps_three_decimals() -> None:
    new = raise_floors({"floors": {}, "ceilings": {}}, {"all": {"word_conservation": 0.99957}})
    assert new["floors"]["all"]["word_conservation"] == pytest.approx(0.998)


@pytest.mark.parametrize(
    ("measured", "expected"),
    [
        (3 / 46, 0.066),  # 0.0652… rounds up, so the measured rate itself passes
        (0.0, 0.0),  # no false repair: the ceiling is zero
    ],
)
def test_ceilings_round_up(measured: float, expected: float) -> None:
    new = raise_floors({"floors": {}, "ceilings": {}}, {"clean": {"changed_rate": measured}})
    assert new["ceilings"]["clean"]["changed_rate"] == expected
    assert measured <= new["ceilings"]["clean"]["changed_rate"]
