"""Category and symptom kind of a parsed report: precise rules first, then the classifier.

Rules decide where they are precise: an issue-template tag (``[FEATURE REQUEST]``,
``Docs:``) and a question written under it. Everything else goes to the learned
classifier (``intake.dialog.classifier``); its guess is used only when its calibrated
confidence reaches the head's threshold, otherwise the category is left open so the
dialog asks, offering the likeliest choices. Without a classifier file the keyword
rules of ``intake.dialog.extract_rules`` decide, as before.

A problem report (not a how-to question or a feature request) gets a symptom kind when
the evidence is good: the keyword rule's unless the model is sure of another kind, else
the model's at its threshold; otherwise it stays open and the dialog asks
(``symptom_kind``).

Example:
    >>> from intake.dialog.sections import parse
    >>> r = parse("[FEATURE REQUEST] reactions in chat rooms\\n\\n### Why this feature?\\n\\nlive events")
    >>> classify_report(r, r.narrative(), {}).category
    <Category.FEATURE_REQUEST: 'feature_request'>
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from intake.dialog.classifier import Model, Prediction, bundled, featurize
from intake.dialog.extract_rules import guess_category
from intake.dialog.sections import Report
from intake.dialog.vocabulary import SERVER_WORDS, SYMPTOM_KINDS, keyword_hits
from intake.types import Category

__all__ = ["PROBLEM_CATEGORIES", "Guess", "GuessResult", "classify_report", "report_features", "symptom_kind"]

PROBLEM_CATEGORIES = frozenset(Category) - {Category.HOW_TO, Category.FEATURE_REQUEST}


@dataclass(frozen=True, slots=True)
class Guess:
    """A learned (or rule) guess for one closed field, with its confidence."""

    field: str  # "category" or "symptom_kind"
    value: str
    confidence: float
    confident: bool
    source: str  # "rule" | "model"
    ranked: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class GuessResult:
    category: Category | None  # None: ask
    values: dict[str, str] = field(default_factory=dict)
    problem: bool = True  # False for a how-to question or a feature request (top guess)
    guesses: tuple[Guess, ...] = ()


_QUESTION = re.compile(
    r"^\s*(?:how|what|which|where|is\s+there|are\s+there|can\s+i|can\s+we|does|do)\b|\bhow\s+to\b|"
    r"\bis\s+there\s+(?:any|an?)\s+(?:way|api|option)|\bany\s+way\s+to\b|怎么|如何|怎样|是否(?:有|支持|可以)|有没有(?:办法|接口|api)",
    re.IGNORECASE,
)


def _rule_kind(text: str) -> str | None:
    kinds = [v for _, v in keyword_hits(SYMPTOM_KINDS, text)]
    if "crash" in kinds:
        return "crash"
    distinct = list(dict.fromkeys(kinds))
    return distinct[0] if len(distinct) == 1 else None


def report_features(report: Report, narrative: str, values: Mapping[str, str]) -> dict[str, float]:
    """The classifier's features for one report (see ``intake.dialog.classifier.featurize``)."""
    flags: dict[str, float] = {"bias_text": 1.0}
    if report.tag:
        flags[f"tag:{report.tag}"] = 1.0
    for section in report.kinds():
        flags[f"sec:{section}"] = 1.0
    for name in (
        "platform",
        "sdk_version",
        "server_version",
        "deployment",
        "server_os",
        "device_model",
        "os_version",
        "repro_steps",
        "expected",
        "chat_type",
        "network",
    ):
        if values.get(name):
            flags[f"has:{name}"] = 1.0
    client = values.get("platform") or values.get("sdk_version")
    server = values.get("server_version") or values.get("deployment")
    flags["facts:" + ("both" if client and server else "client" if client else "server" if server else "none")] = 1.0
    kind = _rule_kind(narrative)
    if kind:
        flags[f"rule_kind:{kind}"] = 1.0
    rule_cat = guess_category(narrative, {"symptom_kind": kind} if kind else {})
    if rule_cat:
        flags[f"rule_cat:{rule_cat.value}"] = 1.0
    n_server = len(SERVER_WORDS.findall(narrative))
    if n_server:
        flags["server_words"] = min(3.0, float(n_server)) / 3.0
    if _QUESTION.search(report.title) or _QUESTION.search(narrative[:300]):
        flags["question"] = 1.0
    if "?" in narrative or "？" in narrative:
        flags["question_mark"] = 1.0
    return featurize(title=report.title, narrative=narrative, flags=flags)


