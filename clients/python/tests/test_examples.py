"""The example scripts in clients/python/examples against a real kompasd."""

from __future__ import annotations

import os
import unittest
from typing import Dict, List, Tuple

from kompas.v1 import standard_pb2
from kompasd_fixture import KompasdTestCase

# A standard whose text exercises every escape of the three export formats:
# Markdown block markers, inline HTML, a trailing '#', JSON's escaped code
# points, CSV's commas, quotes and line breaks.
TRICKY_STATEMENT = ("# Niet als kop\n> geen citaat\n- geen lijst\n1. geen lijst\n```\n"
                    "In <details> en <!-- -->\n[a]: b\n---\nRegel met backslash \\\n"
                    "Einde, met \"aanhalingstekens\"; komma's")
TRICKY_RATIONALE = ("Tekens: \u2028 scheiding, \u00ad zacht, é, 🙂, tab\there, <b> & >.\r\n\r\n"
                    "  Tweede alinea  ")
TRICKY_NOTES = "Tweede versie:\n\n- met een \"lastige\" standaard, <tags> en komma's\n1) en zo"


class ExportTest(KompasdTestCase):
    def publish_tricky_version(self) -> None:
        dewi = self.client("dewi-westland")
        s = dewi.standards.create(title="Regel #", kind="good_practice", modality="may",
                                  statement=TRICKY_STATEMENT, rationale=TRICKY_RATIONALE,
                                  laws=["Jeugdwet", "AVG, art. 6"], themes=["toestemming"],
                                  audiences=[standard_pb2.AUDIENCE_A, standard_pb2.AUDIENCE_D])
        dewi.standards.propose(s.name)
        for member in ("anna-zaanstad", "bram-enschede", "eva-amsterdam"):
            self.client(member).standards.endorse(s.name)
        dewi.standards.adopt(s.name)
        self.assertEqual(dewi.kompas.publish(TRICKY_NOTES).version, 2)

    def test_export_kompas_py_is_byte_identical_to_kompas_export(self) -> None:
        self.publish_tricky_version()
        for version in ("1", "v2", "latest"):
            for fmt in ("markdown", "json", "csv"):
                with self.subTest(version=version, format=fmt):
                    theirs = self.export_tool("export-bot", ["--version", version,
                                                             "--format", fmt])
                    self.assertEqual(theirs.returncode, 0, theirs.stderr)
                    ours = self.run_example("export-bot", "export_kompas.py",
                                            ["--version", version, "--format", fmt])
                    self.assertEqual(ours.returncode, 0, ours.stderr)
                    self.assertGreater(len(theirs.stdout), 500)
                    self.assertEqual(ours.stdout, theirs.stdout)
        # The tricky text is really in there.
        md = self.run_example("export-bot", "export_kompas.py", ["--format", "markdown"]).stdout
        self.assertIn(b"\\# Niet als kop", md)
        # And the same through --out, and through the library.
        out = os.path.join(self.path, "kompas.csv")
        r = self.run_example("export-bot", "export_kompas.py", ["--format", "csv", "--out", out])
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, "rb") as f:
            written = f.read()
        self.assertEqual(written, self.export_tool("export-bot", ["--version", "latest",
                                                                  "--format", "csv"]).stdout)
        client = self.client("export-bot")
        self.assertEqual(client.kompas.export(version=2, format="csv").encode(), written)

    def test_a_missing_version_fails_like_kompas_export(self) -> None:
        theirs = self.export_tool("export-bot", ["--version", "9", "--format", "json"])
        ours = self.run_example("export-bot", "export_kompas.py", ["--version", "9"])
        self.assertEqual((ours.returncode, ours.stdout), (theirs.returncode, b""))
        self.assertEqual(ours.returncode, 1)
        self.assertIn(b"NOT_FOUND", ours.stderr)
        usage = self.run_example("export-bot", "export_kompas.py", ["--version", "drie"])
        self.assertEqual(usage.returncode, 2)


def position_key(p: standard_pb2.Position) -> Tuple[int, str, Tuple[int, int, int]]:
    return (p.stance, p.explanation, (p.review_on.year, p.review_on.month, p.review_on.day))


