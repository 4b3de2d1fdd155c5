// Test doubles: a fake auth server that issues real-looking JWT pairs, and a fake terminating
// link that authenticates each attempt from the headers refreshLink produced. No network, no timers.
import { TRPCClientError, createTRPCUntypedClient, type Operation, type TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable, type Observer } from "@trpc/server/observable";
import { authHeaders } from "../authHeaders.ts";
import type { AuthCode, TokenPair } from "../types.ts";

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function makeJwt(claims: { iat: number; exp: number; jti: string }): string {
  return `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: "user-1", ...claims })}.sig`;
}

/** A 401 exactly as tRPC v11's client builds it from the server's error response. */
export function authError(authCode: AuthCode, meta?: Record<string, unknown>): TRPCClientError<AnyRouter> {
  return TRPCClientError.from(
    {
      error: {
        message: authCode,
        code: -32001,
        data: { code: "UNAUTHORIZED", httpStatus: 401, authCode, path: "x" },
      },
    },
    meta ? { meta } : {},
  );
}

export function forbiddenError(): TRPCClientError<AnyRouter> {
  return TRPCClientError.from({
    error: { message: "FORBIDDEN", code: -32003, data: { code: "FORBIDDEN", httpStatus: 403, path: "x" } },
  });
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending microtask (and chained promise) run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Issues pairs on a server clock and decides, per access token, what an attempt gets. */
export class FakeAuthServer {
  private seq = 0;
  private readonly expired = new Set<string>();
  private readonly issuedTokens = new Set<string>();
  /** Server clock in ms; tests move it. */
  constructor(public serverNow: () => number = () => Date.now()) {}

  issue(ttlMs = 15 * 60_000): TokenPair {
    const now = this.serverNow();
    const iat = Math.floor(now / 1000);
    const exp = Math.floor((now + ttlMs) / 1000);
    const accessToken = makeJwt({ iat, exp, jti: `a${++this.seq}` });
    this.issuedTokens.add(accessToken);
    return {
      accessToken,
      refreshToken: `r${this.seq}`,
      tokenType: "Bearer",
      accessTokenExpiresAt: new Date(exp * 1000),
      refreshTokenExpiresAt: new Date(now + 30 * 24 * 3600_000),
    };
  }

  expire(token: string): void {
    this.expired.add(token);
  }

  check(token: string | undefined): AuthCode | null {
    if (!token || !this.issuedTokens.has(token)) return "TOKEN_INVALID";
    return this.expired.has(token) ? "TOKEN_EXPIRED" : null;
  }
}

export interface Attempt {
  op: Operation;
  token: string | undefined;
  observer: Observer<unknown, unknown>;
  unsubscribed: boolean;
}

export interface FakeLinkOptions {
  /** What an attempt gets: an auth code, "FORBIDDEN", or null to succeed. */
  decide: (token: string | undefined, op: Operation) => AuthCode | "FORBIDDEN" | null;
  /** Awaited before answering, to hold responses back. */
  gate?: (attempt: Attempt) => Promise<void> | undefined;
  /** When set, responses carry `meta.response` with this `Date` header. */
  date?: () => Date;
}

/** A terminating link that answers from `decide`. Subscriptions get `started` and then wait. */
export function fakeLink(options: FakeLinkOptions) {
  const attempts: Attempt[] = [];
  const link: TRPCLink<AnyRouter> = () => ({ op }) =>
    observable((observer) => {
      const header = authHeaders({ op }).Authorization;
      const attempt: Attempt = {
        op,
        token: header?.replace(/^Bearer /, ""),
        observer: observer as Observer<unknown, unknown>,
        unsubscribed: false,
      };
      attempts.push(attempt);
      void (async () => {
        await options.gate?.(attempt);
        if (attempt.unsubscribed) return;
        const meta = options.date
          ? { response: { headers: new Headers({ date: options.date().toUTCString() }) } }
          : undefined;
        const verdict = options.decide(attempt.token, op);
        if (verdict === "FORBIDDEN") return observer.error(forbiddenError());
        if (verdict) return observer.error(authError(verdict, meta));
        if (op.type === "subscription") {
          observer.next({ result: { type: "started" }, context: meta });
          return;
        }
        observer.next({ result: { type: "data", data: { path: op.path, token: attempt.token } }, context: meta });
        observer.complete();
      })();
      return () => {
        attempt.unsubscribed = true;
      };
    });
  return { link, attempts };
}

export function client(links: TRPCLink<AnyRouter>[]) {
  return createTRPCUntypedClient<AnyRouter>({ links });
}
