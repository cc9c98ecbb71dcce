"""Document commands: ``export minutes|rmp|pack|pathways|plan`` write a PDF.

``--date`` fixes the printed-on date (the same input then gives the same bytes). An existing
file is replaced only with ``--force`` (exit 2 otherwise); nothing partial is left behind.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from rrdesk.cli.common import EXIT_INVALID, EXIT_OK, CliError, add_vault_arg, unlock_from_args
from rrdesk.cli.table_args import check_export_target, export_errors
from rrdesk.documents.pack import ReportUnreadable
from rrdesk.services.documents import BuiltDocument, DocumentService

Build = Callable[[DocumentService, argparse.Namespace, dt.date | None], BuiltDocument]


def _pathways(service: DocumentService, args: argparse.Namespace,
              date: dt.date | None) -> BuiltDocument:
    return service.pathway_plan(args.case, printed_on=date)


def _plan(service: DocumentService, args: argparse.Namespace,
          date: dt.date | None) -> BuiltDocument:
    return service.partnership_plan(printed_on=date)


def _minutes(service: DocumentService, args: argparse.Namespace,
             date: dt.date | None) -> BuiltDocument:
    return service.minutes(args.meeting, printed_on=date)


def _rmp(service: DocumentService, args: argparse.Namespace,
         date: dt.date | None) -> BuiltDocument:
    return service.rmp(args.case, printed_on=date)


def _pack(service: DocumentService, args: argparse.Namespace,
          date: dt.date | None) -> BuiltDocument:
    return service.pack(args.meeting, printed_on=date)


# name: (help, the id it needs: "case", "meeting" or None, builder)
COMMANDS: dict[str, tuple[str, str | None, Build]] = {
    "minutes": ("the minutes of a meeting (DRAFT while not approved)", "meeting", _minutes),
    "rmp": ("the Risk Management Plan of one case", "case", _rmp),
    "pack": ("the meeting pack, with the agency reports attached to its case reviews",
             "meeting", _pack),
    "pathways": ("the pathway plan of one case", "case", _pathways),
    "plan": ("the partnership delivery plan", None, _plan),
}


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="write a document as PDF (minutes, rmp, pack, "
                                           "pathways, plan); logged as a disclosure")
    export_sub = export.add_subparsers(dest="export_command", required=True, metavar="DOCUMENT",
                                       parser_class=type(export))
    for name, (text, needs, build) in COMMANDS.items():
        p = export_sub.add_parser(name, help=text)
        add_vault_arg(p)
        if needs == "case":
            p.add_argument("--case", type=int, required=True, help="the case id")
        elif needs == "meeting":
            p.add_argument("--meeting", type=int, required=True, help="the meeting id")
        p.add_argument("--out", type=Path, required=True, help="the PDF file to write")
        p.add_argument("--date", help="the printed-on date, YYYY-MM-DD (fixed output)")
        p.add_argument("--force", action="store_true", help="replace the file if it exists")
        p.set_defaults(handler=_handler(build))


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError("--date must be a date such as 2026-11-23", EXIT_INVALID) from None


def _handler(build: Build) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        date = _date(args.date)
        check_export_target(args.out, args.force)
        vault, _ = unlock_from_args(args)
        with vault:
            service = DocumentService(vault)
            try:
                doc = build(service, args, date)
            except KeyError as e:
                raise CliError(str(e.args[0]) if e.args else "not found", EXIT_INVALID) from None
            except ReportUnreadable as e:
                raise CliError(str(e), EXIT_INVALID) from None
            with export_errors(args.out):
                service.save(doc, args.out, overwrite=args.force)
        print(f"Wrote {doc.title} ({doc.pages} pages) to {args.out} "
              "(OFFICIAL-SENSITIVE: handle accordingly)")
        return EXIT_OK

    return handler
