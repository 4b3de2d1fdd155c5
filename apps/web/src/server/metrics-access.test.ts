import { describe, expect, it } from "vitest";
import { metricsAccess } from "./metrics-access";
import { PEER_ADDRESS_HEADER } from "./peer-address-header";

const from = (peer: string, extra: Record<string, string> = {}) => new Headers({ [PEER_ADDRESS_HEADER]: peer, ...extra });
const TOKEN = "t".repeat(40);

describe("metricsAccess", () => {
  it("without a token: loopback clients only", () => {
    expect(metricsAccess(from("127.0.0.1"), null)).toBe("allowed");
    expect(metricsAccess(from("::1"), null)).toBe("allowed");
    expect(metricsAccess(from("::ffff:127.0.0.1"), null)).toBe("allowed");
    expect(metricsAccess(from("10.0.0.5"), null)).toBe("FORBIDDEN");
    // A forwarded header from an untrusted peer changes nothing.
    expect(metricsAccess(from("10.0.0.5", { "x-forwarded-for": "127.0.0.1" }), null)).toBe("FORBIDDEN");
    expect(metricsAccess(new Headers(), null)).toBe("FORBIDDEN");
  });

  it("with a token: the bearer token from anywhere, nothing else (loopback included)", () => {
    expect(metricsAccess(from("10.0.0.5", { authorization: `Bearer ${TOKEN}` }), TOKEN)).toBe("allowed");
    expect(metricsAccess(from("127.0.0.1"), TOKEN)).toBe("UNAUTHORIZED");
    expect(metricsAccess(from("127.0.0.1", { authorization: `Bearer ${TOKEN}x` }), TOKEN)).toBe("UNAUTHORIZED");
    expect(metricsAccess(from("127.0.0.1", { authorization: "Bearer" }), TOKEN)).toBe("UNAUTHORIZED");
  });
});
