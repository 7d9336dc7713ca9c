// The three documents of a kompas version, byte for byte as the
// `kompas-export` tool writes them (tools/kompas-export/export_format.cc):
// Markdown to read, JSON (the proto JSON mapping as protobuf's C++ printer
// writes it) for programs, CSV for spreadsheets. Pure functions of what
// ExportKompas streams: the header, then the standards in stream order.
// When the tool's output changes, this file changes with it
// (tests/standards.spec.ts compares the two).
import { toJson, type JsonValue } from "@bufbuild/protobuf";
import {
  AudienceSchema,
  ModalitySchema,
  StandardKindSchema,
  StandardStatusSchema,
  type Standard,
} from "../gen/kompas/v1/standard_pb";
import { KompasSchema, type Kompas } from "../gen/kompas/v1/kompas_pb";
import { StandardKind } from "../gen/kompas/v1/standard_pb";
import { audienceWord, modalityWord, standardKindHeading, standardStatusWord } from "./words";

export type ExportFormat = "markdown" | "json" | "csv";

export function exportDocument(format: ExportFormat, header: Kompas, standards: Standard[]): string {
  if (format === "json") return toProtoJson(header, standards);
  if (format === "csv") return toCsv(standards);
  return toMarkdown(header, standards);
}

// ---- Markdown ----

const isBlank = (c: string | undefined) => c === " " || c === "\t";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const asciiSpace = " \t\n\v\f\r";

// absl::StripAsciiWhitespace: ASCII whitespace only (String.trim takes more).
function stripAscii(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && asciiSpace.includes(text[start])) start++;
  while (end > start && asciiSpace.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

function escapeHtml(text: string): string {
  return text.replaceAll("<", "\\<");
}

// One line: control characters (newlines too) become spaces, runs of blanks
// one space, no trailing blanks.
function inlineText(text: string): string {
  let out = "";
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || c === " ") {
      if (out !== "" && !out.endsWith(" ")) out += " ";
    } else {
      out += c;
    }
  }
  let end = out.length;
  while (end > 0 && asciiSpace.includes(out[end - 1])) end--;
  return escapeHtml(out.slice(0, end));
}

// A trailing run of '#' after a blank would be read as a closing sequence.
function headingText(text: string): string {
  const out = inlineText(text);
  if (out === "") return "(zonder titel)";
  let run = out.length;
  while (run > 0 && out[run - 1] === "#") run--;
  if (run === out.length || (run > 0 && !isBlank(out[run - 1]))) return out;
  return `${out.slice(0, run)}\\${out.slice(run)}`;
}

function isMarkerOnlyLine(line: string): boolean {
  let marker = false;
  for (const c of line) {
    if (c === "-" || c === "*" || c === "_" || c === "=") marker = true;
    else if (c !== "|" && c !== ":" && !isBlank(c)) return false;
  }
  return marker;
}

const endsMarker = (line: string, pos: number) => pos >= line.length || isBlank(line[pos]);

function escapeLineStart(line: string): string {
  const first = line[0];
  let escapeFirst = false;
  if (isMarkerOnlyLine(line) || first === ">") {
    escapeFirst = true;
  } else if ((first === "-" || first === "+" || first === "*") && endsMarker(line, 1)) {
    escapeFirst = true;
  } else if (first === "#") {
    let hashes = 0;
    while (hashes < line.length && line[hashes] === "#") hashes++;
    escapeFirst = hashes <= 6 && endsMarker(line, hashes);
  } else if (line.startsWith("```") || line.startsWith("~~~")) {
    escapeFirst = true;
  } else if (first === "[" && line.includes("]:")) {
    escapeFirst = true;
  } else if (isDigit(first)) {
    let digits = 0;
    while (digits < line.length && isDigit(line[digits])) digits++;
    if (
      digits <= 9 &&
      digits < line.length &&
      (line[digits] === "." || line[digits] === ")") &&
      endsMarker(line, digits + 1)
    ) {
      return `${line.slice(0, digits)}\\${line.slice(digits)}`;
    }
  }
  return escapeFirst ? `\\${line}` : line;
}

