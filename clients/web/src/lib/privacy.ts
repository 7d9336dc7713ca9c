// The live privacy check: findings from CheckText carry UTF-8 byte offsets;
// the page works in JavaScript string (UTF-16) offsets. Nothing here stores
// or sends text anywhere but to CheckText, which stores nothing.
import type { TextFinding } from "../gen/kompas/v1/privacy_pb";
import { PiiSeverity } from "../gen/kompas/v1/privacy_pb";

export interface Span {
  start: number; // UTF-16 offset
  end: number;
  finding: TextFinding;
  // The words found, shown in the list of findings (never sent anywhere).
  quote: string;
  // Whether the writer chose "ik weet het, laat staan" for this warning.
  acknowledged: boolean;
}

// Byte offset → string offset for one text, walking it once.
export function offsetMap(text: string): (byte: number) => number {
  const byteAt: number[] = [];
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    byteAt.push(bytes);
    const c = text.codePointAt(i)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c >= 0x10000) {
      byteAt.push(bytes);
      i++;
    }
  }
  byteAt.push(bytes);
  return (byte) => {
    let lo = 0;
    let hi = byteAt.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byteAt[mid] < byte) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function spansOf(text: string, findings: TextFinding[], acknowledged: Set<string>): Span[] {
  const at = offsetMap(text);
  return findings
    .map((finding) => {
      const start = at(finding.start);
      const end = at(finding.end);
      const quote = text.slice(start, end);
      const warn = finding.severity === PiiSeverity.WARN;
      return { start, end, finding, quote, acknowledged: warn && acknowledged.has(quote) };
    })
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
}

export function isWarning(span: Span): boolean {
  return span.finding.severity === PiiSeverity.WARN;
}

// Spans that still stop the text from being saved as written.
export function open(spans: Span[]): Span[] {
  return spans.filter((s) => !s.acknowledged);
}

// The text cut into plain and marked pieces, for the highlight layer.
export interface Segment {
  text: string;
  span?: Span;
}

export function segmentsOf(text: string, spans: Span[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue; // overlapping findings: the first one wins
    if (span.start > at) out.push({ text: text.slice(at, span.start) });
    out.push({ text: text.slice(span.start, span.end), span });
    at = span.end;
  }
  out.push({ text: text.slice(at) });
  return out;
}

// The text with one span replaced; returns the new text.
export function replaceSpan(text: string, span: Span, replacement: string): string {
  return text.slice(0, span.start) + replacement + text.slice(span.end);
}
