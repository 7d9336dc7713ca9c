// Annotations on the page: where their words are in a field's text (the
// server gives UTF-8 byte offsets), what a selection of words becomes, and
// the W3C Web Annotation JSON-LD a download holds (the same shape as
// `kompas annotations --format w3c`).
import { AnnotationService, Motivation, AnnotationState, type Annotation } from "../gen/kompas/v1/annotation_pb";
import { client } from "./api";
import { offsetMap } from "./privacy";
import { toDate } from "./format";
import { everyPage } from "./paging";

export interface Marked {
  text: string;
  // The numbers of the annotations on these words (empty: plain text).
  notes: number[];
}

// The field's text cut at the annotations' words; `numbers` gives each
// annotation the number shown in the margin.
export function markedText(text: string, notes: Annotation[], numbers: Map<string, number>): Marked[] {
  const at = offsetMap(text);
  const edges = new Set([0, text.length]);
  const ranges = notes.map((a) => {
    const start = at(a.position?.start ?? 0);
    const end = at(a.position?.end ?? 0);
    edges.add(start);
    edges.add(end);
    return { start, end, n: numbers.get(a.name) ?? 0 };
  });
  const cuts = [...edges].sort((a, b) => a - b);
  const parts: Marked[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    if (from >= to) continue;
    const on = ranges.filter((r) => r.start <= from && to <= r.end).map((r) => r.n);
    parts.push({ text: text.slice(from, to), notes: on });
  }
  return parts;
}

// What she selected inside one field's text: the words and a little context
// on either side, so the server can tell repeated words apart.
export interface Picked {
  target: string;
  field: string;
  exact: string;
  prefix: string;
  suffix: string;
}

export function pickedIn(selection: Selection | null): Picked | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const holder = (range.commonAncestorContainer instanceof Element
    ? range.commonAncestorContainer
    : range.commonAncestorContainer.parentElement
  )?.closest<HTMLElement>("[data-annotate-field]");
  if (!holder) return null;
  const before = document.createRange();
  before.selectNodeContents(holder);
  before.setEnd(range.startContainer, range.startOffset);
  const full = holder.dataset.annotateText ?? holder.textContent ?? "";
  const start = before.toString().length;
  const exact = range.toString();
  if (!exact.trim()) return null;
  return {
    target: holder.dataset.annotateTarget ?? "",
    field: holder.dataset.annotateField ?? "",
    exact,
    prefix: full.slice(Math.max(0, start - 32), start),
    suffix: full.slice(start + exact.length, start + exact.length + 32),
  };
}

const motivationWord: Record<Motivation, string> = {
  [Motivation.UNSPECIFIED]: "commenting",
  [Motivation.COMMENTING]: "commenting",
  [Motivation.QUESTIONING]: "questioning",
  [Motivation.HIGHLIGHTING]: "highlighting",
  [Motivation.LINKING]: "linking",
};

function textualBody(value: string, purpose: string) {
  return { type: "TextualBody", value, format: "text/plain", ...(purpose ? { purpose } : {}) };
}

export function w3c(a: Annotation): Record<string, unknown> {
  const body: unknown[] = [];
  if (a.body) body.push(textualBody(a.body, ""));
  for (const tag of a.tags) body.push(textualBody(tag, "tagging"));
  if (a.linkedStandard) body.push({ type: "SpecificResource", source: a.linkedStandard, purpose: "linking" });
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    id: a.name,
    motivation: motivationWord[a.motivation],
    creator: a.author,
    ...(a.createTime ? { created: toDate(a.createTime)!.toISOString() } : {}),
    ...(a.updateTime ? { modified: toDate(a.updateTime)!.toISOString() } : {}),
    body,
    target: {
      source: a.target,
      selector: [
        { type: "TextQuoteSelector", exact: a.quote?.exact ?? "", prefix: a.quote?.prefix ?? "", suffix: a.quote?.suffix ?? "" },
        { type: "TextPositionSelector", start: a.position?.start ?? 0, end: a.position?.end ?? 0 },
      ],
      "kompas:field": a.field,
      ...(a.state === AnnotationState.ORPHANED ? { "kompas:state": "orphaned" } : {}),
    },
  };
}

const service = client(AnnotationService);

// Every annotation on one case, reflection or standard (the server lists by
// target), oldest first.
export async function annotationsOn(community: string, target: string): Promise<Annotation[]> {
  return everyPage(async (pageToken) => {
    const page = await service.listAnnotations({ parent: community, target, pageSize: 200, pageToken });
    return { items: page.annotations, next: page.nextPageToken };
  });
}

export async function removeAnnotation(a: Annotation): Promise<void> {
  await service.deleteAnnotation({ name: a.name, etag: a.etag });
}

// The anchored annotations on one field of one target.
export function anchoredOn(notes: Annotation[], target: string, field: string): Annotation[] {
  return notes.filter((a) => a.target === target && a.field === field && a.state !== AnnotationState.ORPHANED);
}
