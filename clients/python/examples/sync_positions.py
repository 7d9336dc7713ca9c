#!/usr/bin/env python3
"""Set a municipality's positions (volg of leg uit) from a spreadsheet.

The CSV has a header line and one row per adopted standard:

    standard,stance,explanation,review_date
    1m92my6wf0000,follows,,2027-06-30
    communities/wijkteams/standards/1m92my6x70000,deviates,"Wij werken met ...",2027-01-31
    1m92my6yb0000,not_applicable,,2027-12-31

- standard: the standard's id or full name (see `kompas standard list`);
- stance: follows, deviates or not_applicable (also the Dutch volgt,
  wijkt af, niet van toepassing / nvt);
- explanation: why the municipality deviates (the server requires it for
  deviates);
- review_date: YYYY-MM-DD, when to look at the position again.

A semicolon instead of a comma as separator (as Dutch spreadsheets save)
works too. Only rows that differ from what kompasd holds are set; with
--dry-run nothing is set and the script prints what would change:

    sync_positions.py posities.csv --dry-run
    sync_positions.py posities.csv

Positions are set for the caller's own municipality (the only one a member
may set), or --municipality. Connection and sign-in as the `kompas` CLI
(KOMPAS_SERVER, KOMPAS_TOKEN, ...). Whether a row is acceptable (an
explanation present, the standard adopted, no personal data) is the
server's call: a refused row is reported and the others still go ahead.

Exit codes: 0 every row is in place (or would be), 1 a row was refused or
the server could not be reached, 2 the command line, the settings or the
CSV are wrong.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime
import io
import os
import sys
from typing import Dict, List, Optional, TextIO

import kompas
from kompas.v1 import standard_pb2

_STANCES = {
    "follows": standard_pb2.STANCE_FOLLOWS, "volgt": standard_pb2.STANCE_FOLLOWS,
    "deviates": standard_pb2.STANCE_DEVIATES, "wijkt af": standard_pb2.STANCE_DEVIATES,
    "wijkt_af": standard_pb2.STANCE_DEVIATES,
    "not_applicable": standard_pb2.STANCE_NOT_APPLICABLE,
    "not applicable": standard_pb2.STANCE_NOT_APPLICABLE,
    "niet van toepassing": standard_pb2.STANCE_NOT_APPLICABLE,
    "nvt": standard_pb2.STANCE_NOT_APPLICABLE, "n.v.t.": standard_pb2.STANCE_NOT_APPLICABLE,
}
_REVIEW_COLUMNS = ("review_date", "review_on", "review date")


class CsvError(ValueError):
    """The CSV is not as documented; the message names the line."""


@dataclasses.dataclass(frozen=True)
class Row:
    line: int
    standard: str  # as written: an id or a full name
    stance: int
    explanation: str
    review_on: datetime.date


def stance_word(stance: int) -> str:
    return str(standard_pb2.Stance.Name(stance))[len("STANCE_"):].lower()


def read_rows(f: TextIO) -> List[Row]:
    text = f.read()
    if text.startswith("\ufeff"):  # a byte-order mark, as spreadsheets write
        text = text[1:]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = [(h or "").strip().lower() for h in reader.fieldnames or []]
    review = next((c for c in _REVIEW_COLUMNS if c in fields), None)
    if "standard" not in fields or "stance" not in fields or review is None:
        raise CsvError("the first line must name the columns standard, stance, explanation, "
                       "review_date")
    rows: List[Row] = []
    for raw in reader:
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        line = reader.line_num
        if not any(values.values()):
            continue
        stance = _STANCES.get(values.get("stance", "").lower())
        if stance is None:
            raise CsvError(f"line {line}: stance {values.get('stance')!r} is not follows, "
                           "deviates or not_applicable")
        try:
            review_on = datetime.date.fromisoformat(values[review])
        except ValueError:
            raise CsvError(f"line {line}: review date {values[review]!r} is not YYYY-MM-DD") \
                from None
        if not values["standard"]:
            raise CsvError(f"line {line}: no standard")
        rows.append(Row(line, values["standard"], stance, values.get("explanation", ""),
                        review_on))
    return rows


def differs(current: Optional[standard_pb2.Position], row: Row) -> bool:
    if current is None:
        return True
    review = current.review_on
    return (current.stance != row.stance or current.explanation != row.explanation
            or (review.year, review.month, review.day)
            != (row.review_on.year, row.review_on.month, row.review_on.day))


def describe(current: Optional[standard_pb2.Position], row: Row) -> str:
    new = f"{stance_word(row.stance)}, review {row.review_on.isoformat()}"
    if row.explanation:
        new += " (with explanation)"
    if current is None:
        return f"none -> {new}"
    r = current.review_on
    old = f"{stance_word(current.stance)}, review {r.year:04d}-{r.month:02d}-{r.day:02d}"
    return f"{old} -> {new}"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Set a municipality's positions on adopted standards from a CSV "
                    "(standard, stance, explanation, review_date); only rows that differ "
                    "are set.",
        epilog="Exit codes: 0 success, 1 a row refused or server error, 2 usage or CSV error.")
    parser.add_argument("csv", help="the CSV file, or - for stdin")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would change and change nothing")
    parser.add_argument("--municipality",
                        help="CBS code such as GM0479 (default: your own municipality)")
    parser.add_argument("--community", help="community id (default: $KOMPAS_COMMUNITY, else "
                                             "the only one you see)")
    args = parser.parse_args(argv)

    try:
        if args.csv == "-":
            rows = read_rows(sys.stdin)
        else:
            with open(args.csv, encoding="utf-8", newline="") as f:
                rows = read_rows(f)
    except (OSError, CsvError, UnicodeDecodeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    env = dict(os.environ)
    if args.community:
        env["KOMPAS_COMMUNITY"] = args.community
    try:
        client = kompas.Client.from_env(env)
    except kompas.SettingsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    with client:
        try:
            municipality = args.municipality or ""
            if not municipality:
                community = client.community
                memberships = [m for m in client.caller().memberships
                               if m.community == community]
                if not memberships:
                    print(f"error: you are not a member of {community}", file=sys.stderr)
                    return 1
                municipality = memberships[0].municipality
            if "/" not in municipality:
                municipality = "municipalities/" + municipality
            current: Dict[str, standard_pb2.Position] = {}
            for p in client.positions.list(municipality=municipality):
                current[p.name.rsplit("/positions/", 1)[0]] = p
        except kompas.KompasError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1

        code = municipality.split("/")[-1]
        changes = refused = 0
        for row in rows:
            standard = client.name("standards", row.standard)
            have = current.get(standard)
            if not differs(have, row):
                continue
            changes += 1
            what = f"{standard} ({code}): {describe(have, row)}"
            if args.dry_run:
                print(f"would set {what}")
                continue
            try:
                client.positions.set(standard, municipality, stance=row.stance,
                                     explanation=row.explanation, review_on=row.review_on)
                print(f"set {what}")
            except kompas.KompasError as e:
                refused += 1
                print(f"error: line {row.line}: {standard}: {e}", file=sys.stderr)
        verb = "would change" if args.dry_run else "changed"
        print(f"{len(rows)} row(s), {changes - refused} {verb}, {len(rows) - changes} unchanged"
              + (f", {refused} refused" if refused else ""))
        return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
