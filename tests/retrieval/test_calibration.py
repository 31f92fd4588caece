"""The shipped confidence loads, reads its signals, and a broken file says how to fix it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.calibrate import fit, predict, reliability
from retrieval.calibration import Calibration
from retrieval.errors import RetrievalError


def test_the_shipped_calibration_rises_with_evidence_and_orders_its_tiers() -> None:
    cal = Calibration.load()
    weak = dict.fromkeys(cal.names, 0.0)
    strong = dict.fromkeys(cal.names, 1.0)
    assert cal.probability(weak) < cal.suggest_at <= cal.answer_at < cal.probability(strong)
    assert (cal.tier(cal.probability(weak)), cal.tier(cal.probability(strong))) == ("decline", "answer")


def test_missing_signals_and_broken_files_name_the_problem(tmp_path: Path) -> None:
    cal = Calibration(names=("coverage",), coef=(1.0,), intercept=0.0, answer_at=0.7, suggest_at=0.3)
    with pytest.raises(RetrievalError, match="coverage"):
        cal.probability({})
    broken = tmp_path / "confidence.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(RetrievalError, match=r"bench\.calibrate"):
        Calibration.load(broken)
    with pytest.raises(RetrievalError, match="suggest_at"):
        Calibration(names=(), coef=(), intercept=0.0, answer_at=0.2, suggest_at=0.5)


def test_the_fit_learns_which_signal_predicts_a_right_page() -> None:
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 1, size=(200, 2))
    y = (x[:, 0] + 0.1 * rng.standard_normal(200) > 0.5).astype(float)  # only the first signal matters
    coef, intercept = fit(x, y)
    assert coef[0] > 3 * abs(coef[1])
    probs = predict(coef, intercept, x)
    rows = reliability(list(probs), list(y))
    assert all(abs(predicted - observed) < 0.25 for _, n, predicted, observed in rows if n >= 20)
