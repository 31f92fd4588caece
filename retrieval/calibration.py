"""How sure the bot is: a calibrated probability, and the tier it chooses.

The probability that one of the top pages answers the question comes from a small
logistic regression over signals of the search itself (:class:`Signals`): how much
of the question the best passage covers, how close the legs' best scores are to
their runners-up, whether the legs agree, how long the question is and its
language. The coefficients are fitted on real, labelled questions by
``bench/calibrate.py`` (cross-validated; the reliability table is in
docs/benchmarks.md) and shipped in ``retrieval/confidence.json``.

Two thresholds split the probability into three tiers:

* ``answer``: quote the passage (probability >= ``answer_at``),
* ``suggest``: "these pages look relevant", links only, marked as not certain,
  with the offer of a human (``suggest_at`` <= probability < ``answer_at``),
* ``decline``: say the docs do not answer it and offer a human.

Example:
    >>> cal = Calibration(names=("coverage",), coef=(4.0,), intercept=-2.0, answer_at=0.6, suggest_at=0.3)
    >>> round(cal.probability({"coverage": 0.9}), 3), cal.tier(0.8), cal.tier(0.4), cal.tier(0.1)
    (0.832, 'answer', 'suggest', 'decline')
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from retrieval.errors import RetrievalError

Tier = Literal["answer", "suggest", "decline"]
SHIPPED = Path(__file__).with_name("confidence.json")


@dataclass(frozen=True, slots=True)
class Calibration:
    """A fitted logistic regression and the two tier thresholds on its output."""

    names: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    answer_at: float
    suggest_at: float
    fitted_on: str = ""

    def __post_init__(self) -> None:
        if len(self.names) != len(self.coef):
            raise RetrievalError(
                f"Calibration has {len(self.names)} feature names but {len(self.coef)} coefficients; "
                "refit it with bench/calibrate.py."
            )
        if not 0.0 <= self.suggest_at <= self.answer_at <= 1.0:
            raise RetrievalError(
                f"Calibration thresholds must satisfy 0 <= suggest_at ({self.suggest_at}) "
                f"<= answer_at ({self.answer_at}) <= 1."
            )

    def probability(self, features: Mapping[str, float]) -> float:
        """P(a right page is among the top pages) for one question's signals."""
        missing = [n for n in self.names if n not in features]
        if missing:
            raise RetrievalError(f"Signals lack {missing}; the calibration expects {list(self.names)}.")
        z = self.intercept + sum(c * float(features[n]) for n, c in zip(self.names, self.coef, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def tier(self, probability: float) -> Tier:
        if probability >= self.answer_at:
            return "answer"
        if probability >= self.suggest_at:
            return "suggest"
        return "decline"

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = SHIPPED) -> Calibration:
        """Read a calibration file; a broken one names the file and how to regenerate it."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                names=tuple(data["names"]),
                coef=tuple(float(c) for c in data["coef"]),
                intercept=float(data["intercept"]),
                answer_at=float(data["answer_at"]),
                suggest_at=float(data["suggest_at"]),
                fitted_on=str(data.get("fitted_on", "")),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RetrievalError(
                f"Calibration file {str(path)!r} is unreadable ({exc}). Regenerate it with "
                "`python -m bench.calibrate`, or restore it from git."
            ) from exc
