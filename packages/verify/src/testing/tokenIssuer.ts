// Test double of Rotor's issuing side: an ES256 key set served as a JWKS over real HTTP (keys can be
// rotated while it runs), a signer for Rotor-shaped access tokens with any claim overridden, and a toy
// revocation feed speaking Rotor's SSE protocol. Always call close().
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";

export const SUBJECT = {
  userId: "00000000-0000-4000-8000-000000000001",
  sessionId: "00000000-0000-4000-8000-000000000002",
  tenantId: "00000000-0000-4000-8000-000000000003",
};
export const ISSUER = "rotor";
export const AUDIENCE = "rotor-api";

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
}

export interface TokenIssuer {
  /** Where Rotor would be: JWKS at /.well-known/jwks.json, feed at /api/revocations/stream. */
  origin: string;
  jwksUrl: string;
  feedUrl: string;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  sign(claims?: Record<string, unknown>, header?: Record<string, unknown>, nowMs?: number): Promise<string>;
  /** Makes a new key the signing key and publishes only it. */
  rotate(): Promise<void>;
  /** The open feed connections' writers, newest last, and the Last-Event-ID each one was opened with. */
  feeds: Array<{ res: ServerResponse; lastEventId: string | undefined }>;
  /** What the feed answers to a request with this bearer credential. */
  feedCredential: string;
  /** Sessions (sid -> until) every new feed connection gets as its snapshot. */
  revoked: Map<string, number>;
  /** Sends one revocation on every open feed connection (and remembers it for later snapshots). */
  revoke(sessionId: string, until: number): void;
  /** Ends every open feed connection (the server keeps running). */
  dropFeeds(): void;
  close(): Promise<void>;
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  let key = await newKey("k1");
  let fetches = 0;
  const feeds: TokenIssuer["feeds"] = [];
  const revoked = new Map<string, number>();
  const event = (res: ServerResponse, sid: string, until: number) =>
    res.write(`event: revoked\nid: ${until}\ndata: ${JSON.stringify({ sid, until })}\n\n`);
  const server = createServer((req, res) => {
    if (req.url === "/.well-known/jwks.json") {
      fetches++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [key.publicJwk] }));
      return;
    }
    if (req.url === "/api/revocations/stream") {
      if (req.headers.authorization !== `Bearer ${issuer.feedCredential}`) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      const lastEventId = req.headers["last-event-id"] as string | undefined;
      feeds.push({ res, lastEventId });
      for (const [sid, until] of revoked) if (lastEventId === undefined || until > Number(lastEventId)) event(res, sid, until);
      res.write(`event: ready\ndata: {}\n\n`);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer: TokenIssuer = {
    origin,
    jwksUrl: `${origin}/.well-known/jwks.json`,
    feedUrl: `${origin}/api/revocations/stream`,
    jwksFetches: () => fetches,
    feeds,
    feedCredential: "test-credential",
    revoked,
    async sign(claims = {}, header = {}, nowMs = Date.now()) {
      const now = Math.floor(nowMs / 1000);
      return new SignJWT({ sid: SUBJECT.sessionId, tid: SUBJECT.tenantId, role: "USER", ...claims })
        .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "at+jwt", ...header })
        .setIssuer((claims.iss as string) ?? ISSUER)
        .setAudience((claims.aud as string) ?? AUDIENCE)
        .setSubject((claims.sub as string) ?? SUBJECT.userId)
        .setIssuedAt((claims.iat as number) ?? now)
        .setNotBefore((claims.nbf as number) ?? now)
        .setExpirationTime((claims.exp as number) ?? now + 900)
        .setJti((claims.jti as string) ?? crypto.randomUUID())
        .sign(key.privateKey);
    },
    async rotate() {
      key = await newKey(`k${Number(key.kid.slice(1)) + 1}`);
    },
    revoke(sessionId, until) {
      revoked.set(sessionId, until);
      for (const feed of feeds) if (!feed.res.writableEnded) event(feed.res, sessionId, until);
    },
    dropFeeds() {
      for (const feed of feeds) feed.res.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return issuer;
}
