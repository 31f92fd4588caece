"""A small learned classifier for closed fields where keywords fail (category, symptom kind).

Features are lexical and structural, computed from the parsed report: words of the title
and of the developer's narrative, Chinese character bigrams, the template tag and the
section kinds present, which facts were found (client vs server), and what the keyword
rules say. The model is a multinomial logistic regression trained by
``bench/train_intake_classifier.py`` on our own labelled messages
(``tests/data/intake_train.jsonl``) and shipped as a small JSON file of weights, read
lazily on first use (no pickle, no code in the file). Probabilities are calibrated with
a temperature fitted on out-of-fold predictions; each head has a threshold below which
the dialog asks instead of guessing.

Example:
    >>> m = Model.from_dict({"heads": {"x": {"labels": ["a", "b"], "bias": [0.0, 0.0],
    ...     "weights": {"w:crash": [0.0, 2.0]}, "temperature": 1.0, "threshold": 0.6}}})
    >>> p = m.predict("x", {"w:crash": 1.0})
    >>> p.label, round(p.confidence, 2)
    ('b', 0.88)
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from intake.errors import ModelError

MODEL_PATH = Path(__file__).with_name("intake_classifier.json")

_WORD = re.compile(r"[a-z][a-z0-9_]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def words(text: str) -> list[str]:
    """Lower-cased words (camelCase split too) and Chinese character bigrams."""
    split = _CAMEL.sub(" ", text).lower()
    out = [w for w in _WORD.findall(split) if len(w) <= 30]
    for run in _CJK_RUN.findall(text):
        out.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    return out


def featurize(*, title: str, narrative: str, flags: Mapping[str, float]) -> dict[str, float]:
    """Feature name -> value; each word counts once per part (presence, not frequency)."""
    feats: dict[str, float] = dict(flags)
    for w in set(words(title)):
        feats[f"t:{w}"] = 1.0
    body = set(words(narrative[:6000]))
    # Long reports must not outvote short ones word by word: body words share one budget.
    scale = 3.0 / math.sqrt(max(9, len(body)))
    for w in body:
        feats[f"w:{w}"] = scale
    return feats


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str
    confidence: float  # calibrated probability of ``label``
    confident: bool  # at or above the head's threshold
    ranked: tuple[tuple[str, float], ...]  # every label, most likely first


@dataclass(frozen=True, slots=True)
class Head:
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    temperature: float
    threshold: float

    def predict(self, feats: Mapping[str, float]) -> Prediction:
        scores = list(self.bias)
        for name, value in feats.items():
            row = self.weights.get(name)
            if row is not None:
                for i, w in enumerate(row):
                    scores[i] += w * value
        top = max(scores)
        exps = [math.exp((s - top) / self.temperature) for s in scores]
        total = sum(exps)
        probs = sorted(
            ((label, e / total) for label, e in zip(self.labels, exps, strict=True)),
            key=lambda lp: -lp[1],
        )
        label, p = probs[0]
        return Prediction(label, p, p >= self.threshold, tuple(probs))


@dataclass(frozen=True, slots=True)
class Model:
    heads: Mapping[str, Head]
    trained_on: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "model") -> Model:
        try:
            heads = {
                name: Head(
                    tuple(h["labels"]),
                    tuple(float(b) for b in h["bias"]),
                    {k: tuple(float(x) for x in v) for k, v in h["weights"].items()},
                    float(h.get("temperature", 1.0)),
                    float(h.get("threshold", 0.5)),
                )
                for name, h in data["heads"].items()
            }
        except (KeyError, TypeError, ValueError) as e:
            raise ModelError(
                f"{where} is not a classifier file ({e!r}); rebuild it with "
                "`python -m bench.train_intake_classifier`."
            ) from e
        return cls(heads, str(data.get("trained_on", "")))

    def predict(self, head: str, feats: Mapping[str, float]) -> Prediction:
        if head not in self.heads:
            raise ModelError(f"the classifier has no head {head!r}; it has {sorted(self.heads)}.")
        return self.heads[head].predict(feats)

    def to_dict(self) -> dict[str, Any]:
        return {
            "trained_on": self.trained_on,
            "heads": {
                name: {
                    "labels": list(h.labels),
                    "bias": [round(b, 5) for b in h.bias],
                    "temperature": h.temperature,
                    "threshold": h.threshold,
                    "weights": {k: [round(x, 5) for x in v] for k, v in sorted(h.weights.items())},
                }
                for name, h in self.heads.items()
            },
        }


def load(path: Path = MODEL_PATH) -> Model:
    """Read a classifier file (JSON)."""
    if not path.exists():
        raise ModelError(f"{path} does not exist; train it with `python -m bench.train_intake_classifier`.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ModelError(f"{path} is not valid JSON ({e.msg}); retrain it.") from e
    return Model.from_dict(data, where=str(path))


@lru_cache(maxsize=1)
def bundled() -> Model | None:
    """The shipped model, loaded once on first use; ``None`` when it is not there (rules only)."""
    try:
        return load()
    except ModelError:
        return None
