import { describe, expect, it } from "vitest";
import { EnvError } from "../env.ts";
import { parseRetentionEnv } from "./retention-env.ts";

describe("parseRetentionEnv", () => {
  it("has documented defaults", () => {
    expect(parseRetentionEnv({})).toEqual({
      sessionGraceSeconds: 86_400,
      auditRetentionDays: 90,
      alertRetentionDays: 365,
      batchSize: 1000,
      batchPauseMs: 20,
      intervalSeconds: 3600,
    });
  });

  it("refuses alerts kept shorter than audit rows, and nonsense, naming the variable", () => {
    expect(() => parseRetentionEnv({ AUDIT_RETENTION_DAYS: "30", ALERT_RETENTION_DAYS: "7" })).toThrow(/ALERT_RETENTION_DAYS/);
    expect(() => parseRetentionEnv({ RETENTION_BATCH_SIZE: "0" })).toThrow(EnvError);
    expect(() => parseRetentionEnv({ RETENTION_SESSION_GRACE: "soon" })).toThrow(/RETENTION_SESSION_GRACE/);
  });
});
