"""Log files shared in a thread: checked before download, fetched with a hard cap.

A file is refused without downloading it when Slack says it is larger than the
cap or it is not text (a screenshot, a zip), or hides it (``mode: hidden_by_limit``,
beyond a free plan's file history). A file shared from a Slack Connect channel comes as
a stub (``file_access: check_file_info``) and is looked up with ``files.info`` first.
Otherwise ``url_private`` is fetched with the bot token (needs the ``files:read`` scope), reading at most
``max_bytes + 1`` bytes whatever the headers claim, and the text goes on the
:class:`~bot.replies.IncomingFile` (the router redacts it). The token is only
ever sent to Slack's own file hosts, over https on port 443.

Example:
    >>> fetcher = FileFetcher("xoxb-…", max_bytes=5_000_000)  # doctest: +SKIP
    >>> result = await fetcher.fetch_all(event["files"], lang="en")  # doctest: +SKIP
    >>> [f.name for f in result.files], len(result.refusals)  # doctest: +SKIP
    (['app.log'], 0)
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.clean import clean_name
from bot.replies import IncomingFile
from bot.slack.file_notices import Refusal, combined
from bot.slack.render import Message
from intake.errors import FieldValueError
from intake.tickets.redact import decode_log
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
Origin = tuple[str, str, int]  # scheme, host, port: where the bot token may be sent
SLACK_FILE_ORIGINS: frozenset[Origin] = frozenset(("https", h, 443) for h in SLACK_FILE_HOSTS)
_DEFAULT_PORTS = {"https": 443, "http": 80}


def origin(url: str) -> Origin | None:
    """``(scheme, host, port)`` of ``url`` with the scheme's default port filled in, or
    ``None`` for something that is not an http(s) URL.

    Example:
        >>> origin("https://files.slack.com/files-pri/T1-F1/a.log")
        ('https', 'files.slack.com', 443)
        >>> origin("http://[::1") is None
        True
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # not a URL at all, e.g. "http://[::1", or a port out of range
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]
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
    """Files read as text, and why each other file was not."""

    files: tuple[IncomingFile, ...] = ()
    refusals: tuple[Refusal, ...] = ()

    def notice(self, lang: str) -> Message | None:
        """One message about every file not read (``None`` if all were)."""
        return combined(self.refusals, lang)


FileInfo = Callable[[str], Awaitable[Mapping[str, Any]]]  # files.info: id -> the file object


class _TooBig(Exception):
    pass


class FileFetcher:
    """Downloads text logs from Slack, never more than ``max_bytes`` each."""

    def __init__(
        self,
        token: str,
        *,
        max_bytes: int,
        extra_origins: Iterable[Origin] = (),
        timeout: float = 20.0,
        info: FileInfo | None = None,
    ) -> None:
        self._token = token
        self._info = info
        self.max_bytes = max_bytes
        self._origins = SLACK_FILE_ORIGINS | frozenset(extra_origins)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self.downloads = 0  # how many downloads were started (tests and metrics)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch_all(self, files: Iterable[Mapping[str, Any]], *, lang: str) -> FetchResult:
        fetched: list[IncomingFile] = []
        refusals: list[Refusal] = []
        for file in files:
            result = await self.fetch(file, lang=lang)
            if isinstance(result, IncomingFile):
                fetched.append(result)
            else:
                refusals.append(result)
        return FetchResult(tuple(fetched), tuple(refusals))

    async def fetch(self, file: Mapping[str, Any], *, lang: str) -> IncomingFile | Refusal:
        """The file as text, or why not. Never raises for a bad file."""
        if file.get("file_access") == "check_file_info":
            # Slack Connect: the event carries only the id; files.info has the rest.
            looked_up = await self._look_up(file)
            if isinstance(looked_up, Refusal):
                return looked_up
            file = looked_up
        name = clean_name(str(file.get("name") or file.get("title") or "file")) or "file"
        if file.get("mode") == "hidden_by_limit":  # beyond a free plan's file history
            return Refusal(name, "file_hidden")
        try:
            size = int(file.get("size") or 0)
        except (TypeError, ValueError, OverflowError):
            size = 0  # Slack always sends a number; the download is capped whatever it says
        cap = size_text(self.max_bytes)
        if size > self.max_bytes:
            return Refusal(name, "file_too_big", (("size", size_text(size)), ("cap", cap)))
        if not is_text_like(file):
            kind = str(
                file.get("pretty_type") or file.get("filetype") or file.get("mimetype") or "?"
            )
            return Refusal(name, "file_type", (("kind", kind),))
        url = str(file.get("url_private_download") or file.get("url_private") or "")
        if not self.allowed(url):
            log.warning("file %r has no Slack download URL (%r); not fetched", name[:200], url[:100])
            return Refusal(name, "file_failed")
        try:
            data = await self._download(url)
        except _TooBig:
            return Refusal(name, "file_too_big", (("size", f"> {cap}"), ("cap", cap)))
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            log.error("downloading %r failed: %s", name[:200], exc)
            return Refusal(name, "file_failed")
        try:
            # Decoded here, by the rule the intake uses: UTF-8, or UTF-16 with or without BOM.
            text = decode_log(name, data)
        except FieldValueError as exc:
            return Refusal(name, "file_unreadable", (("why", exc.hint),))
        return IncomingFile(
            name=name,
            size=len(data),
            mimetype=str(file.get("mimetype") or ""),
            url=str(file.get("permalink") or ""),
            text=text,
        )

    async def _look_up(self, stub: Mapping[str, Any]) -> Mapping[str, Any] | Refusal:
        file_id = str(stub.get("id") or "")
        if self._info is None or not file_id:
            return Refusal(clean_name(str(stub.get("name") or file_id or "file")), "file_failed")
        try:
            found = await self._info(file_id)
        except Exception as exc:  # SlackApiError, network: the message still counts
            log.error("files.info for %r failed: %s", file_id[:40], exc)
            return Refusal(clean_name(str(stub.get("name") or file_id)), "file_failed")
        return found

    def allowed(self, url: str) -> bool:
        """Whether the bot token may be sent to ``url``: Slack's file hosts over https on 443
        (plus the ``extra_origins`` given, e.g. a test server), nothing else."""
        return origin(url) in self._origins

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
