#!/usr/bin/env python3
"""Turns a corpus written with inline marks into the scorer's JSON lines.

usage: marked_to_jsonl.py MARKED.txt > OUT.jsonl

MARKED.txt holds texts, each opened by a line "### ID"; the text runs to the
next such line (surrounding blank lines dropped). Personal data is marked
inline as «KIND|string», as in ../shared/pii/dev_marked.txt. Offsets are UTF-8
byte offsets into the unmarked text, end exclusive.
"""
import json
import re
import sys

MARK = re.compile(r"«([A-Z_]+)\|([^»]*)»")
KINDS = {"PERSON", "BSN", "ID_NUMBER", "PHONE", "EMAIL", "IBAN", "POSTCODE", "ADDRESS", "DATE",
         "LICENSE_PLATE", "SOCIAL", "INSTITUTION"}


def convert(doc_id, marked):
    out, entities, pos = b"", [], 0
    for m in MARK.finditer(marked):
        out += marked[pos:m.start()].encode()
        kind, string = m.group(1), m.group(2)
        if kind not in KINDS:
            raise SystemExit("%s: unknown kind %s" % (doc_id, kind))
        start = len(out)
        out += string.encode()
        entities.append({"start": start, "end": len(out), "kind": kind})
        pos = m.end()
    out += marked[pos:].encode()
    text = out.decode()
    if "«" in text or "»" in text:
        raise SystemExit("%s: unbalanced mark" % doc_id)
    return {"id": doc_id, "text": text, "entities": entities}


def main(path):
    doc_id, lines = None, []
    docs = []
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("### "):
            if doc_id:
                docs.append((doc_id, "\n".join(lines).strip("\n")))
            doc_id, lines = line[4:].strip(), []
        elif doc_id:
            lines.append(line)
    if doc_id:
        docs.append((doc_id, "\n".join(lines).strip("\n")))
    seen = set()
    for doc_id, marked in docs:
        if doc_id in seen:
            raise SystemExit("duplicate id " + doc_id)
        seen.add(doc_id)
        print(json.dumps(convert(doc_id, marked), ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1])
