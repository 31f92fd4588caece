"""Who counts as a support engineer: a static list and/or a Slack user group.

The group's members come from ``usergroups.users.list`` and are cached for
``ttl`` seconds, so a click on a ticket card costs no API call most of the time
and a change in the group shows up within minutes. If Slack cannot be asked, the
last known members (or only the static list) are used and the error is logged.

Example:
    >>> directory = EngineerDirectory(client, group="S0SUPPORT", users={"U0LEAD"})  # doctest: +SKIP
    >>> await directory.is_engineer("U0LEAD")  # doctest: +SKIP
    True
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.poster import SEND_ERRORS, describe

__all__ = ["EngineerDirectory"]

log = logging.getLogger(__name__)


class EngineerDirectory:
    """Answers "is this user an engineer?", caching the user group's members."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        group: str | None,
        users: Iterable[str] = (),
        ttl: float = 300.0,
        retry_after_failure: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._group = group
        self._users = frozenset(users)
        self._ttl = ttl
        self._retry_after_failure = retry_after_failure
        self._clock = clock
        self._members: frozenset[str] = frozenset()
        self._expires = float("-inf")
        self._lock = asyncio.Lock()

    async def is_engineer(self, user: str) -> bool:
        """``True`` if ``user`` is listed or belongs to the engineers' user group."""
        if user in self._users:
            return True
        return user in await self.members()

    async def members(self) -> frozenset[str]:
        """The group's members, from the cache while it is fresh."""
        if self._group is None:
            return frozenset()
        if self._clock() < self._expires:
            return self._members
        async with self._lock:  # one refresh at a time, the others reuse its result
            if self._clock() < self._expires:
                return self._members
            try:
                response = await self._client.usergroups_users_list(usergroup=self._group)
            except SEND_ERRORS as exc:
                log.error("usergroups.users.list for %s failed: %s", self._group, describe(exc))
                self._expires = self._clock() + self._retry_after_failure
            else:
                self._members = frozenset(response.get("users") or ())
                self._expires = self._clock() + self._ttl
            return self._members
