#!/usr/bin/env python3
"""Runs kompas-anonymize over the PII development corpus and fails below the
acceptance figures of issue 3 (recall >= 0.97, precision >= 0.90, leak <= 0.01).

usage: check_scores.py ANONYMIZE_BINARY CORPUS_DIR [GOLD_JSONL [MIN_RECALL MIN_PRECISION MAX_LEAK]]

GOLD_JSONL defaults to CORPUS_DIR/dev.jsonl; the scorer is always CORPUS_DIR/score.py.
The three bounds default to the acceptance figures; the untouched evaluation set
(tests/pii/eval.jsonl) has its own, lower ones: a floor against regressions.

Exits 77 (ctest SKIP_RETURN_CODE) when CORPUS_DIR/dev.jsonl or score.py is missing,
so a machine without the corpus reports the test as skipped, not passed.
"""
import os
import re
import subprocess
import sys

MIN_RECALL = 0.97
MIN_PRECISION = 0.90
MAX_LEAK = 0.01
SKIP = 77


def main(argv):
    if len(argv) not in (3, 4, 7):
        print(__doc__)
        return 2
    binary, corpus = argv[1], argv[2]
    gold = argv[3] if len(argv) >= 4 else os.path.join(corpus, "dev.jsonl")
    min_recall, min_precision, max_leak = MIN_RECALL, MIN_PRECISION, MAX_LEAK
    if len(argv) == 7:
        min_recall, min_precision, max_leak = (float(x) for x in argv[4:7])
    scorer = os.path.join(corpus, "score.py")
    if not (os.path.isfile(gold) and os.path.isfile(scorer)):
        print("SKIPPED: PII corpus not found at %s (needs dev.jsonl and score.py)" % corpus)
        return SKIP
    pred = subprocess.run([binary, gold], check=False, capture_output=True)
    if pred.returncode != 0:
        print("kompas-anonymize failed (%d): %s" % (pred.returncode, pred.stderr.decode(errors="replace")))
        return 1
    pred_path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "kompas_pii_pred_%d.jsonl" % os.getpid())
    try:
        with open(pred_path, "wb") as f:
            f.write(pred.stdout)
        scored = subprocess.run([sys.executable, scorer, gold, pred_path], check=False, capture_output=True,
                                text=True)
    finally:
        os.unlink(pred_path)
    print(scored.stdout)
    m = re.search(r"recall=([\d.]+) precision=([\d.]+) leak=([\d.]+)\s*$", scored.stdout)
    if not m:
        print("could not read the scorer's summary line")
        return 1
    recall, precision, leak = (float(x) for x in m.groups())
    failures = []
    if recall < min_recall:
        failures.append("recall %.3f < %.2f" % (recall, min_recall))
    if precision < min_precision:
        failures.append("precision %.3f < %.2f" % (precision, min_precision))
    if leak > max_leak:
        failures.append("leak %.3f > %.2f" % (leak, max_leak))
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("OK: recall %.3f precision %.3f leak %.3f" % (recall, precision, leak))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
