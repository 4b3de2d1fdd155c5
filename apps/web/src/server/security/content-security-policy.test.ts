import { describe, expect, it } from "vitest";
import { buildContentSecurityPolicy, createNonce } from "./content-security-policy";

describe("buildContentSecurityPolicy", () => {
  it("allows scripts only with the nonce and forbids framing in production", () => {
    const csp = buildContentSecurityPolicy({ nonce: "abc", dev: false, https: true });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
  });

  it("relaxes only what next dev needs", () => {
    const csp = buildContentSecurityPolicy({ nonce: "abc", dev: true, https: false });
    expect(csp).toContain("'unsafe-eval'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });
});

describe("createNonce", () => {
  it("is fresh each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
  });
});
