// Dutch words for the API's enums: one table each, used by every page.
import { CaseStatus, ReflectionKind } from "../gen/kompas/v1/case_pb";
import { PiiKind } from "../gen/kompas/v1/privacy_pb";
import { Role } from "../gen/kompas/v1/community_pb";
// Types only from standard.proto: its descriptors load with the standards
// pages, not with the first page, so its enums are written out by number here.
import type {
  Audience,
  ErratumState,
  Modality,
  Stance,
  StandardKind,
  StandardStatus,
} from "../gen/kompas/v1/standard_pb";

// The Dutch word for an enum value the server names without its prefix, as
// in an ErrorInfo's metadata ("OPEN", "QUESTION"): `wordOf(caseStatusWord,
// CaseStatus, "OPEN")` is "gedeeld". An unknown name stays as it came.
export function wordOf<E extends number>(
  words: Record<E, string>,
  values: Record<string, string | number>,
  name: string,
): string {
  const value = values[name];
  return typeof value === "number" ? words[value as E] : name.toLowerCase();
}

export const caseStatusWord: Record<CaseStatus, string> = {
  [CaseStatus.UNSPECIFIED]: "onbekend",
  [CaseStatus.DRAFT]: "concept",
  [CaseStatus.OPEN]: "gedeeld",
  [CaseStatus.IN_SESSION]: "in intervisie",
  [CaseStatus.CONCLUDED]: "afgerond",
  [CaseStatus.ARCHIVED]: "gearchiveerd",
};

// kompas.v1.StandardStatus by name, as an ErrorInfo names it ("ADOPTED").
export const standardStatusValues = {
  UNSPECIFIED: 0,
  DRAFT: 1,
  PROPOSED: 2,
  ADOPTED: 3,
  REJECTED: 4,
  RETIRED: 5,
  SUPERSEDED: 6,
} satisfies { [K in keyof typeof StandardStatus]: (typeof StandardStatus)[K] };

export const standardStatusWord: Record<StandardStatus, string> = {
  0: "onbekend",
  1: "concept",
  2: "voorgesteld",
  3: "vastgesteld",
  4: "afgewezen",
  5: "ingetrokken",
  6: "vervangen",
};

export const reflectionKindWord: Record<ReflectionKind, string> = {
  [ReflectionKind.UNSPECIFIED]: "inbreng",
  [ReflectionKind.QUESTION]: "vraag",
  [ReflectionKind.EXPERIENCE]: "ervaring",
  [ReflectionKind.CONSIDERATION]: "overweging",
  [ReflectionKind.ADVICE]: "advies",
  [ReflectionKind.CONCERN]: "zorg",
};

// What each kind of reflection is for, shown as the choice's hint.
export const reflectionKindHint: Record<ReflectionKind, string> = {
  [ReflectionKind.UNSPECIFIED]: "",
  [ReflectionKind.QUESTION]: "Een verhelderende vraag aan de schrijver.",
  [ReflectionKind.EXPERIENCE]: "\u201cIn mijn praktijk\u2026\u201d",
  [ReflectionKind.CONSIDERATION]: "Iets om mee te wegen.",
  [ReflectionKind.ADVICE]: "Wat jij zou doen.",
  [ReflectionKind.CONCERN]: "Een zorg over de casus of de aanpak.",
};

export const piiKindWord: Record<PiiKind, string> = {
  [PiiKind.UNSPECIFIED]: "persoonsgegeven",
  [PiiKind.PERSON]: "naam",
  [PiiKind.BSN]: "BSN",
  [PiiKind.ID_NUMBER]: "identificatienummer",
  [PiiKind.PHONE]: "telefoonnummer",
  [PiiKind.EMAIL]: "e-mailadres",
  [PiiKind.IBAN]: "rekeningnummer",
  [PiiKind.POSTCODE]: "postcode",
  [PiiKind.ADDRESS]: "adres",
  [PiiKind.DATE]: "datum",
  [PiiKind.LICENSE_PLATE]: "kenteken",
  [PiiKind.SOCIAL]: "website of account",
  [PiiKind.INSTITUTION]: "school of praktijk",
};

