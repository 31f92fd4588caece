"""Structure is read before keywords: template sections, bold labels, key: value lines (en + zh)."""

from __future__ import annotations

import pytest

from intake.dialog.extract import extract
from intake.dialog.sections import parse
from intake.dialog.structured import find_logs, find_repro, read
from intake.dialog.vocabulary import heading_kind

TEMPLATE = """[BUG] conversation list shows a stale nickname

### OpenIM SDK Version

3.8.2

### OpenIM Server Version

v3.8.2-patch.1

### Operating System and CPU Architecture

Linux (AMD)

### Deployment Method

Docker Deployment

### SDK Platform

Flutter SDK

### Device Model

Redmi Note 12

### Operating System Version

Android 13

### Bug Description and Steps to Reproduce

1. user A renames herself
2. user B opens the conversation list

### What did you expect to happen?

The new nickname is shown.
"""


def test_a_github_template_maps_every_section_to_its_field() -> None:
    e = extract(TEMPLATE)
    assert e.values["platform"] == "flutter"
    assert e.values["sdk_version"] == "3.8.2"
    assert e.values["server_version"] == "v3.8.2-patch.1"
    assert e.values["deployment"] == "docker"
    assert e.values["server_os"] == "Linux (AMD)"
    assert e.values["device_model"] == "Redmi Note 12"
    assert e.values["os_version"] == "Android 13"  # Flutter: the OS keeps its name
    assert "repro_steps" in e.values and "expected" in e.values


def test_the_server_host_is_never_the_client_platform_and_its_version_never_the_sdk() -> None:
    text = (
        "[BUG] read receipts are not updated\n\n### OpenIM Server Version\n\n3.8.3\n\n"
        "### Operating System and CPU Architecture\n\nmacOS (ARM)\n\n### Deployment Method\n\n"
        "Source Code Deployment\n\n### Bug Description and Steps to Reproduce\n\nisRead stays false in groups"
    )
    e = extract(text)
    assert e.values["server_version"] == "3.8.3" and e.values["server_os"] == "macOS (ARM)"
    assert "platform" not in e.values and "sdk_version" not in e.values and "os_version" not in e.values


def test_template_headings_do_not_make_a_bug_a_how_to_question() -> None:
    text = (
        "Bug: pulling group history fails after re-joining\n\n### What happened?\n\nAfter being removed and "
        "invited again, user A cannot load older group messages.\n\n### How can we reproduce it (as minimally "
        "and precisely as possible)?\n\n1. create a group\n2. remove user A\n3. invite user A again"
    )
    e = extract(text)
    assert e.category is None or e.category.value != "how_to"
    assert e.values.get("chat_type") == "group"
    assert "repro_steps" in e.values


def test_chinese_labels_and_bold_labels_are_sections() -> None:
    r = parse("**复现步骤**\n1. 打开群聊\n2. 发送图片\n\n预期结果：图片正常显示\nSDK版本：3.8.1")
    kinds = [s.kind for s in r.sections if s.text]
    assert kinds[:3] == ["repro", "expected", "sdk_version"]
    assert extract("平台：安卓\nSDK版本：3.8.1\n问题描述：单聊消息发不出去").values["sdk_version"] == "3.8.1"


def test_placeholder_and_unknown_template_values_say_nothing() -> None:
    text = "### OpenIM SDK Version\n\ne.g. 3.8.0\n\n### OpenIM Server Version\n\nlatest\n\n### Device Model\n\n未知"
    e = extract(text)
    assert not {"sdk_version", "server_version", "device_model"} & set(e.values)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Steps to Reproduce", "repro"),
        ("What did you expect to happen?", "expected"),
        ("Operating System and CPU Architecture", "server_os"),
        ("OpenIM Server Version", "server_version"),
        ("Deployment Method", "deployment"),
        ("SDK Platform", "platform"),
        ("Relevant log output", "logs"),
        ("复现步骤", "repro"),
        ("期望结果", "expected"),
        ("服务端版本", "server_version"),
        ("部署方式", "deployment"),
    ],
)
def test_heading_kinds(heading: str, kind: str) -> None:
    assert heading_kind(heading) == kind


def test_repro_needs_a_concrete_trigger_not_a_restated_symptom() -> None:
    assert find_repro("1. open a group\n2. send a picture") is not None
    assert find_repro("When I call /msg/send_msg with contentType 1203 it returns 1001") is not None
    assert find_repro("the badge is wrong") is None
    assert find_repro("部署后 kafka 连接报错", section=True) is not None  # under a repro heading only
    assert find_repro("部署后 kafka 连接报错") is None


def test_log_lines_are_logs_and_a_quoted_error_is_not() -> None:
    assert find_logs("2026-12-01 10:02:11.201 ERROR kafka: no brokers\nsecond line")
    assert find_logs("E/AndroidRuntime(123): FATAL EXCEPTION: main")
    assert not find_logs("the response was errCode: 803, errMsg: 'args failed'")


def test_read_keeps_server_sections_out_of_the_narrative() -> None:
    s = read(parse(TEMPLATE))
    assert "Linux (AMD)" not in s.prose and "Docker Deployment" not in s.prose
    assert "renames herself" in s.prose


@pytest.mark.parametrize(
    ("title", "tag"),
    [
        ("【BUG】群消息发不出去", "bug"),
        ("[Bug]: login fails with 1004", "bug"),
        ("feat: message reactions", "feature"),
        ("[Feature Request] read receipts in chat rooms", "feature"),
        ("Docs: the send_msg page is outdated", "docs"),
        ("How do I mute a member?", None),
    ],
)
def test_title_tags(title: str, tag: str | None) -> None:
    assert parse(f"{title}\n\nbody").tag == tag


def test_a_template_example_in_brackets_is_a_placeholder() -> None:
    r = parse("**Smartphone:**\n - Device: [e.g. iPhone6]\n - OS: iOS 17.2")
    assert "device_model" not in extract("**Smartphone:**\n - Device: [e.g. iPhone6]\n - OS: iOS 17.2").values
    assert any(s.kind == "os_version" and s.text == "iOS 17.2" for s in r.sections)
