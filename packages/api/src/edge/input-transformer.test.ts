import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { assertSafeSuperjsonInput } from "./input-transformer.ts";

const refused = (input: unknown) => {
  try {
    assertSafeSuperjsonInput(input);
    return null;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("assertSafeSuperjsonInput", () => {
  it("accepts what superjson's client produces for Rotor's inputs", () => {
    for (const value of [undefined, { a: 1 }, { a: undefined, b: { c: new Date(0) } }, [1, undefined, { d: Number.NaN }], 5n]) {
      expect(refused(superjson.serialize(value))).toBeNull();
    }
    expect(refused({ json: { a: 1 } })).toBeNull();
    expect(refused("plain")).toBeNull();
  });

  it.each([
    ["class annotation", { json: {}, meta: { values: { a: ["class", "Nope"] } } }],
    ["custom annotation", { json: {}, meta: { values: ["custom", "x"] } }],
    ["map", { json: { m: [] }, meta: { values: { m: ["map"] } } }],
    ["referential equalities", { json: {}, meta: { referentialEqualities: { a: ["b"] } } }],
    ["non-object meta", { json: {}, meta: "x" }],
    ["bad node", { json: {}, meta: { values: { a: "Date" } } }],
    ["nested record without annotation", { json: {}, meta: { values: { a: { b: ["Date"] } } } }],
    ["unknown key", { json: {}, meta: { values: {}, extra: 1 } }],
  ])("refuses %s", (_name, input) => {
    expect(refused(input)).toBe("INVALID_TRANSFORMER_META");
  });

  it("refuses oversized annotation trees without recursion", () => {
    let node: unknown[] = ["undefined"];
    for (let i = 0; i < 10_000; i++) node = ["undefined", { a: node }];
    expect(refused({ json: {}, meta: { values: node } })).toBe("INVALID_TRANSFORMER_META");
  });
});
