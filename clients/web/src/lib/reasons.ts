// Dutch text for every reason kompasd can give: kompas.v1.ErrorReason for a
// refusal (its ErrorInfo metadata fill in the facts) and kompas.v1.FieldProblem
// for one field of a form (proto/kompas/v1/errors.proto). The server's English
// message is for engineers and never shown. tests/reasons.spec.ts fails when a
// reason has no Dutch text here: add one with every new value.
import { phaseWord } from "./phases";
import { CaseStatus, ReflectionKind } from "../gen/kompas/v1/case_pb";
import { Role } from "../gen/kompas/v1/community_pb";
import {
  caseStatusWord,
  reflectionKindWord,
  roleWord,
  standardStatusValues,
  standardStatusWord,
  wordOf,
} from "./words";

type Facts = Record<string, string>;
type Say = (f: Facts) => string;

const list = (v: string | undefined) => (v ?? "").split(",").filter(Boolean);
const joinOr = (words: string[]) =>
  words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} of ${words.at(-1)}`;

const caseStatus = (name: string) => wordOf(caseStatusWord, CaseStatus, name);
const standardStatus = (name: string) => wordOf(standardStatusWord, standardStatusValues, name);
const reflectionKind = (name: string) => wordOf(reflectionKindWord, ReflectionKind, name);
const role = (name: string) => wordOf(roleWord, Role, name);

const tryAgain = "Er ging iets mis. Je werk is niet verloren: probeer het zo opnieuw.";
const later = "Kompas is even niet bereikbaar. Probeer het over een minuut opnieuw.";
const notAllowed = "Dit mag je niet doen met jouw rol in deze leergemeenschap.";
const signInAgain = "Je bent niet (meer) aangemeld. Meld je opnieuw aan met je persoonlijke code.";

export const dutchReasons: Record<string, Say> = {
  // Generic reasons, one per status code.
  CANCELLED: () => "De opdracht is afgebroken. Probeer het opnieuw.",
  UNKNOWN: () => tryAgain,
  INVALID_ARGUMENT: () => "Niet alles is goed ingevuld. Kijk bij de gemarkeerde velden.",
  DEADLINE_EXCEEDED: () => "Dit duurde te lang. Probeer het opnieuw.",
  NOT_FOUND: () => "Dit bestaat niet (meer), of je hebt er geen toegang toe.",
  ALREADY_EXISTS: () => "Dit bestaat al.",
  PERMISSION_DENIED: () => notAllowed,
  RESOURCE_EXHAUSTED: () => "Even te veel tegelijk. Probeer het zo opnieuw.",
  FAILED_PRECONDITION: () => "Dat kan nu niet. Ververs de pagina en kijk hoe het er nu voor staat.",
  ABORTED: () => "Iemand anders was je net voor. Ververs de pagina en probeer het opnieuw.",
  OUT_OF_RANGE: () => "Die waarde valt buiten wat kan.",
  UNIMPLEMENTED: () => "Dit kan Kompas (nog) niet.",
  INTERNAL: () => tryAgain,
  UNAVAILABLE: () => later,
  DATA_LOSS: () => tryAgain,
  UNAUTHENTICATED: () => signInAgain,

  // The request itself.
  INVALID_FIELDS: () => "Niet alles is goed ingevuld. Kijk bij de gemarkeerde velden.",
  REQUEST_TOO_LARGE: () => "Dit is te veel tekst in één keer. Maak de tekst korter.",
  PII_DETECTED: () =>
    "Er staan nog persoonsgegevens in de tekst. Ze zijn gemarkeerd: vervang ze en probeer het opnieuw.",
  QUOTE_NOT_FOUND: () => "De gekozen woorden staan niet (meer) in de tekst. Kies ze opnieuw.",
  QUOTE_AMBIGUOUS: (f) =>
    `De gekozen woorden staan ${f.occurrences ? `${f.occurrences} keer` : "vaker"} in de tekst. Kies een langer stuk.`,
  ANCHOR_INVALID: () => "De gekozen plek in de tekst klopt niet meer. Kies de woorden opnieuw.",

  // Who is calling.
  TOKEN_MISSING: () => "Je bent niet aangemeld. Meld je aan met je persoonlijke code.",
  TOKEN_MALFORMED: () =>
    "Dit lijkt geen persoonlijke code van Kompas. Kopieer de hele code en probeer het opnieuw.",
  TOKEN_UNKNOWN: () =>
    "Deze code kennen we niet. Kopieer de hele code, of vraag een nieuwe aan bij je beheerder.",
  TOKEN_REVOKED: () => "Deze code is ingetrokken. Vraag een nieuwe aan bij je beheerder.",
  TOKEN_EXPIRED: (f) =>
    `Je code is verlopen${f.expire_date ? ` (op ${f.expire_date})` : ""}. Vraag een nieuwe aan bij je beheerder.`,
  CERTIFICATE_INVALID: () =>
    "Je certificaat hoort niet bij een deelnemer van Kompas. Meld je aan met je persoonlijke code.",
  WEB_SESSION_ENDED: () => "Je bent afgemeld, of je was een tijd niet actief. Meld je opnieuw aan.",
  CROSS_SITE_REFUSED: () =>
    "Dit verzoek kwam niet van de Kompas-pagina zelf en is geweigerd. Open Kompas opnieuw en probeer het daar.",

  // What the caller may do.
  ADMIN_REQUIRED: () => "Dit kan alleen een beheerder van Kompas.",
  ROLE_REQUIRED: (f) => {
    const roles = list(f.roles).map(role);
    return roles.length ? `Hiervoor heb je de rol ${joinOr(roles)} nodig.` : notAllowed;
  },
  NOT_A_MEMBER: () => "Je bent geen lid van deze leergemeenschap.",
  AUTHOR_ONLY: (f) =>
    f.action === "delete"
      ? "Alleen wie dit schreef, kan het verwijderen."
      : "Alleen wie dit schreef, kan het wijzigen.",
  FACILITATOR_ONLY: () => "Dit kan alleen de gespreksleider van de sessie.",
  OWN_MUNICIPALITY_ONLY: () => "Je kunt alleen het standpunt van je eigen gemeente vastleggen.",
  NO_ACCESS_RULE: () => notAllowed,

  // How much, how often.
  RATE_LIMITED: (f) => {
    const wait = f.retry_after_seconds ? `over ${f.retry_after_seconds} seconden` : "zo";
    return f.scope === "sign_in"
      ? `Te veel mislukte aanmeldpogingen. Probeer het ${wait} opnieuw.`
      : `Even te veel tegelijk. Probeer het ${wait} opnieuw.`;
  },
  TOO_MANY_WATCHES: () =>
    "Je volgt al te veel sessies tegelijk. Sluit een ander venster met een sessie en probeer het opnieuw.",
  SESSION_FULL: () =>
    "Deze sessie kan geen tekst meer bevatten. Maak je tekst korter, of ga verder in een nieuwe sessie.",
  SESSION_LIMIT: (f) =>
    f.what === "conclusions"
      ? "Deze sessie heeft het grootste aantal conclusies dat ze kan bewaren."
      : "Deze sessie heeft het grootste aantal geparkeerde vragen dat ze kan bewaren.",
  SERVER_STOPPING: () => "Kompas start even opnieuw op. De pagina maakt straks zelf weer verbinding.",
  WATCHER_BEHIND: () => "De verbinding liep achter. De pagina haalt alles opnieuw op.",
  AUDIT_UNAVAILABLE: () =>
    "Kompas kan op dit moment niet vastleggen wie wat leest, en laat daarom niets zien. Probeer het zo opnieuw.",
  STORAGE_FULL: () =>
    "De schijf van de Kompas-server is vol, dus je wijziging is niet bewaard. Lezen kan nog wel. Probeer het later opnieuw.",
  STORAGE_UNAVAILABLE: () =>
    "De Kompas-server kan op dit moment niets opslaan, dus je wijziging is misschien niet bewaard. Lezen kan nog wel. Kijk later of je wijziging er staat en probeer het anders opnieuw.",

  // Someone else was first.
  ETAG_MISMATCH: () =>
    "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en breng je wijziging opnieuw aan.",
  PHASE_MOVED: (f) =>
    `De sessie is intussen naar ${f.phase ? `de fase ${phaseWord(f.phase)}` : "een andere fase"} gegaan.`,
  REQUEST_ID_REUSED: () => "Dit verzoek is al eens verstuurd met andere inhoud. Ververs de pagina.",
  REQUEST_ID_CONSUMED: () => "Wat dit verzoek maakte, is intussen verwijderd. Ververs de pagina.",
  ALREADY_ENDORSED: () => "Je steunt deze standaard al.",
  ALREADY_EVALUATED: () => "Je hebt deze sessie al geëvalueerd. Dank je wel!",

  // The state of a case, session or standard.
  CASE_STATUS: (f) => {
    const now = f.status ? ` nu de casus ${caseStatus(f.status)} is` : " in de huidige status van de casus";
    const allowed = list(f.allowed).map(caseStatus);
    return `Dat kan niet${now}.${allowed.length ? ` Het kan als de casus ${joinOr(allowed)} is.` : ""}`;
  },
  CASE_SESSIONS: () =>
    "Deze casus is in een intervisie besproken en kan daarom niet weg. Archiveer hem in plaats daarvan.",
  PHASE: (f) => {
    const phase = f.phase_title || (f.phase ? phaseWord(f.phase) : "deze fase");
    if (f.accepted_kinds === undefined) return `Dat kan niet in de fase ${phase}.`;
    const kinds = list(f.accepted_kinds).map(reflectionKind);
    return kinds.length
      ? `In de fase ${phase} geef je alleen: ${joinOr(kinds)}.`
      : `In de fase ${phase} luister je: je inbreng komt later.`;
  },
  SESSION_STATE: () => "Deze sessie is gesloten; er kan niets meer bij.",
  SESSION_PARTICIPANT: () => "Doe eerst mee aan de sessie; daarna kun je dit doen.",
  PARKED_QUESTION_STATE: () => "Deze geparkeerde vraag is al beantwoord.",
  CONCLUSION: () => "Van deze conclusie is al een standaard gemaakt.",
  ENDORSEMENT: () => "Je steunde deze standaard niet, dus er is niets in te trekken.",
  QUORUM: (f) =>
    f.municipalities_needed
      ? `Er is nog steun nodig van ${f.municipalities_needed} ${f.municipalities_needed === "1" ? "gemeente" : "gemeenten"}${f.municipalities_required ? ` (${f.municipalities_endorsing ?? 0} van de ${f.municipalities_required})` : ""}.`
      : "Er is nog steun van meer gemeenten nodig.",
  STANDARD_STATUS: (f) => {
    const now = f.status ? ` nu de standaard ${standardStatus(f.status)} is` : "";
    const allowed = list(f.allowed).map(standardStatus);
    return `Dat kan niet${now}.${allowed.length ? ` Het kan als de standaard ${joinOr(allowed)} is.` : ""}`;
  },
  ERRATUM_STATE: () => "Over dit erratum is al besloten.",
  KOMPAS: (f) =>
    f.problem === "unchanged"
      ? "Er is niets veranderd sinds de laatste versie van het kompas."
      : "Er is nog geen vastgestelde standaard om in het kompas op te nemen.",
};

export function sentenceFor(reason: string, facts: Facts): string {
  return (dutchReasons[reason] ?? dutchReasons.INTERNAL)(facts);
}

// What is wrong with one field (FieldProblem), with the field's Dutch name
// and its limit when there is one.
export const dutchFieldProblems: Record<string, (name: string, limit: string) => string> = {
  INVALID_VALUE: (name) => `${name} klopt nog niet. Pas het aan en probeer het opnieuw.`,
  REQUIRED: (name) => `${name} is nog leeg: vul het in.`,
  TOO_MANY_BYTES: (name, limit) =>
    limit ? `${name} is te lang: maximaal ongeveer ${limit} tekens.` : `${name} is te lang.`,
  TOO_MANY_CHARACTERS: (name, limit) =>
    limit ? `${name} is te lang: maximaal ${limit} tekens.` : `${name} is te lang.`,
  TOO_MANY_ENTRIES: (name, limit) =>
    limit ? `${name}: te veel, maximaal ${limit}.` : `${name}: te veel. Haal er een paar weg.`,
  NOT_UTF8: (name) => `${name} bevat tekens die Kompas niet kan lezen. Typ de tekst opnieuw.`,
  CONTROL_CHARACTERS: (name) => `${name} moet één regel zijn, zonder speciale tekens.`,
  BAD_FORMAT: (name) =>
    `${name} heeft niet de goede vorm: gebruik kleine letters, cijfers en streepjes.`,
  DUPLICATE: (name) => `${name}: een waarde staat er twee keer in.`,
  PERSONAL_DATA: (name) => `${name} bevat nog persoonsgegevens: vervang de gemarkeerde woorden.`,
  POSSIBLE_IDENTIFIER: (name) =>
    `${name} noemt misschien een herkenbare school of praktijk: herschrijf het, of kies "ik weet het, laat staan".`,
};

export function fieldSentence(field: string, problem: string, limit: string): string {
  const say = dutchFieldProblems[problem] ?? dutchFieldProblems.INVALID_VALUE;
  return say(fieldName(field), limit);
}

// Field paths of the forms, in Dutch.
const fieldNames: Record<string, string> = {
  "case.title": "Titel",
  "case.situation": "Situatie",
  "case.question": "Vraag",
  "case.framing.task": "Taak",
  "case.framing.purpose": "Doel",
  "case.framing.necessary_data": "Noodzakelijke gegevens",
  "case.framing.legal_basis_and_proportionality": "Grondslag en proportionaliteit",
  "case.options": "Opties",
  "case.themes": "Thema's",
  "case.laws": "Wetten",
  "reflection.text": "Je inbreng",
  "reflection.kind": "Soort inbreng",
  // Standards, errata, the kompas and the register.
  "standard.content.title": "Titel",
  "standard.content.kind": "Soort",
  "standard.content.modality": "Hoe bindend",
  "standard.content.statement": "De standaard",
  "standard.content.rationale": "Waarom",
  "standard.content.laws": "Wetten",
  "standard.content.themes": "Thema's",
  "standard.content.audiences": "Voor wie",
  "standard.source_cases": "Casus",
  "change_note": "Wat je verandert",
  "reason": "De reden",
  "successor": "De nieuwe standaard",
  "erratum.description": "Wat er niet klopt",
  "corrected_content.statement": "De verbeterde standaard",
  "corrected_content.rationale": "Waarom",
  "release_notes": "Toelichting bij deze versie",
  "position.stance": "Standpunt",
  "position.explanation": "Uitleg",
  "position.review_on": "Opnieuw bekijken op",
};

// One entry of a list field is named by its number: "Thema 2", "Optie 1".
const entryNames: Record<string, string> = {
  "case.options": "Optie",
  "case.themes": "Thema",
  "case.laws": "Wet",
  "standard.content.laws": "Wet",
  "standard.content.themes": "Thema",
  "standard.content.audiences": "Doelgroep",
};

export function fieldName(field: string): string {
  const entry = /^(.*)\[(\d+)\]$/.exec(field);
  if (entry && entryNames[entry[1]]) return `${entryNames[entry[1]]} ${Number(entry[2]) + 1}`;
  return fieldNames[entry ? entry[1] : field] ?? "Dit veld";
}
