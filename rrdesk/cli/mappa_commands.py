"""MAPPA commands: meetings list / show, and review dates."""

from __future__ import annotations

import argparse

from rrdesk.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_vault_arg,
    print_json,
    unlock_from_args,
)
from rrdesk.domain.mappa import Heading
from rrdesk.services.mappa_records import MeetingSummary, MeetingView, Minutes
from rrdesk.services.meetings import MeetingService
from rrdesk.services.minutes import MinutesService
from rrdesk.services.reviews import LEAD_AGENCY, review_dates


def register(sub: argparse._SubParsersAction) -> None:
    meetings = sub.add_parser("meetings", help="MAPPA meetings")
    meetings_sub = meetings.add_subparsers(dest="meetings_command", required=True)
    p = meetings_sub.add_parser("list", help="every meeting, by date")
    add_vault_arg(p)
    p.add_argument("--json", action="store_true", help="a JSON list of meetings")
    p.set_defaults(handler=cmd_list)
    p = meetings_sub.add_parser("show", help="one meeting: attendance and case reviews")
    add_vault_arg(p)
    p.add_argument("--meeting", type=int, required=True, metavar="ID")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("reviews", help="review dates of every MAPPA case")
    add_vault_arg(p)
    p.add_argument("--json", action="store_true", help="one JSON object per case")
    p.add_argument("--due-within-days", type=int, metavar="N",
                   help="only cases due within N days (overdue ones and problems included)")
    p.add_argument("--overdue", action="store_true", help="only overdue cases")
    p.set_defaults(handler=cmd_reviews)


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None


def meeting_json(m: MeetingSummary) -> dict:
    return {"id": m.id, "date": m.held_at.date().isoformat(),
            "time": m.held_at.strftime("%H:%M"), "level": m.level, "area": m.area,
            "place": m.place, "online": m.online, "chair": m.chair,
            "minute_taker": m.minute_taker, "status": m.status, "cases": m.cases,
            "approved": m.approved}


def review_json(m: Minutes) -> dict:
    actions: dict[str, list[dict]] = {h.value: [] for h in Heading}
    for a in m.rmp.actions if m.rmp else []:
        actions[a.heading.value].append({"what": a.what, "agency": a.agency, "owner": a.owner,
                                         "due": _iso(a.due), "status": a.status.value})
    return {"review_id": m.review_id, "case_id": m.case_id, "position": m.position,
            "minutes_status": m.status.value, "review_type": m.review_type.value,
            "level_before": m.level_before,
            "level_decision": m.level_decision.value if m.level_decision else None,
            "new_level": m.new_level, "next_review": _iso(m.next_review),
            "approved_by": m.approved_by or None, "approved_at": _iso(m.approved_at),
            "amendments": len(m.amendments),
            "rmp_version": m.rmp.version if m.rmp else None, "rmp_actions": actions}


def show_json(view: MeetingView, minutes: list[Minutes]) -> dict:
    data = meeting_json(view)
    data["statement_agreed"] = view.statement_agreed
    return {"meeting": data,
            "attendees": [{"name": a.name, "agency": a.agency, "role": a.role,
                           "status": a.status.value} for a in view.attendees],
            "case_reviews": [review_json(m) for m in minutes]}


def cmd_list(args: argparse.Namespace) -> int:
    vault, _ = unlock_from_args(args)
    with vault:
        meetings = MeetingService(vault).list()
    if args.json:
        return print_json([meeting_json(m) for m in meetings])
    for m in meetings:
        where = "online" if m.online else m.place
        print(f"{m.id:>5}  {m.held_at:%Y-%m-%d %H:%M}  L{m.level}  {m.status:<9} "
              f"{m.cases:>2} case(s), {m.approved:>2} approved  {m.chair}  {where}")
    print(f"{len(meetings)} meeting(s)")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    vault, _ = unlock_from_args(args)
    with vault:
        try:
            view = MeetingService(vault).get(args.meeting)
            minutes = MinutesService(vault).meeting_minutes(args.meeting)
        except KeyError:
            raise CliError(f"meeting: there is no meeting {args.meeting}", EXIT_INVALID) \
                from None
    if args.json:
        return print_json(show_json(view, minutes))
    where = "online" if view.online else view.place
    print(f"Level {view.level} MAPPA meeting {view.held_at:%Y-%m-%d %H:%M}, {where} "
          f"({view.status})")
    print(f"Chair: {view.chair}   Minutes: {view.minute_taker}   Statement agreed: "
          f"{'yes' if view.statement_agreed else 'no'}")
    for a in view.attendees:
        print(f"  {a.status.value:<12} {a.name} ({a.role or '-'}, {a.agency})")
    for item, m in zip(view.agenda, minutes, strict=True):
        decision = m.level_decision.value if m.level_decision else "-"
        print(f"{item.position:>3}. {item.person:<40} {m.status.value:<9} {decision:<8} "
              f"L{m.new_level or m.level_before or '-'} next {_iso(m.next_review) or '-'}")
    return EXIT_OK


def cmd_reviews(args: argparse.Namespace) -> int:
    if args.due_within_days is not None and args.due_within_days < 0:
        raise CliError("--due-within-days must be 0 or more")
    vault, _ = unlock_from_args(args)
    with vault:
        rows = review_dates(vault, due_within_days=args.due_within_days,
                            overdue_only=args.overdue)
    if args.json:
        return print_json([r.as_json() for r in rows])
    for title, kind in (("Level 2 and 3 reviews", False), ("Level 1 lead-agency reviews", True)):
        group = [r for r in rows if (r.kind == LEAD_AGENCY) == kind]
        print(f"{title} ({len(group)})")
        for r in group:
            flag = r.problem or ("OVERDUE" if r.overdue else "")
            print(f"  {r.case_id:>6}  L{r.mappa_level or '-'}  due {_iso(r.due) or '-':<10}  "
                  f"last {_iso(r.last_review) or '-':<10}  {r.person:<40} {flag}")
    return EXIT_OK
