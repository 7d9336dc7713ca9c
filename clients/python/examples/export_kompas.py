#!/usr/bin/env python3
"""Write a published kompas version as Markdown, JSON or CSV.

The bytes are exactly those of `kompas-export` for the same version, so a
nightly job can use either. For example, the latest kompas into the
intranet's folder every night:

    export_kompas.py --format markdown --out /srv/intranet/kompas.md
    export_kompas.py --version 3 --format csv --out kompas-v3.csv

Connection and sign-in as the `kompas` CLI: KOMPAS_SERVER, KOMPAS_TOKEN (or
the token `kompas login` saved), KOMPAS_TLS, KOMPAS_CA, KOMPAS_CERT/KEY,
KOMPAS_COMMUNITY. An export-only member (role EXPORTER) is enough.

Exit codes: 0 success, 1 the server refused or the output could not be
written, 2 the command line or the settings are wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

import kompas
from kompas.export_format import FORMATS


def write_atomically(path: str, data: bytes) -> None:
    """Writes `data` to `path` so that a reader sees the old file or the new
    one, never a part: via `path`.tmp, synced, then renamed over it."""
    tmp = path + ".tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a published kompas version as Markdown (to read), JSON (the proto "
                    "JSON mapping, for programs) or CSV (for spreadsheets); the same bytes as "
                    "kompas-export.",
        epilog="Exit codes: 0 success, 1 server or output error, 2 usage error.")
    parser.add_argument("--version", default="latest",
                        help="the version: a number such as 3 (or v3), or latest (default)")
    parser.add_argument("--format", choices=FORMATS, default="markdown",
                        help="markdown (default), json or csv")
    parser.add_argument("--out", help="write to this file, replacing it in one step "
                                      "(default: stdout)")
    parser.add_argument("--community", help="community id (default: $KOMPAS_COMMUNITY, else "
                                             "the only one you see)")
    args = parser.parse_args(argv)

    env = dict(os.environ)
    if args.community:
        env["KOMPAS_COMMUNITY"] = args.community
    try:
        with kompas.Client.from_env(env) as client:
            document = client.kompas.export(version=args.version, format=args.format)
    except (kompas.SettingsError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except kompas.KompasError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1

    data = document.encode("utf-8")
    try:
        if args.out:
            write_atomically(args.out, data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    except OSError as e:
        print(f"error: cannot write {args.out or 'stdout'}: {e.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
