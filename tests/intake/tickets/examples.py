"""A ticket with every part filled in, and text that tries to break out of any markup."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from intake.tickets.store import Ticket
from intake.types import Category, Impact, LogAttachment, Priority, Status
from tests.intake.conftest import NOW

HOSTILE = "<!channel> <http://evil.example|click here> & @here <@U0ADMIN> ```"


def make_ticket(**overrides: Any) -> Ticket:
    values: dict[str, Any] = {
        "id": "SUP-1042",
        "category": Category.CONNECTION,
        "priority": Priority.P1,
        "priority_reason": "production app, some users, no workaround",
        "due_at": NOW + timedelta(hours=4),  # 13:00 UTC
        "status": Status.OPEN,
        "fields": {
            "platform": "iOS",
            "sdk_version": "5.2.1",
            "device_model": "iPhone 15",
            "os_version": "iOS 17.4",
            "network": "4G",
            "chat_type": "1:1",
            "symptom": "Disconnects every few minutes with error 1005",
            "frequency": "intermittent",
            "since": "after an update",
            "since_detail": "5.2.0 -> 5.2.1",
            "last_seen": "today 08:40",
            "repro_steps": "1. log in\n2. background the app\n3. wait 3 minutes",
            "carrier": "China Mobile",
        },
        "impact": Impact(production=True, all_users=False, workaround=None, data_loss=False),
        "thread": "T1:C1:1700000000.000100",
        "created_at": NOW,
        "updated_at": NOW,
        "summary": "iOS client keeps disconnecting after 5.2.1",
        "question": "Why does my app disconnect?",
        "docs_shown": ("https://docs.example.test/en/connection#kicked-offline",),
        "logs": (
            LogAttachment(
                name="sdk.log",
                text="\n".join(f"line {n}" for n in range(1, 21)),
                truncated=True,
                original_bytes=3 * 1024 * 1024,
            ),
        ),
        "thread_url": "https://example.slack.com/archives/C1/p1700000000000100",
        "requester": "U0REQUEST",
    }
    values.update(overrides)
    return Ticket(**values)
