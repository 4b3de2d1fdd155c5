import { describe, expect, it } from "vitest";
import { makeJwt } from "../testing/fakes.ts";
import { readJwtTimes } from "./jwt.ts";

describe("readJwtTimes", () => {
  it("reads iat and exp", () => {
    expect(readJwtTimes(makeJwt({ iat: 100, exp: 1000, jti: "x" }))).toEqual({ iat: 100, exp: 1000 });
  });

  it("returns nothing for tokens it can't read", () => {
    expect(readJwtTimes("opaque")).toEqual({});
    expect(readJwtTimes("a.!!!.c")).toEqual({});
    expect(readJwtTimes(`a.${Buffer.from('"str"').toString("base64url")}.c`)).toEqual({});
  });
});
