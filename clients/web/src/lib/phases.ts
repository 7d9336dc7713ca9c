// Dutch names of the session phases (the method templates' phase ids).
const phases: Record<string, string> = {
  INTAKE: "Inbreng",
  CLARIFYING_QUESTIONS: "Verhelderende vragen",
  ANALYSIS: "Analyse",
  ADVICE: "Advies",
  CONCLUSION: "Conclusie",
  EVALUATION: "Evaluatie",
  PRESENTATION: "Presentatie",
  ASSOCIATIONS: "Associaties",
  QUESTIONS: "Vragen",
  FACTS: "Feiten",
  MORAL_QUESTION: "Morele vraag",
  PERSPECTIVES: "Perspectieven",
  VALUES_AND_NORMS: "Waarden en normen",
  OPTIONS: "Handelingsopties",
  CHOICE: "Keuze",
  FOLLOW_UP: "Vervolg",
  OWNER_RESPONSE: "Reactie van de inbrenger",
  CLOSING: "Afsluiting",
};

export function phaseWord(id: string): string {
  return phases[id.toUpperCase()] ?? id.toLowerCase().replaceAll("_", " ");
}
