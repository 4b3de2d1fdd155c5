import { describe, expect, it } from "vitest";
import { parseAlertEnv } from "./alert-env.ts";

describe("parseAlertEnv", () => {
  it("has documented defaults and no webhook", () => {
    expect(parseAlertEnv({})).toMatchObject({
      ALERT_REFRESH_STORM_COUNT: 30,
      ALERT_REFRESH_STORM_WINDOW: 60,
      ALERT_BRUTE_FORCE_ACCOUNT_COUNT: 10,
      ALERT_BRUTE_FORCE_IP_COUNT: 20,
      ALERT_MANY_IPS_COUNT: 5,
      ALERT_MANY_IPS_WINDOW: 3600,
    });
    expect(parseAlertEnv({ ALERT_WEBHOOK_URL: "" }).ALERT_WEBHOOK_URL).toBeUndefined();
  });

  it("a webhook needs an http(s) URL and a 32+ character secret", () => {
    expect(() => parseAlertEnv({ ALERT_WEBHOOK_URL: "https://hooks.example.com/rotor" })).toThrow(/ALERT_WEBHOOK_SECRET/);
    expect(() => parseAlertEnv({ ALERT_WEBHOOK_URL: "file:///etc/passwd", ALERT_WEBHOOK_SECRET: "s".repeat(32) })).toThrow();
    expect(() => parseAlertEnv({ ALERT_WEBHOOK_URL: "https://h.example/x", ALERT_WEBHOOK_SECRET: "short" })).toThrow();
    expect(parseAlertEnv({ ALERT_WEBHOOK_URL: "https://h.example/x", ALERT_WEBHOOK_SECRET: "s".repeat(32) }).ALERT_WEBHOOK_SECRET).toHaveLength(32);
  });
});