function markdownBlock(text: string): string {
  const normalized = text.replaceAll("\r\n", "\n").replaceAll("\r", "\n");
  const paragraphs: string[][] = [[]];
  for (const raw of normalized.split("\n")) {
    const line = stripAscii(raw);
    if (line === "") {
      if (paragraphs.at(-1)!.length) paragraphs.push([]);
      continue;
    }
    paragraphs.at(-1)!.push(escapeHtml(escapeLineStart(line)));
  }
  if (paragraphs.at(-1)!.length === 0) paragraphs.pop();
  return paragraphs
    .map((lines) =>
      lines
        .map((l, i) => (i + 1 < lines.length ? (l.endsWith("\\") ? `${l}\\\\` : `${l}\\`) : l))
        .join("\n"),
    )
    .join("\n\n");
}

function utcDate(header: Kompas): string {
  const t = header.publishTime;
  if (!t || (t.seconds === 0n && t.nanos === 0)) return "";
  return new Date(Number(t.seconds) * 1000).toISOString().slice(0, 10);
}

function communityId(versionName: string): string {
  const parts = versionName.split("/");
  return parts.length >= 2 && parts[0] === "communities" && parts[1] !== "" ? parts[1] : versionName;
}

const unknown = (n: number) => `onbekend (${n})`;
const known = <T extends number>(words: Record<T, string>, v: T, unspecified: T) =>
  v !== unspecified && v in words ? words[v] : unknown(v);

function appendStandard(s: Standard, out: string[]): void {
  const c = s.content;
  out.push(`### ${headingText(c?.title ?? "")}\n\n`);
  const statement = markdownBlock(c?.statement ?? "");
  if (statement) out.push(`${statement}\n\n`);
  out.push(`**Modaliteit:** ${known(modalityWord, c?.modality ?? 0, 0)}\n\n`);
  const rationale = markdownBlock(c?.rationale ?? "");
  if (rationale) out.push(`**Waarom:**\n\n${rationale}\n\n`);
  const scope: string[] = [];
  if (c?.laws.length) scope.push(`- Wetten: ${c.laws.map(inlineText).join(", ")}`);
  if (c?.themes.length) scope.push(`- Thema's: ${c.themes.map(inlineText).join(", ")}`);
  if (c?.audiences.length) {
    scope.push(`- Doelgroepen: ${c.audiences.map((a) => known(audienceWord, a, 0)).join(", ")}`);
  }
  if (scope.length) out.push(`**Reikwijdte:**\n\n${scope.join("\n")}\n\n`);
  const sources = [
    ...s.sourceCases.map((n) => `- Casus: ${inlineText(n)}`),
    ...s.sourceSessions.map((n) => `- Sessie: ${inlineText(n)}`),
    ...s.sourceConclusions.map((n) => `- Conclusie: ${inlineText(n)}`),
  ];
  if (sources.length) out.push(`**Bronnen:**\n\n${sources.join("\n")}\n\n`);
  const name = s.name ? ` \u2014 ${inlineText(s.name)}` : "";
  out.push(`*Revisie ${s.revision}, ${known(standardStatusWord, s.status, 0)}${name}*\n\n`);
}

const kindOrder = [
  StandardKind.NO_GO,
  StandardKind.MUST_DO,
  StandardKind.RULE_OF_THUMB,
  StandardKind.GOOD_PRACTICE,
];

