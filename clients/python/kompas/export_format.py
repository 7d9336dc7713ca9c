"""The three documents of one kompas version, byte for byte as kompas-export
writes them (tools/kompas-export/export_format.h): Markdown to read, JSON
(the proto JSON mapping) for programs, CSV for spreadsheets. Pure functions
of the messages ExportKompas streams: no clock, no locale, so the same
version always gives the same bytes.

    header, standards = client.kompas.export_messages("latest")
    document = to_markdown(header, standards)      # a str; write it as UTF-8

`header.standards` is ignored: the standards are the streamed ones. A change
to the documents' format is made in both places, and the test that compares
this module's output with kompas-export's tells when they differ.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable, List, Mapping, Sequence, Tuple

from google.protobuf import json_format

from kompas.v1 import kompas_pb2, standard_pb2

FORMATS = ("markdown", "json", "csv")

# Section headings, in the order the sections appear.
_KIND_SECTIONS: Tuple[Tuple[int, str], ...] = (
    (standard_pb2.STANDARD_KIND_NO_GO, "No-go's"),
    (standard_pb2.STANDARD_KIND_MUST_DO, "Must-do's"),
    (standard_pb2.STANDARD_KIND_RULE_OF_THUMB, "Vuistregels"),
    (standard_pb2.STANDARD_KIND_GOOD_PRACTICE, "Goede praktijken"),
)
# Standards of a kind this version of the package does not know still show.
_OTHER_KINDS_HEADING = "Overige"

_MODALITY_WORDS = {
    standard_pb2.MODALITY_MUST: "moet",
    standard_pb2.MODALITY_MUST_NOT: "mag niet",  # "moet niet" would read as "need not"
    standard_pb2.MODALITY_SHOULD: "zou moeten",
    standard_pb2.MODALITY_MAY: "mag",
}
_STATUS_WORDS = {
    standard_pb2.STANDARD_STATUS_DRAFT: "concept",
    standard_pb2.STANDARD_STATUS_PROPOSED: "voorgesteld",
    standard_pb2.STANDARD_STATUS_ADOPTED: "vastgesteld",
    standard_pb2.STANDARD_STATUS_REJECTED: "afgewezen",
    standard_pb2.STANDARD_STATUS_RETIRED: "ingetrokken",
    standard_pb2.STANDARD_STATUS_SUPERSEDED: "vervangen",
}
_AUDIENCE_WORDS = {
    standard_pb2.AUDIENCE_A: "A (richten)",
    standard_pb2.AUDIENCE_B: "B (inrichten)",
    standard_pb2.AUDIENCE_C: "C (sturen)",
    standard_pb2.AUDIENCE_D: "D (uitvoeren)",
}

_ASCII_WHITESPACE = " \t\n\v\f\r"
_DIGITS = "0123456789"


def _words(table: Mapping[Any, str], value: int) -> str:
    return table.get(value, f"onbekend ({value})")


def _community_id(version_name: str) -> str:
    parts = version_name.split("/")
    if len(parts) >= 2 and parts[0] == "communities" and parts[1]:
        return parts[1]
    return version_name


def _is_blank(c: str) -> bool:
    return c == " " or c == "\t"


def _escape_html(text: str) -> str:
    # '<' starts inline HTML, which a renderer passes through.
    return text.replace("<", "\\<")


def _inline_text(text: str) -> str:
    """On one line: control characters and spaces become one space."""
    out: List[str] = []
    for c in text:
        if ord(c) < 0x20 or ord(c) == 0x7F or c == " ":
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(c)
    return _escape_html("".join(out).rstrip(_ASCII_WHITESPACE))


def _heading_text(text: str) -> str:
    out = _inline_text(text)
    if not out:
        return "(zonder titel)"
    run = len(out)
    while run > 0 and out[run - 1] == "#":
        run -= 1
    if run == len(out) or (run > 0 and not _is_blank(out[run - 1])):
        return out
    return out[:run] + "\\" + out[run:]


def _is_marker_only_line(line: str) -> bool:
    has_marker = False
    for c in line:
        if c in "-*_=":
            has_marker = True
        elif c != "|" and c != ":" and not _is_blank(c):
            return False
    return has_marker


def _ends_marker(line: str, pos: int) -> bool:
    return pos >= len(line) or _is_blank(line[pos])


def _escape_line_start(line: str) -> str:
    first = line[0]
    escape_first = False
    if _is_marker_only_line(line) or first == ">":
        escape_first = True
    elif first in "-+*" and _ends_marker(line, 1):
        escape_first = True
    elif first == "#":
        hashes = 0
        while hashes < len(line) and line[hashes] == "#":
            hashes += 1
        escape_first = hashes <= 6 and _ends_marker(line, hashes)
    elif line.startswith("```") or line.startswith("~~~"):
        escape_first = True
    elif first == "[" and "]:" in line:
        escape_first = True
    elif first in _DIGITS:
        digits = 0
        while digits < len(line) and line[digits] in _DIGITS:
            digits += 1
        if (digits <= 9 and digits < len(line) and line[digits] in ".)"
                and _ends_marker(line, digits + 1)):
            return line[:digits] + "\\" + line[digits:]
    return "\\" + line if escape_first else line


def _markdown_block(text: str) -> str:
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: List[List[str]] = [[]]
    for raw in normalized.split("\n"):
        line = raw.strip(_ASCII_WHITESPACE)
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(_escape_html(_escape_line_start(line)))
    if not paragraphs[-1]:
        paragraphs.pop()
    out: List[str] = []
    for lines in paragraphs:
        for i in range(len(lines) - 1):
            if lines[i].endswith("\\"):
                lines[i] += "\\"
            lines[i] += "\\"
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _utc_date(seconds: int, nanos: int) -> str:
    if seconds == 0 and nanos == 0:
        return ""
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (epoch + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%d")


def _joined_inline(values: Sequence[str]) -> str:
    return ", ".join(_inline_text(v) for v in values)


def _append_standard(s: standard_pb2.Standard, out: List[str]) -> None:
    c = s.content
    out.append(f"### {_heading_text(c.title)}\n\n")
    statement = _markdown_block(c.statement)
    if statement:
        out.append(statement + "\n\n")
    out.append(f"**Modaliteit:** {_words(_MODALITY_WORDS, c.modality)}\n\n")
    rationale = _markdown_block(c.rationale)
    if rationale:
        out.append(f"**Waarom:**\n\n{rationale}\n\n")
    scope: List[str] = []
    if c.laws:
        scope.append("- Wetten: " + _joined_inline(c.laws))
    if c.themes:
        scope.append("- Thema's: " + _joined_inline(c.themes))
    if c.audiences:
        scope.append("- Doelgroepen: " + ", ".join(_words(_AUDIENCE_WORDS, a)
                                                   for a in c.audiences))
    if scope:
        out.append("**Reikwijdte:**\n\n" + "\n".join(scope) + "\n\n")
    sources = ([f"- Casus: {_inline_text(n)}" for n in s.source_cases]
               + [f"- Sessie: {_inline_text(n)}" for n in s.source_sessions]
               + [f"- Conclusie: {_inline_text(n)}" for n in s.source_conclusions])
    if sources:
        out.append("**Bronnen:**\n\n" + "\n".join(sources) + "\n\n")
    name = f" — {_inline_text(s.name)}" if s.name else ""
    out.append(f"*Revisie {s.revision}, {_words(_STATUS_WORDS, s.status)}{name}*\n\n")


def to_markdown(header: kompas_pb2.Kompas, standards: Sequence[standard_pb2.Standard]) -> str:
    """A Dutch document: title, publish date and publisher, release notes,
    then one section per kind holding each standard in stream order."""
    out: List[str] = [f"# Kompas {_inline_text(_community_id(header.name))} — v{header.version}\n\n"]
    date = _utc_date(header.publish_time.seconds, header.publish_time.nanos)
    publisher = _inline_text(header.publisher)
    if date or publisher:
        out.append("Gepubliceerd" + (f" op {date}" if date else "")
                   + (f" door {publisher}" if publisher else "") + ".\n\n")
    notes = _markdown_block(header.release_notes)
    if notes:
        out.append(f"## Toelichting bij deze versie\n\n{notes}\n\n")
    if not standards:
        out.append("Deze versie bevat geen standaarden.\n\n")
    known = {kind for kind, _ in _KIND_SECTIONS}
    sections: List[Tuple[str, List[standard_pb2.Standard]]] = [
        (heading, [s for s in standards if s.content.kind == kind])
        for kind, heading in _KIND_SECTIONS]
    sections.append((_OTHER_KINDS_HEADING,
                     [s for s in standards if s.content.kind not in known]))
    for heading, members in sections:
        if not members:
            continue
        out.append(f"## {heading}\n\n")
        for s in members:
            _append_standard(s, out)
    text = "".join(out)
    while text.endswith("\n\n"):
        text = text[:-1]
    return text


# protobuf's C++ JSON printer escapes these besides '"' and '\\': controls,
# '<' and '>' (HTML), and invisible or direction-changing code points.
def _escape_code_point(cp: int) -> str:
    if cp < 0xA0:
        if cp == 0x22:
            return '\\"'
        if cp == 0x5C:
            return "\\\\"
        if cp in (0x3C, 0x3E, 0x7F) or cp >= 0x80 or cp < 0x20:
            short = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}
            return short.get(cp, f"\\u{cp:04x}")
        return ""
    if (cp in (0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB, 0x00AD, 0x06DD, 0x070F, 0x17B4, 0x17B5)
            or 0x0600 <= cp <= 0x0603 or 0x200B <= cp <= 0x200F or 0x2028 <= cp <= 0x202E
            or 0x2060 <= cp <= 0x2064 or 0x206A <= cp <= 0x206F):
        return f"\\u{cp:04x}"
    if cp == 0xE0001 or 0x1D173 <= cp <= 0x1D17A or 0xE0020 <= cp <= 0xE007F:
        v = cp - 0x10000
        return f"\\u{0xD800 + (v >> 10):04x}\\u{0xDC00 + (v & 0x3FF):04x}"
    return ""


def _json_string(s: str) -> str:
    out = ['"']
    for c in s:
        escaped = _escape_code_point(ord(c))
        out.append(escaped if escaped else c)
    out.append('"')
    return "".join(out)


def _json_value(value: Any, depth: int) -> str:
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{_json_string(k)}: {_json_value(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _json_value(v, depth + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, int):
        return str(value)
    return repr(value)


def to_json(header: kompas_pb2.Kompas, standards: Sequence[standard_pb2.Standard]) -> str:
    """The proto JSON mapping of `header` with `standards` as its standards:
    original field names, enums by name, unset fields left out, one space of
    indent per level, ending in a newline."""
    kompas = kompas_pb2.Kompas()
    kompas.CopyFrom(header)
    del kompas.standards[:]
    kompas.standards.extend(standards)
    as_dict = json_format.MessageToDict(kompas, preserving_proto_field_name=True)
    return _json_value(as_dict, 0).rstrip(_ASCII_WHITESPACE) + "\n"


def _csv_field(value: str) -> str:
    if not any(c in value for c in ',"\r\n'):
        return value
    return '"' + value.replace('"', '""') + '"'


def _enum_name(name_of: Callable[[int], str], value: int) -> str:
    try:
        return name_of(value)
    except ValueError:
        return str(value)


def to_csv(header: kompas_pb2.Kompas, standards: Sequence[standard_pb2.Standard]) -> str:
    """RFC 4180 CSV, one row per standard, CRLF after every line; enums by
    their proto names, repeated values joined with "; "."""
    del header  # a CSV is one table: the version's own metadata is not in it
    eol = "\r\n"
    out = ["name,revision,status,kind,modality,title,statement,rationale,laws,themes,audiences,"
           "source_cases,source_sessions,source_conclusions" + eol]
    for s in standards:
        c = s.content
        audiences = [_enum_name(standard_pb2.Audience.Name, a) for a in c.audiences]
        fields = [
            _csv_field(s.name),
            str(s.revision),
            _csv_field(_enum_name(standard_pb2.StandardStatus.Name, s.status)),
            _csv_field(_enum_name(standard_pb2.StandardKind.Name, c.kind)),
            _csv_field(_enum_name(standard_pb2.Modality.Name, c.modality)),
            _csv_field(c.title),
            _csv_field(c.statement),
            _csv_field(c.rationale),
            _csv_field("; ".join(c.laws)),
            _csv_field("; ".join(c.themes)),
            _csv_field("; ".join(audiences)),
            _csv_field("; ".join(s.source_cases)),
            _csv_field("; ".join(s.source_sessions)),
            _csv_field("; ".join(s.source_conclusions)),
        ]
        out.append(",".join(fields) + eol)
    return "".join(out)


def format_export(fmt: str, header: kompas_pb2.Kompas,
                  standards: Sequence[standard_pb2.Standard]) -> str:
    """The document in `fmt`: markdown, json or csv."""
    if fmt == "json":
        return to_json(header, standards)
    if fmt == "csv":
        return to_csv(header, standards)
    if fmt == "markdown":
        return to_markdown(header, standards)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
