"""Calendar commands: calendar export (an .ics file Outlook imports) and calendar list."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from rrdesk.cli.common import EXIT_OK, CliError, add_vault_arg, print_json, unlock_from_args
from rrdesk.cli.table_args import check_export_target, export_errors
from rrdesk.domain.calendar import Window
from rrdesk.services.calendar import default_window, gather
from rrdesk.services.calendar_ics import export_ics
from rrdesk.services.settings import load_settings

MAX_WEEKS = 260


def register(sub: argparse._SubParsersAction) -> None:
    cal = sub.add_parser("calendar", help="review dates, meetings and actions by date")
    cal_sub = cal.add_subparsers(dest="calendar_command", required=True, metavar="COMMAND",
                                 parser_class=type(cal))

    p = cal_sub.add_parser("export", help="write an iCalendar file (.ics) that Outlook "
                                          "imports; cases named by reference only")
    add_vault_arg(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE.ics")
    _add_window_args(p)
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.set_defaults(handler=cmd_export)

    p = cal_sub.add_parser("list", help="list the items in date order")
    add_vault_arg(p)
    p.add_argument("--json", action="store_true", help="one JSON object per item")
    _add_window_args(p)
    p.set_defaults(handler=cmd_list)


def _add_window_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                   help="first day (default: 4 weeks ago)")
    p.add_argument("--weeks", type=int, metavar="N", help="how many weeks (default 26)")


def window_of(args: argparse.Namespace) -> Window:
    """The window asked for; a bad date or count is a usage error that names the option."""
    start = None
    if args.start:
        try:
            start = dt.date.fromisoformat(args.start)
        except ValueError:
            raise CliError(f"--from: {args.start!r} is not a date (YYYY-MM-DD)") from None
    if args.weeks is not None and not 1 <= args.weeks <= MAX_WEEKS:
        raise CliError(f"--weeks: must be a whole number from 1 to {MAX_WEEKS}")
    return default_window(start=start, weeks=args.weeks)


def cmd_export(args: argparse.Namespace) -> int:
    window = window_of(args)
    path: Path = args.out
    check_export_target(path, args.force)
    with_initials = load_settings().calendar_initials
    vault, _ = unlock_from_args(args)
    with vault, export_errors(path):
        count = export_ics(vault, path, window, with_initials=with_initials,
                           overwrite=args.force)
    print(f"Exported {count} event(s) from {window.start.isoformat()} to "
          f"{(window.end - dt.timedelta(days=1)).isoformat()} to {path} "
          "(OFFICIAL-SENSITIVE: handle accordingly)")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    window = window_of(args)
    vault, _ = unlock_from_args(args)
    with vault:
        items = gather(vault, window)
    if args.json:
        return print_json([i.as_json() for i in items])
    for item in items:
        when = item.time.strftime("%H:%M") if item.time else "     "
        flag = "OVERDUE" if item.overdue else ""
        print(f"{item.date.isoformat()} {when}  {item.title:<56} {flag}".rstrip())
    print(f"{len(items)} item(s) from {window.start.isoformat()} to "
          f"{(window.end - dt.timedelta(days=1)).isoformat()}")
    return EXIT_OK