export function toMarkdown(header: Kompas, standards: Standard[]): string {
  const out: string[] = [`# Kompas ${inlineText(communityId(header.name))} \u2014 v${header.version}\n\n`];
  const date = utcDate(header);
  const publisher = inlineText(header.publisher);
  if (date || publisher) {
    out.push(`Gepubliceerd${date ? ` op ${date}` : ""}${publisher ? ` door ${publisher}` : ""}.\n\n`);
  }
  const notes = markdownBlock(header.releaseNotes);
  if (notes) out.push(`## Toelichting bij deze versie\n\n${notes}\n\n`);
  if (standards.length === 0) out.push("Deze versie bevat geen standaarden.\n\n");
  const kindOf = (s: Standard) => s.content?.kind ?? StandardKind.UNSPECIFIED;
  const sections: [string, Standard[]][] = kindOrder.map((k) => [
    standardKindHeading[k],
    standards.filter((s) => kindOf(s) === k),
  ]);
  sections.push([standardKindHeading[StandardKind.UNSPECIFIED], standards.filter((s) => !kindOrder.includes(kindOf(s)))]);
  for (const [heading, members] of sections) {
    if (members.length === 0) continue;
    out.push(`## ${heading}\n\n`);
    for (const s of members) appendStandard(s, out);
  }
  let doc = out.join("");
  while (doc.endsWith("\n\n")) doc = doc.slice(0, -1);
  return doc;
}

// ---- JSON: protobuf's C++ printer (original field names, enums by name,
// unset fields left out, one space of indent per level, HTML-safe escapes).

// The escapes of protobuf's JSON printer (util/internal/json_escaping.cc):
// control characters, '"', '\\', '<', '>', DEL and C1 controls, and a few
// invisible code points that are a hazard in JavaScript.
function escapeJsonString(text: string): string {
  let out = '"';
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    out += escapeCodePoint(cp) ?? c;
  }
  return `${out}"`;
}

const hex4 = (n: number) => `\\u${n.toString(16).padStart(4, "0")}`;
const shortEscapes: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\" };

function escapeCodePoint(cp: number): string | undefined {
  if (cp in shortEscapes) return shortEscapes[cp];
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x3c || cp === 0x3e) return hex4(cp);
  if (
    [0xfeff, 0xfff9, 0xfffa, 0xfffb, 0x00ad, 0x06dd, 0x070f, 0x17b4, 0x17b5].includes(cp) ||
    (cp >= 0x0600 && cp <= 0x0603) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x206a && cp <= 0x206f)
  ) {
    return hex4(cp);
  }
  if (cp === 0xe0001 || (cp >= 0x1d173 && cp <= 0x1d17a) || (cp >= 0xe0020 && cp <= 0xe007f)) {
    const v = cp - 0x10000;
    return hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff));
  }
  return undefined;
}

function printJson(value: JsonValue, indent: string): string {
  if (value === null) return "null";
  if (typeof value === "string") return escapeJsonString(value);
  if (typeof value !== "object") return String(value);
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + printJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${escapeJsonString(k)}: ${printJson(v, inner)}`).join(",\n")}\n${indent}}`;
}

export function toProtoJson(header: Kompas, standards: Standard[]): string {
  const kompas: Kompas = { ...header, standards };
  const json = toJson(KompasSchema, kompas, { useProtoFieldName: true });
  return `${printJson(json, "")}\n`;
}

// ---- CSV (RFC 4180; CRLF after every line) ----

function csvField(value: string): string {
  return /[,"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function enumName(schema: { values: { number: number; name: string }[] }, value: number): string {
  return schema.values.find((v) => v.number === value)?.name ?? String(value);
}

export function toCsv(standards: Standard[]): string {
  const eol = "\r\n";
  let out =
    "name,revision,status,kind,modality,title,statement,rationale,laws,themes,audiences," +
    `source_cases,source_sessions,source_conclusions${eol}`;
  for (const s of standards) {
    const c = s.content;
    const list = (values: string[]) => csvField(values.join("; "));
    const fields = [
      csvField(s.name),
      String(s.revision),
      csvField(enumName(StandardStatusSchema, s.status)),
      csvField(enumName(StandardKindSchema, c?.kind ?? 0)),
      csvField(enumName(ModalitySchema, c?.modality ?? 0)),
      csvField(c?.title ?? ""),
      csvField(c?.statement ?? ""),
      csvField(c?.rationale ?? ""),
      list(c?.laws ?? []),
      list(c?.themes ?? []),
      list((c?.audiences ?? []).map((a) => enumName(AudienceSchema, a))),
      list(s.sourceCases),
      list(s.sourceSessions),
      list(s.sourceConclusions),
    ];
    out += fields.join(",") + eol;
  }
  return out;
}
