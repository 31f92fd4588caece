"""``supportbot tickets``: the support engineers' side on the same database."""

from __future__ import annotations

import argparse
import asyncio
import getpass
from typing import TYPE_CHECKING

from bot.render_text import render_text
from bot.replies import Outcome
from bot.runtime import load_policy, open_stores
from bot.settings import Settings
from intake.types import Priority, Status

if TYPE_CHECKING:
    from bot.desk import TicketDesk


def add_tickets(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tickets = sub.add_parser("tickets", help="list, show, claim and move tickets")
    tsub = tickets.add_subparsers(dest="tickets_command", required=True, metavar="ACTION")
    ls = tsub.add_parser("list", help="tickets by response due time")
    ls.add_argument("--status", choices=[s.value for s in Status])
    ls.add_argument("--mine", action="store_true", help="only tickets you own")
    ls.add_argument("--unclaimed", action="store_true")
    ls.set_defaults(run=run_list)
    show = tsub.add_parser("show", help="one ticket in full, with its history")
    show.add_argument("ticket")
    show.set_defaults(run=run_show)
    claim = tsub.add_parser("claim", help="take a ticket: the bot goes quiet in its thread")
    claim.add_argument("ticket")
    claim.set_defaults(run=run_claim)
    status = tsub.add_parser("status", help="move a ticket on")
    status.add_argument("ticket")
    status.add_argument("status", choices=[s.value for s in Status if s is not Status.OPEN])
    status.add_argument("--note", default="")
    status.set_defaults(run=run_status)
    resolve = tsub.add_parser("resolve", help="mark a ticket resolved")
    resolve.add_argument("ticket")
    resolve.add_argument("--note", default="")
    resolve.set_defaults(run=run_resolve)
    prio = tsub.add_parser("priority", help="override the priority, with a reason")
    prio.add_argument("ticket")
    prio.add_argument("priority", choices=[p.value for p in Priority])
    prio.add_argument("--reason", required=True)
    prio.set_defaults(run=run_priority)
    for p in (ls, show, claim, status, resolve, prio):
        p.add_argument(
            "--as", dest="actor", default=None, help="engineer name (default: your login name)"
        )


def _desk(settings: Settings) -> TicketDesk:
    from bot.desk import TicketDesk

    return TicketDesk(open_stores(settings).tickets, policy=load_policy(settings))


def _actor(args: argparse.Namespace) -> str:
    return str(args.actor or getpass.getuser())


def _print(outcome: Outcome) -> int:
    for reply in outcome.replies:
        print(render_text(reply))
    for notice in outcome.notices:
        print(f"→ told {notice.thread}: {render_text(notice.reply)}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    store = open_stores(Settings.from_env()).tickets
    rows = store.list(
        status=Status(args.status) if args.status else None,
        assignee=_actor(args) if args.mine else None,
        unclaimed=args.unclaimed,
    )
    if not rows:
        print("No tickets.")
        return 0
    print(f"{'id':<9} {'prio':<4} {'status':<20} {'due (UTC)':<17} {'assignee':<12} summary")
    for t in rows:
        due = t.due_at.strftime("%Y-%m-%d %H:%M")
        print(
            f"{t.id:<9} {t.priority.value:<4} {t.status.value:<20} {due:<17} {(t.assignee or '-'):<12} {t.summary}"
        )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from intake.tickets.render import ticket_markdown
    from intake.tickets.render.text import history_lines

    store = open_stores(Settings.from_env()).tickets
    ticket = store.get(args.ticket)
    print(ticket_markdown(ticket))
    print("\nHistory:")
    for line in history_lines(store.events(ticket.id), "en"):
        print(f"  {line}")
    return 0


def run_claim(args: argparse.Namespace) -> int:
    desk = _desk(Settings.from_env())
    return _print(asyncio.run(desk.claim(args.ticket, engineer=_actor(args), is_engineer=True)))


def run_status(args: argparse.Namespace) -> int:
    desk = _desk(Settings.from_env())
    outcome = desk.set_status(
        args.ticket, Status(args.status), actor=_actor(args), is_engineer=True, note=args.note
    )
    return _print(asyncio.run(outcome))


def run_resolve(args: argparse.Namespace) -> int:
    args.status = Status.RESOLVED.value
    return run_status(args)


def run_priority(args: argparse.Namespace) -> int:
    desk = _desk(Settings.from_env())
    outcome = desk.override_priority(
        args.ticket,
        Priority(args.priority),
        actor=_actor(args),
        is_engineer=True,
        reason=args.reason,
    )
    return _print(asyncio.run(outcome))
