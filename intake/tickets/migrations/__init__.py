"""Alembic migrations for the ticket database, shipped inside the package.

Run them with :func:`intake.tickets.db.migrate`; there is no ``alembic.ini`` to find.
"""
