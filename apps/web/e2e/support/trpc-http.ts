// Raw tRPC calls over HTTP (superjson wire format), from a chosen loopback source address: every address
// in 127.0.0.0/8 is this machine, so a test can be several real clients (distinct socket addresses, no
// forwarded headers) against the one production server.
import { request } from "node:http";

export interface TrpcError {
  code: string;
  httpStatus: number;
  authCode: string | null;
  errorCode: string | null;
  retryAfterMs: number | null;
}

export interface TrpcAnswer<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data?: T;
  error?: TrpcError;
}

export interface TrpcCallOptions {
  /** Source address of the connection, e.g. 127.0.0.7. @default the system's choice (127.0.0.1) */
  from?: string;
  headers?: Record<string, string>;
}

/** `body` is sent exactly as given (so tests can send anything); `input` is wrapped for superjson. */
export function trpcCall<T>(
  baseUrl: string,
  method: "GET" | "POST",
  path: string,
  input: unknown,
  options: TrpcCallOptions = {},
): Promise<TrpcAnswer<T>> {
  const url = new URL(`/api/trpc/${path}`, baseUrl);
  const payload = input === undefined ? undefined : JSON.stringify({ json: input });
  if (method === "GET" && payload) url.searchParams.set("input", payload);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ...(options.from ? { localAddress: options.from } : {}),
        headers: { ...(method === "POST" ? { "content-type": "application/json" } : {}), ...options.headers },
        // A fresh connection per call, so the source address is really the one asked for.
        agent: false,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          try {
            const body = JSON.parse(text) as { result?: { data?: { json?: T } }; error?: { json?: { data?: TrpcError } } };
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              ...(body.result ? { data: body.result.data?.json as T } : {}),
              ...(body.error?.json?.data ? { error: body.error.json.data } : {}),
            });
          } catch (error) {
            reject(new Error(`not JSON (${res.statusCode}): ${text.slice(0, 200)}`, { cause: error }));
          }
        });
      },
    );
    req.on("error", reject);
    req.end(method === "POST" ? payload : undefined);
  });
}

export interface LoginAnswer {
  accessToken: string;
  refreshToken: string;
  deviceToken: string;
}

export const login = (baseUrl: string, input: { tenant: string; email: string; password: string; deviceToken?: string }, options?: TrpcCallOptions) =>
  trpcCall<LoginAnswer>(baseUrl, "POST", "auth.login", input, options);

export const refresh = (baseUrl: string, refreshToken: string, options?: TrpcCallOptions) =>
  trpcCall<{ accessToken: string; refreshToken: string }>(baseUrl, "POST", "auth.refresh", { refreshToken }, options);

export const me = (baseUrl: string, accessToken: string, options: TrpcCallOptions = {}) =>
  trpcCall<{ id: string; role: string; sessionId: string }>(baseUrl, "GET", "auth.me", undefined, {
    ...options,
    headers: { authorization: `Bearer ${accessToken}`, ...options.headers },
  });
