import { describe, expect, it } from "vitest";
import { parseRunArgs } from "./parse-run-args.ts";

describe("parseRunArgs", () => {
  it("reads --seed and takes everything after -- as the command", () => {
    expect(parseRunArgs(["--seed", "--", "next", "dev", "--port", "3001"])).toEqual({
      seed: true,
      command: ["next", "dev", "--port", "3001"],
    });
  });

  it("lets the command start without --, leaving its options alone", () => {
    expect(parseRunArgs(["node", "--seed", "-e", "1"])).toEqual({ seed: false, command: ["node", "--seed", "-e", "1"] });
  });

  it("rejects unknown options and a missing command", () => {
    expect(() => parseRunArgs(["--sed", "--", "x"])).toThrow(expect.objectContaining({ code: "USAGE" }));
    expect(() => parseRunArgs(["--seed", "--"])).toThrow(expect.objectContaining({ code: "USAGE" }));
    expect(() => parseRunArgs([])).toThrow(expect.objectContaining({ code: "USAGE" }));
  });
});