def symptom_kind(
    rule_kind: str | None, feats: Mapping[str, float], model: Model | None
) -> tuple[str | None, Guess | None]:
    """The symptom kind of a problem report (``None``: ask) and the guess behind it.

    The keyword rule and the model are two witnesses. The rule names a kind only from
    a precise phrase, so it stands unless the model is sure (at its threshold) of a
    different specific kind: then they contradict each other and the dialog asks. A
    model leaning to "other" (the residual class: no specific sign) does not contradict
    a precise phrase; out of fold the rule was right on 7 of the 10 rows where the two
    disagreed, and on the 2 where the model was sure of "other". Without a
    rule the model decides alone, and only at its threshold, which the training script
    picks on the out-of-fold rows where no rule fires, i.e. where the model really
    decides alone.
    """
    if model is None or "symptom_kind" not in model.heads:
        return rule_kind or "other", None
    p = model.predict("symptom_kind", feats)
    if rule_kind is None:
        return (p.label if p.confident else None), _from("symptom_kind", p)
    prob = dict(p.ranked).get(rule_kind, 0.0)
    if p.label not in (rule_kind, "other") and p.confident:
        return None, Guess("symptom_kind", p.label, p.confidence, False, "model-vs-rule", p.ranked)
    source = "model+rule" if p.label == rule_kind else "rule"
    return rule_kind, Guess("symptom_kind", rule_kind, prob, True, source, p.ranked)


def _from(name: str, p: Prediction) -> Guess:
    return Guess(name, p.label, p.confidence, p.confident, "model", p.ranked)


def classify_report(
    report: Report, narrative: str, values: Mapping[str, str], *, model: Model | None = None
) -> GuessResult:
    """Category (``None`` when unsure) and symptom kind of a parsed report."""
    model = model if model is not None else bundled()
    text = "\n".join((report.title, narrative))
    rule_kind = _rule_kind(narrative)
    guesses: list[Guess] = []
    category: Category | None
    if report.tag in ("feature", "docs", "question"):
        ask = _QUESTION.search(report.title) or report.tag in ("docs", "question")
        category = Category.HOW_TO if ask else Category.FEATURE_REQUEST
        guesses.append(Guess("category", category.value, 1.0, True, "rule"))
    elif model is not None and "category" in model.heads:
        feats = report_features(report, narrative, values)
        p = model.predict("category", feats)
        rule = guess_category(text, {"symptom_kind": rule_kind} if rule_kind else {})
        # The keyword rules are precise where they fire: agreeing with the model's top
        # guess they make it sure enough, and when the model is unsure they pick among
        # its likelier choices; otherwise the dialog asks.
        plausible = {label for label, prob in p.ranked[:3] if prob >= 0.1}
        agreed = rule is not None and (rule.value == p.label or (not p.confident and rule.value in plausible))
        if agreed and rule is not None:
            prob = dict(p.ranked)[rule.value]
            guesses.append(Guess("category", rule.value, prob, True, "model+rule", p.ranked))
            category = rule
        else:
            guesses.append(_from("category", p))
            category = Category(p.label) if p.confident else None
    else:
        category = guess_category(text, {"symptom_kind": rule_kind} if rule_kind else {})
    out: dict[str, str] = {}
    top = Category(guesses[0].value) if guesses else category
    if top in PROBLEM_CATEGORIES:
        kind, guess = symptom_kind(rule_kind, report_features(report, narrative, values), model)
        if guess is not None:
            guesses.append(guess)
        if kind is not None:
            out["symptom_kind"] = kind  # None: left open, the dialog asks where the category needs it
    # Impact is read only from problem reports; unsure counts as one.
    problem = category is None or category in PROBLEM_CATEGORIES
    return GuessResult(category, out, guesses=tuple(guesses), problem=problem)
