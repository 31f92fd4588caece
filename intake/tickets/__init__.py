"""Tickets once the dialog has filed one: priority, storage, redaction and rendering.

    priority.py, policy.py, calendar.py  P0–P3 with a readable reason, first-response
                                         targets, the business calendar
    redact.py                            secrets and personal data out of every text and log
    db.py, models.py, migrations/        SQLAlchemy 2 models and Alembic migrations
    store/                               ``TicketStore``, ``ConversationStore``, ``Outbox``
    render/, templates/                  the ticket as Markdown for an engineer

Nothing here knows a chat surface exists: a surface renders a ``Ticket`` its own way.
"""
