import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serializeOutput } from "./serialize-output.ts";

/** Both give the same bytes, or both throw the same error. */
function sameAsSuperjson(value: unknown): void {
  const outcome = (serialize: (value: unknown) => unknown) => {
    try {
      return JSON.stringify(serialize(value));
    } catch (error) {
      return `threw ${String(error)}`;
    }
  };
  expect(outcome(serializeOutput)).toBe(outcome((v) => superjson.serialize(v)));
}

class Point {
  constructor(readonly x: number) {}
}

describe("serializeOutput", () => {
  it("writes what superjson writes for the records procedures return", () => {
    const at = new Date(1_764_460_800_000);
    sameAsSuperjson({ accessToken: "a.b.c", refreshToken: "r", tokenType: "Bearer", accessTokenExpiresAt: at, refreshTokenExpiresAt: new Date(at) });
    sameAsSuperjson({ first: at, second: at });
    sameAsSuperjson({ ok: true, revokedSessions: 3 });
    sameAsSuperjson({ id: "x", email: "", tenantName: null, count: 0, ratio: 0.25 });
    sameAsSuperjson({});
  });

  it("leaves every value it does not fully describe to superjson", () => {
    const cases: unknown[] = [
      undefined,
      null,
      "text",
      5,
      new Date(0),
      [1, new Date(0)],
      { nested: { at: new Date(0) } },
      { list: [1] },
      { missing: undefined },
      { negativeZero: -0 },
      { nan: Number.NaN, inf: Number.POSITIVE_INFINITY },
      { invalid: new Date(Number.NaN) },
      { "dotted.key": new Date(0), "back\\slash": new Date(0) },
      { big: 5n },
      { point: new Point(1) },
      new Point(2),
      Object.create(null) as object,
      JSON.parse('{"__proto__": null, "a": 1}') as object,
      { [Symbol("s")]: 1, a: 1 },
      { set: new Set([1]), map: new Map([[1, 2]]) },
      { re: /x/ },
    ];
    for (const value of cases) sameAsSuperjson(value);
  });

  it("matches superjson on arbitrary records of the kinds it takes fast", () => {
    const leaf = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.double(), fc.integer(), fc.date({ noInvalidDate: false }), fc.constant(undefined));
    const record = fc.dictionary(fc.string({ maxLength: 6 }), leaf, { maxKeys: 8 });
    fc.assert(
      fc.property(record, (value) => {
        sameAsSuperjson(value);
      }),
      { numRuns: 2_000 },
    );
  });
});
