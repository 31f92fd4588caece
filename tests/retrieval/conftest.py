from __future__ import annotations

from pathlib import Path

import pytest


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A two-language corpus with every format, small enough for any test."""
    root = tmp_path / "corpus"
    write(root, "corpus.yaml", "name: Test docs\nbase_url: https://docs.example.test\n")
    write(
        root,
        "en/connection.md",
        "# Connection\n\n## Heartbeat\n\nThe SDK sends a heartbeat every 30 seconds; two missed heartbeats "
        "mean the connection is lost and the SDK reconnects with exponential backoff.\n\n"
        "## Kicked offline\n\nError 1005 KICKED_OFFLINE means the same account logged in on another device.\n",
    )
    write(
        root,
        "zh/connection.md",
        "# 连接\n\n## 心跳\n\nSDK 每 30 秒发送一次心跳，连续两次心跳丢失即认为连接断开，SDK 会按指数退避自动重连。\n\n"
        "## 被踢下线\n\n错误码 1005 KICKED_OFFLINE 表示同一账号在另一台设备上登录。\n",
    )
    write(
        root,
        "en/sending.mdx",
        "---\ntitle: Sending messages\n---\nimport Tabs from '@theme/Tabs';\n\n## Message size limits\n\n"
        'Text messages are limited to 12 KB; files up to 100 MB.\n\n<Tabs>\n<TabItem value="web" label="Web">\n\n'
        "```ts\nawait client.sendMessage(msg)\n```\n\n</TabItem>\n</Tabs>\n",
    )
    write(
        root,
        "en/release-notes.html",
        "<html><head><title>Release notes</title></head><body><h2>3.6.1</h2>"
        "<p>Fixed push token loss on Android 14 after an app update.</p></body></html>",
    )
    write(
        root,
        "faq/en/messaging.yaml",
        "lang: en\nentries:\n  - id: send-timeout\n    question: Why does sending fail with error 2002 SEND_TIMEOUT?\n"
        "    answer: The server did not acknowledge the message within 15 seconds. Check that port 443 and 8443 "
        "are open.\n",
    )
    write(
        root,
        "faq/zh/messaging.yaml",
        "lang: zh\nentries:\n  - id: send-timeout\n    question: 发送消息报错 2002 SEND_TIMEOUT 怎么办？\n"
        "    answer: 服务器在 15 秒内没有确认消息。请检查 443 和 8443 端口是否放通。\n",
    )
    return root
