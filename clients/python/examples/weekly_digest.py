#!/usr/bin/env python3
"""A weekly digest of a community as Markdown, to mail to its members.

What happened in the last 7 days (or --days), newest first:
- new cases (dilemmas) and the reflections peers added to cases;
- standards adopted (ADOPTED standards that changed in the period);
- overdue reviews: positions whose review date has passed, per municipality.

    weekly_digest.py > digest.md
    weekly_digest.py --days 14 --out digest.md
    weekly_digest.py | mail -s "Kompas deze week" wijkteams@example.nl

Every text in it is what kompasd stores, which has passed the PII gate.
Connection and sign-in as the `kompas` CLI (KOMPAS_SERVER, KOMPAS_TOKEN,
...); any member of the community will do. Reflections are read per case
with reflections, one call each.

Exit codes: 0 success, 1 the server refused or could not be reached, 2 the
command line or the settings are wrong.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import os
import sys
from typing import Dict, List, Optional, Tuple

import kompas
from google.protobuf import timestamp_pb2
from kompas.v1 import case_pb2, standard_pb2

_KIND_WORDS = {
    case_pb2.REFLECTION_KIND_QUESTION: "vraag",
    case_pb2.REFLECTION_KIND_EXPERIENCE: "ervaring",
    case_pb2.REFLECTION_KIND_CONSIDERATION: "overweging",
    case_pb2.REFLECTION_KIND_ADVICE: "advies",
    case_pb2.REFLECTION_KIND_CONCERN: "zorg",
}


def when(ts: timestamp_pb2.Timestamp) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts.seconds, tz=datetime.timezone.utc)


def one_line(text: str) -> str:
    return " ".join(text.split())


def digest(client: kompas.Client, since: datetime.datetime, until: datetime.datetime) -> str:
    def in_period(ts: timestamp_pb2.Timestamp) -> bool:
        return since <= when(ts) < until

    community = client.community.split("/")[-1]
    out: List[str] = [f"# Kompas-weekoverzicht {community}: {since.date().isoformat()} "
                      f"t/m {(until - datetime.timedelta(seconds=1)).date().isoformat()}", ""]

    new_cases: List[case_pb2.Case] = []
    reflections: Dict[str, Tuple[case_pb2.Case, List[case_pb2.Reflection]]] = {}
    for case in client.cases.list():
        if in_period(case.create_time):
            new_cases.append(case)
        if case.reflection_count > 0:
            found = [r for r in client.reflections.list(case.name) if in_period(r.create_time)]
            if found:
                reflections[case.name] = (case, found)

    out += [f"## Nieuwe casussen ({len(new_cases)})", ""]
    out += [f"- **{one_line(c.title)}**" + (f" — {', '.join(c.themes)}" if c.themes else "")
            + f" (`{c.name}`)" for c in new_cases] or ["Geen."]
    out.append("")

    count = sum(len(rs) for _, rs in reflections.values())
    out += [f"## Nieuwe reflecties ({count})", ""]
    for case, rs in reflections.values():
        kinds = collections.Counter(_KIND_WORDS.get(r.kind, "reflectie") for r in rs)
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        out.append(f"- **{one_line(case.title)}**: {summary} (`{case.name}`)")
    if not reflections:
        out.append("Geen.")
    out.append("")

    adopted = [s for s in client.standards.list(status="adopted") if in_period(s.update_time)]
    out += [f"## Vastgestelde standaarden ({len(adopted)})", ""]
    out += [f"- **{one_line(s.content.title)}**: {one_line(s.content.statement)} (`{s.name}`)"
            for s in adopted] or ["Geen."]
    out.append("")

    titles = {s.name: s.content.title for s in client.standards.list(status="adopted")}
    register = client.positions.summary(today=until.date())
    # Each overdue review is a position, `{standard}/positions/{cbs_code}`.
    overdue = [(m.municipality.split("/")[-1], position.rsplit("/positions/", 1)[0])
               for m in register.municipalities for position in m.reviews_overdue]
    out += [f"## Achterstallige herzieningen ({len(overdue)})", ""]
    out += [f"- {code}: **{one_line(titles.get(name, name))}** (`{name}`)"
            for code, name in overdue] or ["Geen."]
    return "\n".join(out) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a digest of the last days of a community as Markdown: new cases, "
                    "reflections, adopted standards, overdue reviews.",
        epilog="Exit codes: 0 success, 1 server error, 2 usage error.")
    parser.add_argument("--days", type=int, default=7, help="the period, in days (default 7)")
    parser.add_argument("--until", help="the last day of the period, YYYY-MM-DD (default: "
                                        "today, UTC)")
    parser.add_argument("--out", help="write to this file (default: stdout)")
    parser.add_argument("--community", help="community id (default: $KOMPAS_COMMUNITY, else "
                                             "the only one you see)")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error("--days must be at least 1")
    try:
        last_day = (datetime.date.fromisoformat(args.until) if args.until
                    else datetime.datetime.now(datetime.timezone.utc).date())
    except ValueError:
        parser.error(f"--until {args.until!r} is not YYYY-MM-DD")
    until = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(),
                                      tzinfo=datetime.timezone.utc)
    since = until - datetime.timedelta(days=args.days)

    env = dict(os.environ)
    if args.community:
        env["KOMPAS_COMMUNITY"] = args.community
    try:
        with kompas.Client.from_env(env) as client:
            text = digest(client, since, until)
    except kompas.SettingsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except kompas.KompasError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