class SyncPositionsTest(KompasdTestCase):
    def setUp(self) -> None:
        super().setUp()
        # dewi-westland: a steward, of Westland (GM1783).
        self.dewi = self.client("dewi-westland")
        self.adopted = [s.name for s in self.dewi.standards.list(status="adopted")]
        self.assertGreaterEqual(len(self.adopted), 4)
        self.mine = "municipalities/GM1783"

    def all_positions(self) -> Dict[str, bytes]:
        return {p.name: p.SerializeToString() for p in self.dewi.positions.list()}

    def write_csv(self, rows: List[str], delimiter: str = ",") -> str:
        path = os.path.join(self.path, "posities.csv")
        header = delimiter.join(["standard", "stance", "explanation", "review_date"])
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join([header] + rows) + "\n")
        return path

    def test_dry_run_changes_nothing_and_the_run_sets_exactly_the_csv(self) -> None:
        s0, s1, s2, s3 = self.adopted[:4]
        # Already in place: s0 as the CSV says, s2 not in the CSV at all.
        self.dewi.positions.set(s0, "GM1783", stance="follows", review_on="2027-06-30")
        self.dewi.positions.set(s2, "GM1783", stance="not_applicable", review_on="2027-03-01")
        # Another municipality's position is not this script's business.
        utrecht = self.client("chris-utrecht")
        utrecht.positions.set(s1, "GM0344", stance="follows", review_on="2027-01-01")
        csv_path = self.write_csv([
            f"{s0},follows,,2027-06-30",
            f"{s1.split('/')[-1]},deviates,\"Wij werken met een klein team, daarom anders.\","
            "2027-01-31",
            f"{s3},nvt,,2027-12-31",
        ])
        before = self.all_positions()

        dry = self.run_example("dewi-westland", "sync_positions.py", [csv_path, "--dry-run"])
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertEqual(self.all_positions(), before, "--dry-run changed something")
        lines = dry.stdout.decode().splitlines()
        self.assertEqual(sorted(l.split(" (")[0] for l in lines if l.startswith("would set")),
                         sorted([f"would set {s1}", f"would set {s3}"]))
        self.assertIn("3 row(s), 2 would change, 1 unchanged", dry.stdout.decode())

        run = self.run_example("dewi-westland", "sync_positions.py", [csv_path])
        self.assertEqual(run.returncode, 0, run.stderr)
        after = {p.name.rsplit("/positions/", 1)[0]: p
                 for p in self.dewi.positions.list(municipality="GM1783")}
        self.assertEqual({k: position_key(v) for k, v in after.items()}, {
            s0: (standard_pb2.STANCE_FOLLOWS, "", (2027, 6, 30)),
            s1: (standard_pb2.STANCE_DEVIATES, "Wij werken met een klein team, daarom anders.",
                 (2027, 1, 31)),
            s2: (standard_pb2.STANCE_NOT_APPLICABLE, "", (2027, 3, 1)),
            s3: (standard_pb2.STANCE_NOT_APPLICABLE, "", (2027, 12, 31)),
        })
        # Untouched: the unchanged row, the position not in the CSV, Utrecht's.
        now = self.all_positions()
        for name, wire in before.items():
            if not name.startswith(s1) or "GM0344" in name:
                self.assertEqual(now[name], wire, f"{name} was rewritten")

        again = self.run_example("dewi-westland", "sync_positions.py", [csv_path])
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("3 row(s), 0 changed, 3 unchanged", again.stdout.decode())
        self.assertEqual(self.all_positions(), now)

    def test_a_refused_row_is_reported_and_the_others_still_go_ahead(self) -> None:
        s0, s1 = self.adopted[:2]
        # The server requires an explanation with deviates; the script does not judge.
        csv_path = self.write_csv([f"{s0};deviates;;2027-01-31", f"{s1};volgt;;2027-02-01"],
                                  delimiter=";")
        run = self.run_example("dewi-westland", "sync_positions.py", [csv_path])
        self.assertEqual(run.returncode, 1)
        self.assertIn("line 2", run.stderr.decode())
        self.assertIn("INVALID_ARGUMENT", run.stderr.decode())
        got = {p.name.rsplit("/positions/", 1)[0]: p.stance
               for p in self.dewi.positions.list(municipality="GM1783")}
        self.assertEqual(got, {s1: standard_pb2.STANCE_FOLLOWS})

    def test_a_malformed_csv_is_a_usage_error_and_changes_nothing(self) -> None:
        before = self.all_positions()
        path = self.write_csv([f"{self.adopted[0]},follows,,31-12-2027"])
        r = self.run_example("dewi-westland", "sync_positions.py", [path])
        self.assertEqual(r.returncode, 2)
        self.assertIn("YYYY-MM-DD", r.stderr.decode())
        self.assertEqual(self.all_positions(), before)


class WeeklyDigestTest(KompasdTestCase):
    def test_digest_lists_the_weeks_news(self) -> None:
        anna = self.client("anna-zaanstad")
        case = anna.cases.create(title="Een nieuwe casus deze week", status="open",
                                 themes=["toestemming"])
        self.client("eva-amsterdam").reflections.create(case.name, kind="advice",
                                                        text="Vraag eerst toestemming.")
        dewi = self.client("dewi-westland")
        standard = next(iter(dewi.standards.list(status="adopted")))
        dewi.positions.set(standard.name, "GM1783", stance="follows", review_on="2020-01-01")

        r = self.run_example("anna-zaanstad", "weekly_digest.py", [])
        self.assertEqual(r.returncode, 0, r.stderr)
        text = r.stdout.decode()
        self.assertTrue(text.startswith("# Kompas-weekoverzicht wijkteams"))
        self.assertIn(f"- **Een nieuwe casus deze week** — toestemming (`{case.name}`)", text)
        self.assertIn(f"- **Een nieuwe casus deze week**: 1 advies (`{case.name}`)", text)
        self.assertIn("## Achterstallige herzieningen (1)", text)
        self.assertIn(f"- GM1783: **{standard.content.title}** (`{standard.name}`)", text)

        # A week long ago: nothing new then.
        old = self.run_example("anna-zaanstad", "weekly_digest.py", ["--until", "2020-01-07"])
        self.assertEqual(old.returncode, 0, old.stderr)
        self.assertIn("## Nieuwe casussen (0)", old.stdout.decode())
        self.assertIn("## Nieuwe reflecties (0)", old.stdout.decode())


class HelpTest(unittest.TestCase):
    def test_every_example_documents_itself(self) -> None:
        import subprocess

        from kompasd_fixture import EXAMPLES, PYTHON
        for script in ("export_kompas.py", "sync_positions.py", "weekly_digest.py"):
            r = subprocess.run([PYTHON, os.path.join(EXAMPLES, script), "--help"],
                               capture_output=True, timeout=60,
                               env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(b"usage:", r.stdout)
            self.assertIn(b"Exit codes", r.stdout)



if __name__ == "__main__":
    unittest.main()
