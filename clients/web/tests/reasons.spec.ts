// Every refusal the server can give has Dutch text in the browser, checked
// over every value the generated code knows: a new value in
// proto/kompas/v1/errors.proto fails here until it has a sentence.
import { test, expect } from "@playwright/test";
import { ErrorReason, FieldProblem } from "../src/gen/kompas/v1/errors_pb";
import { dutchFieldProblems, dutchReasons, fieldSentence, sentenceFor } from "../src/lib/reasons";

function names(e: Record<string, string | number>): string[] {
  return Object.keys(e).filter((k) => Number.isNaN(Number(k)) && !k.endsWith("_UNSPECIFIED"));
}

test("every ErrorReason has a Dutch sentence", () => {
  const missing = names(ErrorReason).filter((r) => !(r in dutchReasons));
  expect(missing, "reasons without Dutch text in src/lib/reasons.ts").toEqual([]);
  const stale = Object.keys(dutchReasons).filter((r) => !(r in ErrorReason));
  expect(stale, "Dutch texts for reasons the server no longer has").toEqual([]);
  for (const r of names(ErrorReason)) {
    const sentence = sentenceFor(r, {});
    expect(sentence.length, r).toBeGreaterThan(10);
    expect(sentence, r).not.toMatch(/undefined|NaN|[{}]/);
  }
});

test("every FieldProblem has a Dutch sentence", () => {
  const missing = names(FieldProblem).filter((p) => !(p in dutchFieldProblems));
  expect(missing, "field problems without Dutch text").toEqual([]);
  for (const p of names(FieldProblem)) {
    expect(dutchFieldProblems[p]("Titel", "200"), p).toContain("Titel");
  }
});

test("the facts of a refusal fill in its sentence", () => {
  expect(
    sentenceFor("QUORUM", {
      municipalities_needed: "2",
      municipalities_required: "3",
      municipalities_endorsing: "1",
    }),
  ).toBe("Er is nog steun nodig van 2 gemeenten (1 van de 3).");
  expect(sentenceFor("PHASE", { phase: "CLARIFYING_QUESTIONS", accepted_kinds: "QUESTION" })).toBe(
    "In de fase Verhelderende vragen geef je alleen: vraag.",
  );
  expect(sentenceFor("PHASE", { phase: "ADVICE", accepted_kinds: "" })).toContain("luister");
  expect(sentenceFor("ROLE_REQUIRED", { roles: "STEWARD,FACILITATOR" })).toBe(
    "Hiervoor heb je de rol beheerder van het kompas of gespreksleider nodig.",
  );
  expect(sentenceFor("CASE_STATUS", { status: "CONCLUDED", allowed: "DRAFT,OPEN" })).toBe(
    "Dat kan niet nu de casus afgerond is. Het kan als de casus concept of gedeeld is.",
  );
  expect(fieldSentence("case.themes[1]", "BAD_FORMAT", "")).toBe(
    "Thema 2 heeft niet de goede vorm: gebruik kleine letters, cijfers en streepjes.",
  );
  expect(fieldSentence("case.title", "TOO_MANY_CHARACTERS", "200")).toBe(
    "Titel is te lang: maximaal 200 tekens.",
  );
  // A reason from a newer server still gets a Dutch sentence, never English.
  expect(sentenceFor("SOMETHING_NEW", {})).toContain("probeer het zo opnieuw");
});
