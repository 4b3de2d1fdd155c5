import { describe, expect, it } from "vitest";
import type { TrustProxy } from "../env";
import { clientIp } from "./client-ip";
import { PEER_ADDRESS_HEADER } from "./peer-address-header";

const headers = (peer: string | null, forwarded?: string) =>
  new Headers({ ...(peer ? { [PEER_ADDRESS_HEADER]: peer } : {}), ...(forwarded ? { "x-forwarded-for": forwarded } : {}) });

describe("clientIp", () => {
  it("is the socket address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientIp(headers("203.0.113.9", "1.2.3.4"), { kind: "none" })).toBe("203.0.113.9");
    expect(clientIp(headers("::ffff:203.0.113.9"), { kind: "none" })).toBe("203.0.113.9");
  });

  it("is unknown without the web host's peer header", () => {
    expect(clientIp(headers(null, "1.2.3.4"), { kind: "none" })).toBeNull();
    expect(clientIp(headers("not-an-ip"), { kind: "none" })).toBeNull();
  });

  it("skips exactly the declared number of hops from the right", () => {
    const h = headers("10.0.0.2", "6.6.6.6, 198.51.100.7");
    expect(clientIp(h, { kind: "hops", count: 1 })).toBe("198.51.100.7");
    expect(clientIp(h, { kind: "hops", count: 2 })).toBe("6.6.6.6");
    // More hops declared than present: the leftmost entry, never past it.
    expect(clientIp(h, { kind: "hops", count: 5 })).toBe("6.6.6.6");
  });

  it("skips only proxies in the declared ranges", () => {
    const trust: TrustProxy = { kind: "addresses", list: ["10.0.0.0/8", "loopback"] };
    expect(clientIp(headers("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.1.1"), trust)).toBe("198.51.100.7");
    // The peer itself is not a declared proxy: its X-Forwarded-For is ignored.
    expect(clientIp(headers("203.0.113.9", "1.2.3.4"), trust)).toBe("203.0.113.9");
    expect(clientIp(headers("127.0.0.1", "192.0.2.1"), trust)).toBe("192.0.2.1");
  });

  it("gives up on garbage a trusted proxy passed on", () => {
    expect(clientIp(headers("10.0.0.2", "evil"), { kind: "hops", count: 1 })).toBeNull();
  });
});
