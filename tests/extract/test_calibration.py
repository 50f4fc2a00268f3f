import pytest

from docai.extract.train import fit_calibration


def test_overconfident_scores_are_pulled_down_to_how_often_they_are_right():
    # Raw 0.95 is right 3 times in 5, raw 0.6 once in 5.
    scored = [(0.95, True)] * 30 + [(0.95, False)] * 20 + [(0.6, True)] * 10 + [(0.6, False)] * 40
    calibration = fit_calibration(scored)
    assert calibration(0.95) == pytest.approx(0.6, abs=0.02)
    assert calibration(0.6) == pytest.approx(0.2, abs=0.02)


def test_without_both_outcomes_there_is_nothing_to_fit():
    assert fit_calibration([(0.9, True)] * 5)(0.9) == pytest.approx(0.9)
