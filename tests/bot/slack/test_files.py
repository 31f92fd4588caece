"""Log files in a thread: size and type are checked before any download; reading is capped."""

from __future__ import annotations

import pytest

from bot.slack.files import FileFetcher
from tests.bot.slack.conftest import Running
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.fakes import FakeRouter
from tests.bot.slack.signing import message

LOG = b"2025-03-03 09:00:01 E/Nimbus: send failed code=2002\n"


async def test_a_small_text_log_reaches_the_router(running: Running, router: FakeRouter) -> None:
    file = running.slack.add_file("app.log", LOG)
    await running.sender.event(message("here is the log", subtype="file_share", files=[file]))
    await running.settle()

    [turn] = router.turns
    [incoming] = turn.files
    assert (incoming.name, incoming.text) == ("app.log", LOG.decode())
    assert running.slack.downloads == ["app.log"]  # served only to the bot token


async def test_a_file_over_the_cap_is_refused_before_download(
    running: Running, router: FakeRouter
) -> None:
    file = running.slack.add_file("huge.log", b"x" * 5000)  # the test cap is 1000 bytes
    await running.sender.event(message("log attached", subtype="file_share", files=[file]))
    await running.settle()

    assert running.slack.downloads == []
    assert router.turns[0].files == ()
    assert router.turns[0].text == "log attached"  # the message itself still counts
    refusal = running.slack.of("chat.postMessage")[0]
    assert "huge.log" in refusal.args["text"] and "4.9 KB" in refusal.args["text"]
    assert refusal.args["thread_ts"] == "1700000100.000100"


async def test_a_screenshot_is_refused_by_type(running: Running, router: FakeRouter) -> None:
    file = running.slack.add_file("screen.png", b"\x89PNG....", mimetype="image/png")
    await running.sender.event(message("", subtype="file_share", files=[file]))
    await running.settle()

    assert running.slack.downloads == []
    assert "text logs only" in running.slack.of("chat.postMessage")[0].args["text"]


async def test_a_file_larger_than_announced_is_cut_off_while_reading(
    running: Running, router: FakeRouter
) -> None:
    file = running.slack.add_file("liar.log", b"y" * 50_000)
    file["size"] = 10  # Slack's metadata says small; the stream says otherwise
    await running.sender.event(message("log", subtype="file_share", files=[file]))
    await running.settle()

    assert running.slack.downloads == ["liar.log"]
    assert router.turns[0].files == ()
    assert "liar.log" in running.slack.of("chat.postMessage")[0].args["text"]


async def test_the_token_goes_only_to_slack_hosts(running: Running, router: FakeRouter) -> None:
    file = running.slack.add_file("app.log", LOG)
    file["url_private"] = file["url_private_download"] = "https://attacker.example/app.log"
    await running.sender.event(message("log", subtype="file_share", files=[file]))
    await running.settle()

    assert running.slack.downloads == []
    assert router.turns[0].files == ()


async def test_the_token_goes_only_to_the_allowed_scheme_and_port(
    running: Running, router: FakeRouter
) -> None:
    # Another server on the same host as the (fake) Slack API, on another port: the same
    # host name must not be enough to receive the bot token.
    other = FakeSlack(token=running.slack.token)
    await other.start()
    try:
        file = other.add_file("app.log", LOG)
        await running.sender.event(message("log", subtype="file_share", files=[file]))
        await running.settle()
    finally:
        await other.close()

    assert other.downloads == []
    assert router.turns[0].files == ()
    assert "app.log" in running.slack.of("chat.postMessage")[0].args["text"]


@pytest.mark.parametrize(
    "url",
    [
        "http://files.slack.com/files-pri/T1-F1/app.log",  # the token would cross in clear text
        "https://files.slack.com:8443/files-pri/T1-F1/app.log",
        "ftp://files.slack.com/app.log",
    ],
)
def test_slacks_file_hosts_are_allowed_only_over_https_on_443(url: str) -> None:
    fetcher = FileFetcher("xoxb-t", max_bytes=1000)
    assert not fetcher.allowed(url)
    assert fetcher.allowed("https://files.slack.com/files-pri/T1-F1/app.log")
    assert fetcher.allowed("https://files.slack.com:443/files-pri/T1-F1/app.log")


async def test_a_slack_connect_file_is_looked_up_with_files_info_and_read(
    running: Running, router: FakeRouter
) -> None:
    full = running.slack.add_file("app.log", LOG)
    # What a message from a Slack Connect channel carries: the id, and a hint to ask.
    stub = {"id": full["id"], "file_access": "check_file_info", "created": 1700000000}
    await running.sender.event(message("log from our partner", subtype="file_share", files=[stub]))
    await running.settle()

    [info] = running.slack.of("files.info")
    assert info.args["file"] == full["id"]
    [incoming] = router.turns[0].files
    assert (incoming.name, incoming.text) == ("app.log", LOG.decode())
    assert not [p for p in running.slack.of("chat.postMessage") if "app.log" in p.args["text"]]


async def test_a_file_hidden_by_the_plans_limit_gets_its_own_reason(
    running: Running, router: FakeRouter
) -> None:
    hidden = {"id": "F0HIDDEN", "mode": "hidden_by_limit", "name": "old.log", "created": 1600000000}
    await running.sender.event(message("old log", subtype="file_share", files=[hidden]))
    await running.settle()

    assert running.slack.downloads == []
    [refusal] = [p for p in running.slack.of("chat.postMessage") if "old.log" in p.args["text"]]
    assert "hides" in refusal.args["text"]
    assert "text logs only" not in refusal.args["text"] and "download" not in refusal.args["text"]


async def test_thirty_screenshots_get_one_combined_notice(running: Running, router: FakeRouter) -> None:
    shots = [
        running.slack.add_file(f"shot{n}.png", b"\x89PNG....", mimetype="image/png") for n in range(30)
    ]
    log = running.slack.add_file("app.log", LOG)
    await running.sender.event(message("see attached", subtype="file_share", files=[*shots, log]))
    await running.settle()

    [notice] = [p for p in running.slack.of("chat.postMessage") if "shot" in p.args["text"]]
    text = notice.args["text"]
    assert "30" in text and "shot0.png" in text and "more" in text
    assert "shot29.png" not in text  # listed up to a few, then counted
    assert [f.name for f in router.turns[0].files] == ["app.log"]  # the readable one still read
