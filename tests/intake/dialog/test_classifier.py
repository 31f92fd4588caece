"""The learned classifier: a small JSON file, lazy, calibrated; below its threshold the dialog asks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.dialog.classifier import MODEL_PATH, Model, bundled, load
from intake.dialog.extract import understand
from intake.dialog.guess import classify_report, report_features
from intake.errors import ModelError
from intake.types import Category

TINY = {
    "trained_on": "test",
    "heads": {
        "category": {
            "labels": ["how_to", "message_delivery"],
            "bias": [0.0, 0.0],
            "weights": {"w:send": [0.0, 3.0], "question": [3.0, 0.0]},
            "temperature": 1.0,
            "threshold": 0.8,
        },
        "symptom_kind": {
            "labels": ["not_sent", "other"],
            "bias": [0.0, 0.5],
            "weights": {},
            "temperature": 1.0,
            "threshold": 0.9,
        },
    },
}


def test_the_shipped_model_is_small_json_with_both_heads_and_loads_lazily() -> None:
    assert MODEL_PATH.suffix == ".json" and MODEL_PATH.stat().st_size < 1_000_000
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert set(data["heads"]) == {"category", "symptom_kind"}
    assert "intake_train.jsonl" in data["trained_on"]
    assert "holdout" not in data["trained_on"]  # held-out sets are for measuring only
    model = bundled()
    assert model is not None and bundled() is model  # loaded once


def test_a_broken_model_file_names_the_file_and_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="retrain"):
        load(bad)
    with pytest.raises(ModelError, match="does not exist"):
        load(tmp_path / "missing.json")


def test_below_the_threshold_the_category_is_left_open_with_ranked_choices() -> None:
    model = Model.from_dict(TINY)
    u = understand("messages to the group do not send")
    sure = classify_report(u.report, u.narrative, u.values, model=model)
    u2 = understand("the badge looks odd")
    unsure = classify_report(u2.report, u2.narrative, u2.values, model=model)
    assert unsure.category is None
    assert unsure.guesses[0].field == "category" and not unsure.guesses[0].confident
    assert [p for _, p in unsure.guesses[0].ranked] == pytest.approx([0.5, 0.5])
    assert sure.guesses[0].value == "message_delivery" and sure.guesses[0].confidence > 0.9


def test_a_template_tag_decides_before_the_model() -> None:
    u = understand("[FEATURE REQUEST] reactions in chat rooms\n\n### Why this feature?\n\nfor live events")
    assert classify_report(u.report, u.narrative, u.values, model=Model.from_dict(TINY)).category is (
        Category.FEATURE_REQUEST
    )
    u = understand("Docs: the REST page for send_msg lists the wrong contentType")
    assert classify_report(u.report, u.narrative, u.values).category is Category.HOW_TO


def test_features_see_structure_and_server_facts() -> None:
    u = understand("[BUG] x\n\n### OpenIM Server Version\n\n3.8.3\n\n### Deployment Method\n\nDocker Deployment")
    feats = report_features(u.report, u.narrative, u.values)
    assert feats["tag:bug"] == 1.0 and feats["facts:server"] == 1.0 and "has:deployment" in feats


def test_an_unsure_first_message_makes_the_dialog_ask_with_the_likeliest_choices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import intake.dialog.guess as guess
    from intake.dialog import start
    from intake.types import Prompt

    monkeypatch.setattr(guess, "bundled", lambda: Model.from_dict(TINY))  # a fake model, 50/50 on this text
    state, prompt = start("the badge looks odd since yesterday")
    assert isinstance(prompt, Prompt)
    assert state.category is None and prompt.asking == ("category",)
    assert state.suggested == ("how_to", "message_delivery")
    assert prompt.choices[:2] == ("how-to question", "message delivery")
    assert "not sure" in prompt.text


KINDS = {
    "trained_on": "test",
    "heads": {
        "category": {
            "labels": ["message_delivery", "other"],
            "bias": [3.0, 0.0],
            "weights": {},
            "temperature": 1.0,
            "threshold": 0.5,
        },
        "symptom_kind": {
            "labels": ["not_sent", "other", "shown_wrong"],
            "bias": [0.0, 0.0, 0.0],
            # "badge" makes the model sure of shown_wrong; "odd" leaves it unsure.
            "weights": {"w:badge": [0.0, 0.0, 8.0], "w:odd": [0.0, 0.6, 0.0]},
            "temperature": 1.0,
            "threshold": 0.9,
        },
    },
}


def _kind(text: str) -> tuple[str | None, str]:
    u = understand(text)
    r = classify_report(u.report, u.narrative, u.values, model=Model.from_dict(KINDS))
    guess = next(g for g in r.guesses if g.field == "symptom_kind")
    return r.values.get("symptom_kind"), guess.source


def test_an_unsure_model_leaves_the_symptom_kind_open_instead_of_guessing_other() -> None:
    # No keyword names a kind and the model is below its threshold: ask, do not say "other".
    assert _kind("the chat screen looks odd on Android since 3.8.1") == (None, "model")


def test_a_keyword_rule_and_a_sure_model_that_contradict_each_other_leave_the_kind_open() -> None:
    # The rule reads "not sent"; the model is sure of shown_wrong ("badge"): the dialog asks.
    kind, source = _kind("messages are not sent and the unread badge is off, Android SDK 3.8.1")
    assert (kind, source) == (None, "model-vs-rule")


def test_a_keyword_rule_stands_when_the_model_is_not_sure_of_anything_else() -> None:
    # The model leans (unsure) to "other" ("odd"); the rule's precise phrase decides.
    assert _kind("group messages are not sent on Android and it looks odd, SDK 3.8.1") == ("not_sent", "rule")
