// The one way the app talks to kompasd: Connect over the same origin that
// served the page. The browser session is an HttpOnly cookie set by
// /auth/signin, so no token ever passes through this code after sign-in.
import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import type { DescService } from "@bufbuild/protobuf";
import { CaseService } from "../gen/kompas/v1/case_pb";
import { CommunityService } from "../gen/kompas/v1/community_pb";
import { PrivacyService } from "../gen/kompas/v1/privacy_pb";
import { SessionService } from "../gen/kompas/v1/session_pb";

// Told when kompasd no longer knows the browser's session (signed out
// elsewhere, idle too long), so the page can ask to sign in again without
// throwing away what is on screen.
let onSessionEnded: () => void = () => {};
export function whenSessionEnds(callback: () => void): void {
  onSessionEnded = callback;
}

function notice(e: unknown): never {
  if (ConnectError.from(e).code === Code.Unauthenticated) onSessionEnded();
  throw e;
}

// A stream's refusal arrives while its messages are read (a watch that
// outlived kompasd's restart), so the messages are watched too.
async function* noticeInStream<T>(messages: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* messages;
  } catch (e) {
    notice(e);
  }
}

const noticeSessionEnd: Interceptor = (next) => async (request) => {
  try {
    const response = await next(request);
    return response.stream ? { ...response, message: noticeInStream(response.message) } : response;
  } catch (e) {
    notice(e);
  }
};

const transport = createConnectTransport({
  baseUrl: window.location.origin,
  interceptors: [noticeSessionEnd],
  // Same-origin cookies; the Connect-Protocol-Version header that kompasd's
  // CSRF check asks for is sent on every call by the transport.
  fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
});

// The first page's services are below; a page of its own bundle makes the
// client for its services itself (`client(StandardService)`), so their
// descriptors load with that page only.
export function client<T extends DescService>(service: T): Client<T> {
  return createClient(service, transport);
}

export const cases = client(CaseService);
export const communities = client(CommunityService);
export const privacy = client(PrivacyService);
export const sessions = client(SessionService);


// Sign-in and sign-out are plain JSON posts next to the Connect routes: they
// set and clear the session cookie.
async function postAuth(path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "Connect-Protocol-Version": "1" },
    body: JSON.stringify(body),
  });
}

// With no token, kompasd signs in the member named by the browser's client
// certificate (HTTPS with --tls_client_ca only).
export async function signInWithToken(token?: string): Promise<Response> {
  return postAuth("/auth/signin", token ? { token } : {});
}

export async function signOut(): Promise<void> {
  await postAuth("/auth/signout", {});
}
