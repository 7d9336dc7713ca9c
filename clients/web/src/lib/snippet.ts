// A search snippet cut into plain and matched parts: the server marks the
// words that matched by UTF-8 byte ranges; the page shows them as <mark>.
import type { Highlight } from "../gen/kompas/v1/search_pb";
import { offsetMap } from "./privacy";

export interface Part {
  text: string;
  hit: boolean;
}

export function partsOf(snippet: string, highlights: Highlight[]): Part[] {
  const at = offsetMap(snippet);
  const parts: Part[] = [];
  let from = 0;
  for (const h of [...highlights].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at(h.start), from);
    const end = at(h.end);
    if (end <= start) continue;
    if (start > from) parts.push({ text: snippet.slice(from, start), hit: false });
    parts.push({ text: snippet.slice(start, end), hit: true });
    from = end;
  }
  if (from < snippet.length) parts.push({ text: snippet.slice(from), hit: false });
  return parts;
}
