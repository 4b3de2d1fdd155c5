import type { Operation } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { authHeaders } from "./authHeaders.ts";

const op = (context: Record<string, unknown>): Operation => ({
  id: 1,
  type: "query",
  path: "p",
  input: undefined,
  context,
  signal: null,
});

describe("authHeaders", () => {
  it("reads the token refreshLink put on the op", () => {
    expect(authHeaders({ op: op({ authorization: "Bearer a", authGeneration: 0 }) })).toEqual({
      Authorization: "Bearer a",
    });
  });

  it("returns no header for an op without a token", () => {
    expect(authHeaders({ op: op({}) })).toEqual({});
    expect(authHeaders({ op: op({ authorization: undefined }) })).toEqual({});
  });

  it("uses the newest token of a batch", () => {
    const opList = [
      op({ authorization: "Bearer old", authGeneration: 1 }),
      op({ authorization: "Bearer new", authGeneration: 2 }),
      op({}),
      op({ authorization: "Bearer old", authGeneration: 1 }),
    ];
    expect(authHeaders({ opList })).toEqual({ Authorization: "Bearer new" });
  });
});
