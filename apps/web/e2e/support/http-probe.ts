// Small HTTP helpers for e2e tests that talk to the server without a browser: raw requests (any method,
// any header, from any loopback source address), a web-session sign-in through next-auth's own endpoints,
// and the stable error shape every /api/trpc error body must have.
import { request, type Agent } from "node:http";
import { DEMO_CREDENTIALS, type DemoCredential } from "@rotor/db";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Source address of the connection, e.g. 127.0.0.5 (any 127/8 address works on Linux). */
  localAddress?: string;
  /** Keep-alive connections from this agent instead of a connection of its own. */
  agent?: Agent;
}

/** One request over its own connection (or the agent's); resolves with whatever the server answered, even early. */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const url = new URL(options.path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: options.path,
        method: options.method ?? "GET",
        headers: { ...(options.agent ? {} : { connection: "close" }), ...options.headers },
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        agent: options.agent ?? false,
        // Next's trailing-slash redirect echoes the whole (fuzzed, long) URL in Location: read it anyway.
        maxHeaderSize: 1024 * 1024,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    // A request the server never answers fails instead of stalling the test (a safety net only).
    req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
    // The server may answer (413) and close before the whole body is sent: that is not a failure here.
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    req.end(options.body);
  });
}

export interface TrpcErrorEnvelope {
  error: { json: { message: string; code: number; data: { code: string; httpStatus: number; errorCode: string; authCode: string | null; retryAfterMs: number | null } } };
}

/** The error of a non-batched call (or the first of a batch). */
export function trpcError(body: string): TrpcErrorEnvelope["error"]["json"] {
  const parsed = JSON.parse(body) as TrpcErrorEnvelope | TrpcErrorEnvelope[];
  return (Array.isArray(parsed) ? parsed[0]! : parsed).error.json;
}

export const jsonPost = (path: string, input: unknown, headers: Record<string, string> = {}): RawRequest => ({
  method: "POST",
  path,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({ json: input }),
});

/** Signs in through next-auth's CSRF + credentials endpoints; returns the Cookie header of the web session. */
export async function webSessionCookie(baseUrl: string, who: DemoCredential = DEMO_CREDENTIALS.acmeUser): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const signIn = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, tenant: who.tenant, email: who.email, password: who.password, json: "true" }),
  });
  const session = signIn.headers.getSetCookie().find((c) => c.includes("session-token"));
  if (!session) throw new Error(`web sign-in failed: ${signIn.status}`);
  return session.split(";")[0]!;
}
