"""The field and category definitions hold together, and say things in both languages."""

from __future__ import annotations

import pytest

from intake.dialog.fields import (
    CATEGORIES,
    FIELDS,
    GROUPS,
    VALUE_LABELS,
    display,
    impact_missing,
    label,
    missing_required,
    resolve_field,
)
from intake.types import Category, Impact


def test_every_category_has_a_spec_and_only_known_fields() -> None:
    assert set(CATEGORIES) == set(Category)
    for spec in CATEGORIES.values():
        for name in (*spec.required, *spec.asked, *spec.extra):
            assert name in FIELDS, f"{spec.category}: unknown field {name}"
        assert not set(spec.required) & set(spec.asked), spec.category


def test_every_field_is_asked_in_some_group() -> None:
    grouped = {f for g in GROUPS for f in g.fields}
    for spec in CATEGORIES.values():
        assert set(spec.required) | set(spec.asked) <= grouped


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_field_speaks_english_and_chinese(name: str) -> None:
    spec = FIELDS[name]
    assert spec.label.en and spec.label.zh and spec.prompt.en and spec.prompt.zh
    assert spec.why.en and spec.why.zh
    for value in spec.choices:
        assert display(name, value, "en") and display(name, value, "zh")
    if spec.choices:
        assert set(spec.choices) == set(VALUE_LABELS[name])


def test_bug_categories_need_what_an_engineer_needs() -> None:
    for category in (
        Category.MESSAGE_DELIVERY,
        Category.AUDIO_VIDEO,
        Category.CONNECTION,
        Category.CRASH_INTEGRATION,
        Category.PERFORMANCE,
    ):
        required = CATEGORIES[category].required
        assert {"platform", "sdk_version", "symptom", "frequency", "logs"} <= set(required)
    assert {"chat_type", "network"} <= set(CATEGORIES[Category.MESSAGE_DELIVERY].required)
    assert {"device_model", "network"} <= set(CATEGORIES[Category.AUDIO_VIDEO].required)
    assert "network" in CATEGORIES[Category.CONNECTION].required
    assert {"os_version", "device_model", "repro_steps"} <= set(
        CATEGORIES[Category.CRASH_INTEGRATION].required
    )
    assert CATEGORIES[Category.HOW_TO].required == ("question",)
    assert CATEGORIES[Category.FEATURE_REQUEST].required == ("use_case",)
    assert not CATEGORIES[Category.HOW_TO].impact


def test_logs_are_satisfied_by_a_file_or_a_reason() -> None:
    values = {"question": "How do I mute a member of a group?"}
    assert missing_required(Category.HOW_TO, values, has_logs=False, impact=Impact()) == ()
    crash = {
        "platform": "ios",
        "sdk_version": "3.5.2",
        "os_version": "17",
        "device_model": "iPhone 14",
        "symptom": "The app crashes at launch",
        "frequency": "always",
        "repro_steps": "open the app",
    }
    done = Impact(production=True, all_users=True, workaround=False, data_loss=False)
    assert missing_required(Category.CRASH_INTEGRATION, crash, has_logs=False, impact=done) == (
        "logs",
    )
    assert missing_required(Category.CRASH_INTEGRATION, crash, has_logs=True, impact=done) == ()
    with_reason = {**crash, "no_logs_reason": "the device is with a customer"}
    assert (
        missing_required(Category.CRASH_INTEGRATION, with_reason, has_logs=False, impact=done) == ()
    )


def test_all_users_is_moot_when_production_is_not_affected() -> None:
    assert impact_missing(Impact(production=False, workaround=False, data_loss=False)) == ()
    assert impact_missing(Impact(production=True, workaround=False, data_loss=False)) == (
        "all_users",
    )
    assert impact_missing(Impact()) == ("production", "all_users", "workaround", "data_loss")


@pytest.mark.parametrize(
    ("said", "field"),
    [
        ("sdk version", "sdk_version"),
        ("SDK_VERSION", "sdk_version"),
        ("SDK版本", "sdk_version"),
        ("平台", "platform"),
        ("device", "device_model"),
        ("机型", "device_model"),
        ("复现步骤", "repro_steps"),
        ("bogus", None),
    ],
)
def test_developers_can_name_fields_their_own_way(said: str, field: str | None) -> None:
    assert resolve_field(said) == field


def test_labels_and_values_in_both_languages() -> None:
    assert label("network", "zh") == "网络"
    assert display("network", "wifi", "en") == "Wi-Fi"
    assert display("chat_type", "one_to_one", "zh") == "单聊"
    assert display("sdk_version", "3.6.1", "zh") == "3.6.1"  # open fields show as given
