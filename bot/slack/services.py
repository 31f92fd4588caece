"""What the listeners share: the router and desk they drive, and the Slack-side helpers.

Example:
    >>> services = Services.create(settings, router=r, desk=d, client=client)  # doctest: +SKIP
    >>> services.background.spawn(work(), name="turn")  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import Desk, Router
from bot.replies import Outcome, TextReply
from bot.slack.background import Background
from bot.slack.engineers import EngineerDirectory
from bot.slack.files import FileFetcher, origin
from bot.slack.poster import SEND_ERRORS, Poster, describe
from bot.slack.settings import SlackSettings
from bot.slack.threads import ThreadKey, permalink
from bot.texts import say

__all__ = ["Services", "Workspace"]

log = logging.getLogger(__name__)


class Workspace:
    """The workspace's web address (for permalinks), asked once with ``auth.test``."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._url: str | None = None
        self._lock = asyncio.Lock()

    async def url(self) -> str:
        if self._url is None:
            async with self._lock:
                if self._url is None:
                    try:
                        response = await self._client.auth_test()
                    except SEND_ERRORS as exc:
                        log.warning(
                            "auth.test failed (%s); threads get no permalink", describe(exc)
                        )
                        return ""
                    self._url = str(response.get("url") or "")
        return self._url

    async def permalink(self, key: ThreadKey) -> str:
        return permalink(await self.url(), key.channel, key.ts)


def _files_info(client: AsyncWebClient) -> Callable[[str], Awaitable[Mapping[str, Any]]]:
    async def info(file_id: str) -> Mapping[str, Any]:
        response = await client.files_info(file=file_id)
        found = response.get("file")
        if not isinstance(found, dict):
            raise ValueError(f"files.info for {file_id!r} returned no file object")
        return found

    return info


@dataclass
class Services:
    """Everything a listener needs; built once per app."""

    settings: SlackSettings
    router: Router
    desk: Desk
    client: AsyncWebClient
    poster: Poster
    engineers: EngineerDirectory
    files: FileFetcher
    workspace: Workspace
    background: Background = field(default_factory=Background)

    @classmethod
    def create(
        cls, settings: SlackSettings, *, router: Router, desk: Desk, client: AsyncWebClient
    ) -> Services:
        api = origin(settings.api_url)
        return cls(
            settings=settings,
            router=router,
            desk=desk,
            client=client,
            poster=Poster(client),
            engineers=EngineerDirectory(
                # A lead is an engineer with one more right (docs/engineers.md).
                client, group=settings.engineers_group, users=settings.engineers | settings.leads
            ),
            # Tests serve files from the fake API's origin; in production that is
            # https://slack.com, which serves no files.
            files=FileFetcher(
                settings.bot_token,
                max_bytes=settings.max_file_bytes,
                extra_origins={api} if api else (),
                info=_files_info(client),
            ),
            workspace=Workspace(client),
        )

    def in_thread(
        self,
        thread: ThreadKey,
        work: Callable[[], Awaitable[Outcome | None]],
        *,
        name: str,
        lang: str = "en",
    ) -> None:
        """Run ``work`` after the ack and post its outcome to ``thread``.

        An unexpected error becomes a polite reply in the thread and a log line
        with the thread and the error (the one place such errors are handled).
        """

        async def run() -> None:
            try:
                outcome = await work()
            except Exception:
                log.exception("%s in %s failed", name, thread)
                await self.poster.replies(thread, (TextReply(say("error", lang), lang),))
                return
            if outcome is not None:
                await self.poster.outcome(thread, outcome)

        self.background.spawn(run(), name=f"{name}:{thread}")

    async def close(self, timeout: float = 30.0) -> None:
        """Wait for work in flight, then release connections."""
        await self.background.drain(timeout)
        await self.files.close()
