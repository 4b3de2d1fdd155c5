import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findDirectoryClosedToOthers } from "./find-directory-closed-to-others.ts";

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tree(mode: number): Promise<string> {
  const top = await mkdtemp(join(tmpdir(), "rotor-closed-")); // 0700, like `mktemp -d`
  made.push(top);
  await chmod(top, mode);
  await mkdir(join(top, "repo", ".data"), { recursive: true });
  return top;
}

describe("findDirectoryClosedToOthers", () => {
  it("names the 0700 folder above a path, however deep", async () => {
    const top = await tree(0o700);
    expect(await findDirectoryClosedToOthers(join(top, "repo", ".data", "postgres"))).toEqual({ path: top, mode: 0o700 });
  });

  it("finds nothing when every folder above can be entered", async () => {
    const top = await tree(0o755);
    expect(await findDirectoryClosedToOthers(join(top, "repo", ".data", "postgres"))).toBeUndefined();
  });

  it("ignores the path itself (the library hands the data folder to the postgres user)", async () => {
    const top = await tree(0o755);
    await chmod(join(top, "repo", ".data"), 0o700);
    expect(await findDirectoryClosedToOthers(join(top, "repo", ".data"))).toBeUndefined();
  });
});
