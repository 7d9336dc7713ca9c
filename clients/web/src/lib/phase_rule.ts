// The sentence above a session's composer: what the current phase lets her
// post and why the rest is closed, in the words of the method.
import { ReflectionKind } from "../gen/kompas/v1/case_pb";
import type { Phase } from "../gen/kompas/v1/session_pb";
import { reflectionKindOnly, reflectionKindWord } from "./words";

const allKinds = [
  ReflectionKind.QUESTION,
  ReflectionKind.EXPERIENCE,
  ReflectionKind.CONSIDERATION,
  ReflectionKind.ADVICE,
  ReflectionKind.CONCERN,
];

function list(words: string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} en ${words.at(-1)}`;
}

export function phaseRule(phase: Phase, kinds: ReflectionKind[], isOwner: boolean): string {
  const who = isOwner ? " als inbrenger" : "";
  if (kinds.length === 0) return `In de fase ${phase.title} luister je${who}.`;
  if (kinds.length === 1) return `In de fase ${phase.title} ${reflectionKindOnly[kinds[0]]}.`;
  const closed = allKinds.filter((k) => !kinds.includes(k));
  if (closed.length === 0) return "";
  return (
    `In de fase ${phase.title} kies je${who} uit ${list(kinds.map((k) => reflectionKindWord[k]))}; ` +
    `${list(closed.map((k) => reflectionKindWord[k]))} komt in een andere fase.`
  );
}
