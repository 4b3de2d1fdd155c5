// The caller's IP for sessions, audit rows and rate limits. The socket address (handed over by the web
// host in PEER_ADDRESS_HEADER, which no client can set) is the client, unless the operator declared the
// peer a proxy (TRUST_PROXY). Only then is X-Forwarded-For read, from the right, skipping trusted hops:
// the first address not trusted is the client. Entries left of it are whatever the client claimed.
import { isIP } from "node:net";
import proxyaddr from "proxy-addr";
import { readTrustProxy, type TrustProxy } from "../env";
import { PEER_ADDRESS_HEADER } from "./peer-address-header";

type TrustFn = (address: string, hop: number) => boolean;

function compileTrust(trust: TrustProxy): TrustFn {
  switch (trust.kind) {
    case "none":
      return () => false;
    case "hops":
      return (_address, hop) => hop < trust.count;
    case "addresses":
      return proxyaddr.compile(trust.list);
  }
}

let cached: { trust: TrustProxy; fn: TrustFn } | undefined;
function defaultTrust(): TrustFn {
  cached ??= (() => {
    const trust = readTrustProxy();
    return { trust, fn: compileTrust(trust) };
  })();
  return cached.fn;
}

/** `::ffff:1.2.3.4` and `1.2.3.4` are the same client. */
function normalise(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client's address, or null when it cannot be known (no web host in front, or a trusted proxy
 * forwarded something that is not an IP address).
 */
export function clientIp(headers: Headers, trust: TrustProxy | TrustFn = defaultTrust()): string | null {
  const peer = headers.get(PEER_ADDRESS_HEADER)?.trim();
  if (!peer || !isIP(normalise(peer))) return null;
  const isTrusted = typeof trust === "function" ? trust : compileTrust(trust);
  // Nearest first: the socket, then X-Forwarded-For from its right end.
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .reverse();
  const chain = [normalise(peer), ...forwarded.map(normalise)];
  for (let hop = 0; hop < chain.length; hop++) {
    const address = chain[hop]!;
    if (hop > 0 && !isIP(address)) return null;
    if (hop === chain.length - 1 || !isTrusted(address, hop)) return address;
  }
  return null;
}
