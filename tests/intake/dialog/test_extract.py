"""What developers already wrote is read into fields, precisely, in English and Chinese."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.dialog.extract import (
    extract,
    extract_log_header,
    find_edits,
    is_correction,
    parse_impact,
    split_log,
)
from intake.dialog.validate import normalize
from intake.errors import FieldValueError
from intake.types import Category, Impact
from textlang import detect_lang

LOG = """==== Nimbus IM SDK log ====
sdk_version: 3.6.1
platform: Android
os_version: 13
device_model: Pixel 7
network: WIFI
app_key: ak_live_xxxx (masked)
started_at: 2026-11-20T08:12:03Z
2026-11-20T08:12:04.001Z INFO [conn] CONNECTED"""


def test_the_english_example_from_the_brief() -> None:
    e = extract(
        "Android 13, Pixel 7, SDK 3.5.2, on 4G, group chat, failing since yesterday's update"
    )
    # "failing" names no specific symptom: the classifier's guess (or nothing, when it is
    # unsure and the dialog will ask) is the only thing that may be added
    kind = e.values.pop("symptom_kind", None)
    assert kind in (None, "other")
    assert e.values == {
        "platform": "android",
        "os_version": "13",
        "device_model": "Pixel 7",
        "sdk_version": "3.5.2",
        "network": "4g",
        "chat_type": "group",
        "since": "after_update",
    }


def test_the_chinese_example_from_the_brief() -> None:
    e = extract("安卓13，小米13，SDK 3.6.0，4G网络下群聊消息发不出去，升级后才出现，必现")
    assert e.values == {
        "platform": "android",
        "os_version": "13",
        "device_model": "小米13",
        "sdk_version": "3.6.0",
        "network": "4g",
        "chat_type": "group",
        "symptom_kind": "not_sent",
        "since": "after_update",
        "frequency": "always",
    }
    assert e.category is Category.MESSAGE_DELIVERY


def test_the_log_header_is_read_exactly() -> None:
    assert extract_log_header(LOG) == {
        "platform": "android",
        "sdk_version": "3.6.1",
        "os_version": "13",
        "device_model": "Pixel 7",
        "network": "wifi",
    }
    prose, log = split_log("it crashes, log below\n" + LOG)
    assert prose == "it crashes, log below" and log.startswith("==== Nimbus IM SDK log ====")
    e = extract("it crashes, log below\n" + LOG)
    assert e.values["sdk_version"] == "3.6.1" and e.sources["sdk_version"] == "log"


def test_what_the_developer_says_wins_over_an_old_log() -> None:
    e = extract(
        "We are on SDK 3.6.1 now\n" + LOG.replace("sdk_version: 3.6.1", "sdk_version: 3.5.4")
    )
    assert e.values["sdk_version"] == "3.6.1"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("works on Android, fails on iOS", "platform"),
        ("happens on both wifi and 4G", "network"),
        ("Android 13 and 14 are affected", "os_version"),
        ("fine on 3.5.4, broken on 3.6.0", "sdk_version"),
        ("works in 1:1 but not in group chats", "chat_type"),
        ("Galaxy S21, A52 and others", "device_model"),
    ],
)
def test_two_values_for_one_field_give_none_rather_than_a_guess(text: str, field: str) -> None:
    assert field not in extract(text).values


def test_the_upgrade_target_is_the_version_in_use() -> None:
    e = extract("since we bumped the SDK from 3.5.4 to 3.6.0 pushes are not arriving")
    assert e.values["sdk_version"] == "3.6.0"
    assert e.values["since_detail"] == "3.5.4 -> 3.6.0"
    assert e.values["since"] == "after_update"
    assert extract("从3.5.4升级到3.6.0后收不到消息").values["sdk_version"] == "3.6.0"


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Flutter app on Android 14, nimbus_im: ^3.6.1", "os_version", "Android 14"),
        ("Flutter app on Android 14, nimbus_im: ^3.6.1", "sdk_version", "3.6.1"),
        ("@nimbus-im/sdk@3.6.0 in Chrome 120", "os_version", "Chrome 120"),
        ("pod 'NimbusIM', '~> 3.5.2' on iOS 17.1", "sdk_version", "3.5.2"),
        ("Android 14 (API 34)", "os_version", "14"),
        ("redmi note 12 5G on wifi", "device_model", "Redmi Note 12 5G"),
        ("redmi note 12 5G on wifi", "network", "wifi"),
        ("home wifi works, office network fails", "network", None),
        ("actually it's iOS 17, not Android", "platform", "ios"),
        ("not always, maybe 1 in 5 calls", "frequency", "intermittent"),
        ("群里发消息偶尔失败", "frequency", "intermittent"),
        ("sent but the other side doesn't receive messages", "symptom_kind", "not_received"),
        ("video call has echo", "symptom_kind", "audio_noise"),
        ("How do I enable noise suppression?", "symptom_kind", None),
    ],
)
def test_field_patterns(text: str, field: str, value: str | None) -> None:
    assert extract(text).values.get(field) == value


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("How do I mute one member of a group?", Category.HOW_TO),
        ("Feature request: reactions in chat rooms", Category.FEATURE_REQUEST),
        ("the app crashes on launch", Category.CRASH_INTEGRATION),
        ("video call keeps disconnecting", Category.AUDIO_VIDEO),
        ("login fails with 1004", Category.CONNECTION),
        ("希望能支持消息翻译", Category.FEATURE_REQUEST),
        ("hello", None),
    ],
)
def test_category_guess(text: str, category: Category | None) -> None:
    assert extract(text).category == category


ORDER = ("production", "all_users", "workaround", "data_loss")


@pytest.mark.parametrize(
    ("answer", "impact"),
    [
        ("yes, all users, no workaround, no data lost", Impact(True, True, False, False)),
        ("线上，部分用户，有临时方案，没有丢消息", Impact(True, False, True, False)),
        ("1. no 2. some 3. yes 4. no", Impact(False, False, True, False)),
        (
            "not in production yet, restarting the app helps, messages are lost",
            Impact(False, None, True, True),
        ),
        ("prod down for everyone and there's no workaround", Impact(True, True, False, None)),
        ("测试环境，无临时方案，消息没丢", Impact(False, None, False, False)),
    ],
)
def test_impact_from_one_free_answer(answer: str, impact: Impact) -> None:
    assert parse_impact(answer, order=ORDER) == impact


def test_bare_yes_and_no_only_count_when_answering() -> None:
    assert parse_impact("yes, no") == Impact()
    assert parse_impact("no", order=("data_loss",)) == Impact(data_loss=False)
    assert extract("production is down for all users").impact == Impact(
        production=True, all_users=True
    )


def test_edits_and_labelled_lines() -> None:
    edits = [
        (e.key, e.value, e.explicit)
        for e in find_edits(
            "edit sdk_version 3.6.1\nPlatform: iOS\nsdk version is 3.6.0\n"
            "修改 平台 iOS\n把网络改成 5G\nworkaround: yes"
        )
    ]
    assert edits == [
        ("sdk_version", "3.6.1", True),
        ("platform", "iOS", True),
        ("sdk_version", "3.6.0", False),
        ("platform", "iOS", True),
        ("network", "5G", True),
        ("workaround", "yes", True),
    ]
    assert find_edits("Network is fine but messages fail")[0].explicit is False
    assert extract("Device: Nokia X20\nOS: Android 12").values["device_model"] == "Nokia X20"


@pytest.mark.parametrize(
    "text", ["actually it's iOS 17", "no, it's 3.6.1", "不对，是 iOS", "其实是 4G"]
)
def test_corrections_are_recognised(text: str) -> None:
    assert is_correction(text)


def test_language_by_chinese_share() -> None:
    assert detect_lang("安卓13，小米13，群聊消息发不出去") == "zh"
    assert detect_lang("iOS 17 上 NimbusRTC startCall 之后杂音很大") == "zh"
    assert detect_lang("My 小米13 can't receive group messages") == "en"
    assert detect_lang("") == "en"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_extraction_never_fails_and_only_yields_valid_values(text: str) -> None:
    e = extract(text)
    for name, value in e.values.items():
        try:
            again = normalize(name, value, platform=e.values.get("platform"))
        except FieldValueError as err:  # pragma: no cover - the assertion message is the point
            raise AssertionError(
                f"{name}={value!r} from {text!r} does not validate: {err}"
            ) from err
        if name in (
            "platform",
            "network",
            "chat_type",
            "frequency",
            "since",
            "symptom_kind",
            "sdk_version",
        ):
            assert again == value


# -- which version is the SDK's --------------------------------------------------------


def test_the_target_of_a_server_upgrade_is_the_server_version_not_the_sdk() -> None:
    v = extract("After upgrading the server to 3.8.3 push notifications stopped. Client is the Android SDK.").values
    assert v.get("server_version") == "3.8.3" and "sdk_version" not in v
    v = extract("服务端升级到 3.8.3 之后，安卓 SDK 收不到群消息").values
    assert v.get("server_version") == "3.8.3" and "sdk_version" not in v
    v = extract("请问怎么获取所有用户的在线状态？我们用的 3.8.3 服务端，uniapp 客户端").values
    assert v.get("server_version") == "3.8.3" and "sdk_version" not in v


def test_versions_of_dependencies_and_server_components_are_not_the_sdk_version() -> None:
    for text in (
        "We run Go 1.21.5 on the backend with redis 7.0.12. Android app: group messages arrive late.",
        "vue 3.3.4 + vite 4.4.9 web project: login returns 10102 in Chrome.",
        "Android app, messages stuck in sending since we moved to mysql 8.0.33 and kafka 3.5.1.",
    ):
        assert "sdk_version" not in extract(text).values, text
    # A bot written in Python calling the REST API: 3.11.4 is Python's, not the server's.
    v = extract("Our IM integration (python 3.11.4 bot using the REST api) cannot send to a group.").values
    assert "server_version" not in v and "sdk_version" not in v


# -- impact and network: a doubtful mention is left for the dialog to ask -----------------


def test_all_users_is_not_read_from_who_a_feature_or_a_call_reaches() -> None:
    for text in (
        "Is there an API for broadcasting a message to all users? sendMessage only takes user or group IDs.",
        "In group audio calls everyone else hears themselves back when one participant uses speakers.",
        "Since 3.8.2 login fails for everyone who updated the Android app.",
    ):
        assert parse_impact(text).all_users is None, text


def test_not_all_users_means_some() -> None:
    assert parse_impact("线上环境，不是所有用户都有这个问题").all_users is False
    assert parse_impact("it does not affect all users, only a few on Huawei phones").all_users is False
    # "doesn't happen every time" is about frequency, not about users.
    assert parse_impact("It doesn't happen every time, maybe 1 out of 4 tries.").all_users is None


def test_about_to_go_live_is_not_production() -> None:
    assert parse_impact("We are about to go live with 2k users next week and found this.").production is False
    assert parse_impact("我们准备上线了，测试时发现这个问题").production is False


def test_a_problem_on_every_network_names_no_network() -> None:
    for text in (
        "iOS 17 video calls lag 2-3 seconds, 5G 下也一样。",
        "Android 13: the websocket drops every few minutes, on wifi and 4G alike.",
        "Messages arrive late on 4G, and even on wifi it is the same.",
    ):
        assert "network" not in extract(text).values, text
    assert extract("安卓 SDK 3.8.2，4G 下每隔 3 分钟断开重连一次，WiFi 下不会。").values.get("network") != "wifi"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Web SDK 3.8.0: the unread badge is stuck at 3 after reading every conversation", "shown_wrong"),
        ("getTotalUnreadMsgCount returns a negative number after clearing a group", "shown_wrong"),
        ("撤回消息后，对方那边还显示原消息，iOS SDK 3.8.2", "shown_wrong"),
        ("Flutter: onSuccess of sendMessage fired twice, so the bubble shows up twice", "shown_wrong"),
        ("electron 托盘未读数和实际不一致", "shown_wrong"),
        ("升级到 3.8.3 之后 WebSocket 每隔 3 分钟断一次", "disconnects"),
        ("Conversation list takes 8+ seconds to load after login on Android", "latency"),
    ],
)
def test_the_keyword_rule_names_common_symptom_phrasings(text: str, kind: str) -> None:
    assert extract(text).values.get("symptom_kind") == kind
