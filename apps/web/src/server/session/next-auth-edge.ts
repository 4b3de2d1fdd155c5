// The edge of next-auth's route: only the endpoints Rotor's web app uses reach next-auth, and nothing
// next-auth says about a request it refuses reaches the client. Left alone, next-auth answers unknown
// actions with its own error text ("This action with HTTP POST is not supported by NextAuth.js") and
// some malformed requests with a thrown error (a 500).

/** The actions (first path segment) Rotor uses, per method; sign-in goes through the Credentials provider. */
const SERVED_ACTIONS: Record<string, readonly string[]> = {
  GET: ["session", "csrf", "providers", "signin", "signout", "error"],
  POST: ["signin", "callback", "signout", "session", "_log"],
};

/** Actions that take a provider id as the second segment: only `credentials` exists. */
const PROVIDER_ACTIONS = new Set(["signin", "callback"]);

export function isServedAuthAction(method: string, segments: readonly string[]): boolean {
  const [action, provider, ...rest] = segments;
  if (!action || rest.length > 0 || !SERVED_ACTIONS[method]?.includes(action)) return false;
  if (provider === undefined) return true;
  return PROVIDER_ACTIONS.has(action) && provider === "credentials";
}

export function authRefusal(status: 400 | 404): Response {
  const errorCode = status === 404 ? "AUTH_ACTION_NOT_FOUND" : "AUTH_REQUEST_REFUSED";
  const message = status === 404 ? "No such endpoint" : "Request refused";
  return Response.json({ error: { message, errorCode } }, { status });
}

/**
 * next-auth's own error answers (a 5xx, or a 4xx with its plain-text message) become a fixed 400. Its
 * structured answers pass: redirects, successes, and the JSON `{ url }` of a refused sign-in (401 with
 * `error=CredentialsSignin`, which the sign-in form reads). Rotor's callbacks never throw (a failing
 * rotation keeps the session), so a text error always means a request next-auth refused; it is logged.
 */
export async function withoutLibraryErrors(response: Response, describe: string): Promise<Response> {
  const json = response.headers.get("content-type")?.includes("application/json") ?? false;
  if (response.status < 400 || (response.status < 500 && json)) return response;
  console.error(`[auth] next-auth refused ${describe}: ${(await response.text()).slice(0, 200)}`);
  return authRefusal(400);
}