// The placeholder the server's REDACT mode writes for each kind
// (server/privacy/gate.cc), offered as "vervang door …".
export const piiPlaceholder: Record<PiiKind, string> = {
  [PiiKind.UNSPECIFIED]: "[GEGEVEN]",
  [PiiKind.PERSON]: "[NAAM]",
  [PiiKind.BSN]: "[BSN]",
  [PiiKind.ID_NUMBER]: "[ID]",
  [PiiKind.PHONE]: "[TELEFOON]",
  [PiiKind.EMAIL]: "[EMAIL]",
  [PiiKind.IBAN]: "[IBAN]",
  [PiiKind.POSTCODE]: "[POSTCODE]",
  [PiiKind.ADDRESS]: "[ADRES]",
  [PiiKind.DATE]: "[DATUM]",
  [PiiKind.LICENSE_PLATE]: "[KENTEKEN]",
  [PiiKind.SOCIAL]: "[ACCOUNT]",
  [PiiKind.INSTITUTION]: "[INSTELLING]",
};

export const roleWord: Record<Role, string> = {
  [Role.UNSPECIFIED]: "",
  [Role.PROFESSIONAL]: "professional",
  [Role.FACILITATOR]: "gespreksleider",
  [Role.PRIVACY_OFFICER]: "privacyfunctionaris",
  [Role.STEWARD]: "beheerder van het kompas",
  [Role.EXPORTER]: "export",
};

// What she does in a phase that accepts only one kind from her:
// "In de fase Verhelderende vragen stel je alleen vragen."
export const reflectionKindOnly: Record<ReflectionKind, string> = {
  [ReflectionKind.UNSPECIFIED]: "geef je inbreng",
  [ReflectionKind.QUESTION]: "stel je alleen vragen",
  [ReflectionKind.EXPERIENCE]: "vertel je alleen vanuit je ervaring",
  [ReflectionKind.CONSIDERATION]: "geef je alleen overwegingen",
  [ReflectionKind.ADVICE]: "geef je alleen adviezen",
  [ReflectionKind.CONCERN]: "noem je alleen zorgen",
};

// ---- Standards, the kompas and the register (volg of leg uit) ----
// (By number, as standardStatusWord above: 0 is each enum's UNSPECIFIED.)

export const standardKindWord: Record<StandardKind, string> = {
  0: "standaard",
  1: "no-go",
  2: "must-do",
  3: "vuistregel",
  4: "goede praktijk",
};

// Section headings of the kompas, in its order (as kompas-export writes them).
export const standardKindHeading: Record<StandardKind, string> = {
  0: "Overige",
  1: "No-go's",
  2: "Must-do's",
  3: "Vuistregels",
  4: "Goede praktijken",
};

// "Must not" is "mag niet": "moet niet" would read as "need not".
export const modalityWord: Record<Modality, string> = {
  0: "onbekend",
  1: "moet",
  2: "mag niet",
  3: "zou moeten",
  4: "mag",
};

// The four levels: richten, inrichten, sturen, uitvoeren.
export const audienceWord: Record<Audience, string> = {
  0: "onbekend",
  1: "A (richten)",
  2: "B (inrichten)",
  3: "C (sturen)",
  4: "D (uitvoeren)",
};

export const audienceHint: Record<Audience, string> = {
  0: "",
  1: "bestuurders en directie",
  2: "wie processen en systemen inricht",
  3: "teamleiders en managers",
  4: "professionals in de uitvoering",
};

export const stanceWord: Record<Stance, string> = {
  0: "nog geen standpunt",
  1: "volgt",
  2: "wijkt af",
  3: "niet van toepassing",
};

export const erratumStateWord: Record<ErratumState, string> = {
  0: "onbekend",
  1: "gemeld",
  2: "verwerkt",
  3: "afgewezen",
};
