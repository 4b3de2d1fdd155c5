import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeAuthServer } from "../testing/fakes.ts";
import { fileTokenStore } from "./fileTokenStore.ts";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "rotor-file-store-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe("fileTokenStore", () => {
  it("creates the directory 0700 and the file 0600, and round-trips the pair", async () => {
    const path = join(root, "config", "rotor", "credentials.json");
    const store = fileTokenStore({ path });
    expect(await store.get()).toBeNull();
    const pair = new FakeAuthServer().issue();
    await store.set(pair);
    expect(await mode(join(root, "config", "rotor"))).toBe(0o700);
    expect(await mode(path)).toBe(0o600);
    expect(await store.get()).toEqual(pair);
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ accessToken: pair.accessToken });
  });

  it("replaces the file atomically and leaves no temp files", async () => {
    const path = join(root, "credentials.json");
    const store = fileTokenStore({ path });
    const server = new FakeAuthServer();
    await Promise.all(Array.from({ length: 20 }, () => store.set(server.issue())));
    const read = await store.get();
    expect(read).not.toBeNull();
    expect(await readdir(root)).toEqual(["credentials.json"]);
    expect(await mode(path)).toBe(0o600);
  });

  it("tightens a pre-existing world-readable file by replacing it", async () => {
    const path = join(root, "credentials.json");
    await writeFile(path, "{}", { mode: 0o644 });
    await fileTokenStore({ path }).set(new FakeAuthServer().issue());
    expect(await mode(path)).toBe(0o600);
  });

  it("clears, and reads a missing or corrupt file as signed out", async () => {
    const path = join(root, "credentials.json");
    const store = fileTokenStore({ path });
    await store.set(new FakeAuthServer().issue());
    await store.clear();
    expect(await store.get()).toBeNull();
    await store.clear(); // idempotent
    await writeFile(path, "garbage");
    expect(await store.get()).toBeNull();
  });
});
