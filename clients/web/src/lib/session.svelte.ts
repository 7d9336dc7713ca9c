// Who is signed in. The truth is kompasd's cookie session; this is what the
// page knows of it, refreshed with GetCaller at start-up and after sign-in.
import type { Caller, Membership, Role } from "../gen/kompas/v1/community_pb";
import { communities, signInWithToken, signOut as postSignOut, whenSessionEnds } from "./api";
import { isUnauthenticated } from "./errors";

export const me = $state<{ caller: Caller | null; checked: boolean; expired: boolean }>({
  caller: null,
  checked: false,
  // Signed in before, but kompasd ended the session: the page stays as it
  // is (with whatever she was writing) and asks her to sign in again.
  expired: false,
});

whenSessionEnds(() => {
  if (me.caller) me.expired = true;
});

// The community the pages work in: the caller's first (most members have one).
export function membership(): Membership | undefined {
  return me.caller?.memberships[0];
}

// Whether she holds a role in that community: pages offer only the buttons
// her roles may use (the server still decides every call).
export function hasRole(role: Role): boolean {
  return membership()?.roles.includes(role) ?? false;
}

export function community(): string {
  return membership()?.community ?? "";
}

export async function refresh(): Promise<void> {
  try {
    me.caller = await communities.getCaller({});
  } catch (e) {
    if (!isUnauthenticated(e)) throw e;
    me.caller = null;
  } finally {
    me.checked = true;
  }
}

// Returns an error sentence in Dutch, or "" when signed in. Without a token
// the browser's client certificate is used.
export async function signIn(token?: string): Promise<string> {
  let response: Response;
  try {
    response = await signInWithToken(token?.trim());
  } catch {
    return "Kompas is even niet bereikbaar. Controleer je verbinding en probeer het opnieuw.";
  }
  if (response.status === 401 || response.status === 400) {
    return token
      ? "Deze code kennen we niet. Controleer of je hem helemaal hebt gekopieerd, of vraag een nieuwe aan bij je beheerder."
      : "Je browser gaf geen certificaat van Kompas mee. Meld je aan met je persoonlijke code.";
  }
  if (response.status === 429) {
    return "Te veel pogingen. Wacht een minuut en probeer het dan opnieuw.";
  }
  if (!response.ok) {
    return "Aanmelden lukt nu niet. Probeer het over een minuut opnieuw.";
  }
  const before = me.caller?.memberId;
  await refresh();
  if (!me.caller) return "Aanmelden lukt nu niet. Probeer het over een minuut opnieuw.";
  // Signing in again as someone else does not keep the page of the first.
  if (before && before !== me.caller.memberId) window.location.assign("/");
  me.expired = false;
  return "";
}

export async function signOut(): Promise<void> {
  await postSignOut();
  me.caller = null;
  me.expired = false;
}
