"""Log files shared in a thread: checked before download, fetched with a hard cap.

A file is refused without downloading it when Slack says it is larger than the
cap or it is not text (a screenshot, a zip). Otherwise ``url_private`` is fetched
with the bot token (needs the ``files:read`` scope), reading at most
``max_bytes + 1`` bytes whatever the headers claim, and the text goes on the
:class:`~bot.replies.IncomingFile` (the router redacts it). The token is only
ever sent to Slack's own hosts.

Example:
    >>> fetcher = FileFetcher("xoxb-…", max_bytes=5_000_000)  # doctest: +SKIP
    >>> result = await fetcher.fetch_all(event["files"], lang="en")  # doctest: +SKIP
    >>> [f.name for f in result.files], len(result.refusals)  # doctest: +SKIP
    (['app.log'], 0)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.replies import IncomingFile
from bot.slack.render import Message, notice
from intake.tickets.render.text import size_text

__all__ = ["FetchResult", "FileFetcher", "is_text_like"]

log = logging.getLogger(__name__)

TEXT_MIMETYPES = frozenset(
    {
        "application/json",
        "application/x-ndjson",
        "application/xml",
        "application/x-yaml",
        "application/yaml",
    }
)
TEXT_SUFFIXES = frozenset(
    {
        ".log",
        ".txt",
        ".json",
        ".ndjson",
        ".csv",
        ".out",
        ".err",
        ".trace",
        ".xml",
        ".yaml",
        ".yml",
        ".md",
    }
)
TEXT_FILETYPES = frozenset({"text", "log", "json", "csv", "xml", "yaml", "markdown"})
SLACK_FILE_HOSTS = frozenset({"files.slack.com", "slack-files.com"})
CHUNK = 64 * 1024


def is_text_like(file: Mapping[str, Any]) -> bool:
    """Whether a Slack file object looks like a text log (by MIME type, Slack's filetype or suffix).

    Example:
        >>> is_text_like({"name": "app.log", "mimetype": "application/octet-stream"})
        True
        >>> is_text_like({"name": "shot.png", "mimetype": "image/png", "filetype": "png"})
        False
    """
    mimetype = str(file.get("mimetype") or "").split(";")[0].strip().lower()
    if (mimetype.startswith("text/") and mimetype != "text/html") or mimetype in TEXT_MIMETYPES:
        return True
    if str(file.get("filetype") or "").lower() in TEXT_FILETYPES:
        return True
    return PurePosixPath(str(file.get("name") or "")).suffix.lower() in TEXT_SUFFIXES


@dataclass(frozen=True, slots=True)
class FetchResult:
    """Files read as text, and a polite message for each file that was not."""

    files: tuple[IncomingFile, ...] = ()
    refusals: tuple[Message, ...] = ()


class _TooBig(Exception):
    pass


class FileFetcher:
    """Downloads text logs from Slack, never more than ``max_bytes`` each."""

    def __init__(
        self,
        token: str,
        *,
        max_bytes: int,
        extra_hosts: Iterable[str] = (),
        timeout: float = 20.0,
    ) -> None:
        self._token = token
        self.max_bytes = max_bytes
        self._hosts = SLACK_FILE_HOSTS | frozenset(extra_hosts)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self.downloads = 0  # how many downloads were started (tests and metrics)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch_all(self, files: Iterable[Mapping[str, Any]], *, lang: str) -> FetchResult:
        fetched: list[IncomingFile] = []
        refusals: list[Message] = []
        for file in files:
            result = await self.fetch(file, lang=lang)
            if isinstance(result, IncomingFile):
                fetched.append(result)
            else:
                refusals.append(result)
        return FetchResult(tuple(fetched), tuple(refusals))

    async def fetch(self, file: Mapping[str, Any], *, lang: str) -> IncomingFile | Message:
        """The file as text, or the message explaining why not. Never raises for a bad file."""
        name = str(file.get("name") or file.get("title") or "file")
        try:
            size = int(file.get("size") or 0)
        except (TypeError, ValueError, OverflowError):
            size = 0  # Slack always sends a number; the download is capped whatever it says
        cap = size_text(self.max_bytes)
        if size > self.max_bytes:
            return notice("file_too_big", lang, name=name, size=size_text(size), cap=cap)
        if not is_text_like(file):
            kind = str(
                file.get("pretty_type") or file.get("filetype") or file.get("mimetype") or "?"
            )
            return notice("file_type", lang, name=name, kind=kind)
        url = str(file.get("url_private_download") or file.get("url_private") or "")
        try:
            host = urlsplit(url).hostname
        except ValueError:  # not a URL at all, e.g. "http://[::1"
            host = None
        if host not in self._hosts:
            log.warning("file %s has no Slack download URL (%r); not fetched", name, url[:100])
            return notice("file_failed", lang, name=name)
        try:
            data = await self._download(url)
        except _TooBig:
            return notice("file_too_big", lang, name=name, size=f"> {cap}", cap=cap)
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            log.error("downloading %s failed: %s", name, exc)
            return notice("file_failed", lang, name=name)
        return IncomingFile(
            name=name,
            size=len(data),
            mimetype=str(file.get("mimetype") or ""),
            url=str(file.get("permalink") or ""),
            text=data.decode("utf-8", errors="replace"),
        )

    async def _download(self, url: str) -> bytes:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        self.downloads += 1
        headers = {"Authorization": f"Bearer {self._token}"}
        # Redirects could leave Slack's hosts, and the token must not follow them.
        async with self._session.get(url, headers=headers, allow_redirects=False) as response:
            if response.status != 200:
                raise ValueError(f"HTTP {response.status}")
            if response.content_type == "text/html":
                # Slack answers a login page when the token lacks files:read.
                raise ValueError(
                    "got an HTML page instead of the file; is the files:read scope granted?"
                )
            if (response.content_length or 0) > self.max_bytes:
                raise _TooBig
            data = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                data += chunk
                if len(data) > self.max_bytes:
                    raise _TooBig
            return bytes(data)
