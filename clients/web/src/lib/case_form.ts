// The case form's fields, in the order of the stappenplan, with the hint
// each step gives; and the conversion between the form and the API's Case.
import type { Case } from "../gen/kompas/v1/case_pb";

export interface CaseForm {
  title: string;
  task: string;
  purpose: string;
  necessaryData: string;
  legalBasis: string;
  situation: string;
  question: string;
  options: string[];
  themes: string;
  laws: string;
}

export type TextKey = Exclude<keyof CaseForm, "options" | "themes" | "laws">;

export interface TextField {
  key: TextKey;
  // The request field path the server names in its errors.
  path: string;
  label: string;
  hint: string;
  rows: number;
}

// The four steps: why data is processed and whether that is justified.
export const steps: TextField[] = [
  {
    key: "task",
    path: "case.framing.task",
    label: "Stap 1 · Taak",
    hint: "Begin bij je taak, niet bij de vraag of het mag. Welke wettelijke taak of welk werk is dit: Wmo, Jeugdwet, Participatiewet, schuldhulp, leerplicht…?",
    rows: 3,
  },
  {
    key: "purpose",
    path: "case.framing.purpose",
    label: "Stap 2 · Doel",
    hint: "Waarvoor wil je de gegevens gebruiken? Noem het doel zo concreet mogelijk.",
    rows: 3,
  },
  {
    key: "necessaryData",
    path: "case.framing.necessary_data",
    label: "Stap 3 · Noodzakelijke gegevens",
    hint: "Welke gegevens heb je voor dat doel echt nodig, en welke niet?",
    rows: 3,
  },
  {
    key: "legalBasis",
    path: "case.framing.legal_basis_and_proportionality",
    label: "Stap 4 · Grondslag en proportionaliteit",
    hint: "Op welke grondslag mag het? Staat het in verhouding tot het doel, en kan het ook met minder gegevens?",
    rows: 3,
  },
];

export const story: TextField[] = [
  {
    key: "situation",
    path: "case.situation",
    label: "Situatie",
    hint: "Vertel wat er speelt, zonder namen, adressen of andere details waaraan iemand te herkennen is.",
    rows: 6,
  },
  {
    key: "question",
    path: "case.question",
    label: "Vraag",
    hint: "Wat is je dilemma? Schrijf het op als vraag.",
    rows: 2,
  },
];

// The words she files the case under, separated by commas.
export interface FilingField {
  key: "themes" | "laws";
  // The request field path the server names in its errors.
  path: string;
  label: string;
  hint: string;
}

export const filing: FilingField[] = [
  { key: "themes", path: "case.themes", label: "Thema's", hint: "Gescheiden door komma's, bijv. toestemming, pettenvraagstuk." },
  { key: "laws", path: "case.laws", label: "Wetten", hint: "Gescheiden door komma's, bijv. Jeugdwet, AVG." },
];

// Every field UpdateCase changes when the form is saved.
export const formMask = [
  "title",
  "situation",
  "question",
  "framing.task",
  "framing.purpose",
  "framing.necessary_data",
  "framing.legal_basis_and_proportionality",
  "options",
  "themes",
  "laws",
];

export function emptyForm(): CaseForm {
  return {
    title: "",
    task: "",
    purpose: "",
    necessaryData: "",
    legalBasis: "",
    situation: "",
    question: "",
    options: [""],
    themes: "",
    laws: "",
  };
}

export function formOf(c: Case): CaseForm {
  return {
    title: c.title,
    task: c.framing?.task ?? "",
    purpose: c.framing?.purpose ?? "",
    necessaryData: c.framing?.necessaryData ?? "",
    legalBasis: c.framing?.legalBasisAndProportionality ?? "",
    situation: c.situation,
    question: c.question,
    options: c.options.length ? [...c.options] : [""],
    themes: c.themes.join(", "),
    laws: c.laws.join(", "),
  };
}

const listOf = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function caseOf(form: CaseForm) {
  return {
    title: form.title.trim(),
    situation: form.situation,
    question: form.question,
    framing: {
      task: form.task,
      purpose: form.purpose,
      necessaryData: form.necessaryData,
      legalBasisAndProportionality: form.legalBasis,
    },
    options: form.options.map((o) => o.trim()).filter(Boolean),
    themes: listOf(form.themes).map((t) => t.toLowerCase()),
    laws: listOf(form.laws),
  };
}

// Which form fields differ between two versions (for a conflict).
export function differences(a: CaseForm, b: CaseForm): (keyof CaseForm)[] {
  return (Object.keys(a) as (keyof CaseForm)[]).filter(
    (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}

export const labels: Record<keyof CaseForm, string> = {
  title: "Titel",
  task: "Taak",
  purpose: "Doel",
  necessaryData: "Noodzakelijke gegevens",
  legalBasis: "Grondslag en proportionaliteit",
  situation: "Situatie",
  question: "Vraag",
  options: "Opties",
  themes: "Thema's",
  laws: "Wetten",
};
