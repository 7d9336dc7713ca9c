// Follows one intervisie session live: WatchSession over Connect streaming,
// resumed after a network drop or a kompasd restart from the last event it
// applied, so every event is shown exactly once.
import { sessions } from "./api";
import type { Reflection } from "../gen/kompas/v1/case_pb";
import {
  SessionState,
  type Session,
  type SessionEvent,
} from "../gen/kompas/v1/session_pb";

export interface Live {
  session: Session;
  // Reflections posted in the session, in event order.
  reflections: Reflection[];
  // The last event applied: a resumed watch asks for what comes after it.
  lastSequence: bigint;
}

// Applies one event to the live view (events at or below lastSequence were
// applied already and are ignored).
export function apply(live: Live, event: SessionEvent): void {
  if (event.sequence <= live.lastSequence) return;
  live.lastSequence = event.sequence;
  const s = live.session;
  const change = event.change;
  switch (change.case) {
    case "phaseChanged":
      s.phase = change.value.to;
      break;
    case "participantJoined":
      if (!s.participants.includes(change.value)) s.participants.push(change.value);
      break;
    case "reflection":
      live.reflections.push(change.value);
      break;
    case "questionParked":
    case "questionAnswered": {
      const at = s.parkedQuestions.findIndex((q) => q.name === change.value.name);
      if (at >= 0) s.parkedQuestions[at] = change.value;
      else s.parkedQuestions.push(change.value);
      break;
    }
    case "conclusionAdded":
      if (!s.conclusions.some((c) => c.id === change.value.id)) s.conclusions.push(change.value);
      break;
    case "closed":
      s.state = SessionState.CLOSED;
      break;
  }
}

export type Connection = "verbonden" | "verbinden" | "verbroken";

// Watches until `signal` aborts. The first connection replays every event
// (so the reflections of the session are shown); later ones resume.
export async function follow(
  name: string,
  live: () => Live | null,
  start: (session: Session) => void,
  onEvent: (event: SessionEvent) => void,
  onConnection: (state: Connection) => void,
  signal: AbortSignal,
): Promise<void> {
  let wait = 500;
  while (!signal.aborted) {
    onConnection("verbinden");
    try {
      const after = live()?.lastSequence ?? 0n;
      for await (const message of sessions.watchSession({ name, afterSequence: after }, { signal })) {
        onConnection("verbonden");
        wait = 500;
        if (message.update.case === "session" && !live()) start(message.update.value);
        if (message.update.case === "event") onEvent(message.update.value);
      }
    } catch {
      if (signal.aborted) return;
    }
    if (live()?.session.state === SessionState.CLOSED) return;
    onConnection("verbroken");
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 8000);
  }
}
