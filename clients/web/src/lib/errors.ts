// Turns a refusal from kompasd into Dutch for the page: one sentence for the
// whole refusal (from its ErrorInfo reason and facts, see reasons.ts), one
// per form field (from its BadRequest field violations), and the privacy
// findings when the PII gate refused the text. The server's English message
// and the gRPC code are never shown.
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema } from "../gen/google/rpc/error_details_pb";
import { PrivacyFindingsSchema, type TextFinding } from "../gen/kompas/v1/privacy_pb";
import { ErrorReason } from "../gen/kompas/v1/errors_pb";
import { sentenceFor, fieldSentence } from "./reasons";

export interface Refusal {
  reason: string;
  facts: Record<string, string>;
  // What went wrong and what to do, in Dutch.
  sentence: string;
  // Request field path (e.g. "case.title") → Dutch sentence for that field.
  fields: Map<string, string>;
  findings: TextFinding[];
}

// The refusal's sentence for a field, or for any entry of a list field
// ("case.themes" also finds "case.themes[2]"); `alias` is one more field
// name that counts as the same field. "" when there is none.
export function fieldErrorOf(refusal: Refusal | null, path: string, alias?: string): string {
  if (!refusal) return "";
  for (const [field, sentence] of refusal.fields) {
    if (field === path || field.startsWith(`${path}[`) || field === alias) return sentence;
  }
  return "";
}

export function explain(error: unknown): Refusal {
  const e = ConnectError.from(error);
  const info = e.findDetails(ErrorInfoSchema)[0];
  const reason = info?.reason ?? fallbackReason(e.code);
  const facts: Record<string, string> = { ...(info?.metadata ?? {}) };
  // `limits` runs aligned with the violations, in the BadRequest's order.
  const limits = (facts.limits ?? "").split(",");
  const fields = new Map<string, string>();
  let i = 0;
  for (const bad of e.findDetails(BadRequestSchema)) {
    for (const v of bad.fieldViolations) {
      if (!fields.has(v.field)) fields.set(v.field, fieldSentence(v.field, v.reason, limits[i] ?? ""));
      i++;
    }
  }
  const findings = e.findDetails(PrivacyFindingsSchema).flatMap((f) => f.findings);
  return { reason, facts, sentence: sentenceFor(reason, facts), fields, findings };
}

// A refusal without an ErrorInfo (a network failure, an older server): the
// generic reason of its code (ErrorReason numbers 1-16 are the codes).
function fallbackReason(code: Code): string {
  return ErrorReason[code] ?? "INTERNAL";
}

export function isUnauthenticated(error: unknown): boolean {
  return ConnectError.from(error).code === Code.Unauthenticated;
}

// Why a page could not load what its address names: `missing` when the server
// says it is not there (a mistyped or stale address is "not found" to her,
// whatever the server's reason: an id of the wrong shape is INVALID_FIELDS),
// else the refusal's own sentence.
export function loadFailure(error: unknown, missing: string): string {
  const r = explain(error);
  return ["NOT_FOUND", "INVALID_FIELDS", "INVALID_ARGUMENT"].includes(r.reason) ? missing : r.sentence;
}
