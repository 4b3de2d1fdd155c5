import { describe, expect, it } from "vitest";
import { FakeAuthServer } from "../testing/fakes.ts";
import { storageTokenStore } from "./storageTokenStore.ts";

function fakeStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe("storageTokenStore", () => {
  it("round-trips a pair, Dates included", () => {
    const storage = fakeStorage();
    const pair = new FakeAuthServer().issue();
    const store = storageTokenStore(storage);
    expect(store.get()).toBeNull();
    store.set(pair);
    expect(storage.map.has("rotor.auth.tokens")).toBe(true);
    const read = store.get();
    expect(read).toEqual(pair);
    expect((read as { accessTokenExpiresAt: Date }).accessTokenExpiresAt).toBeInstanceOf(Date);
    store.clear();
    expect(store.get()).toBeNull();
  });

  it("shares what another store over the same storage wrote (like two tabs on localStorage)", () => {
    const storage = fakeStorage();
    const pair = new FakeAuthServer().issue();
    storageTokenStore(storage, { key: "k" }).set(pair);
    expect(storageTokenStore(storage, { key: "k" }).get()).toEqual(pair);
  });

  it("reads malformed content as signed out", () => {
    const storage = fakeStorage();
    const store = storageTokenStore(storage);
    storage.map.set("rotor.auth.tokens", "{not json");
    expect(store.get()).toBeNull();
    storage.map.set("rotor.auth.tokens", JSON.stringify({ accessToken: "a" }));
    expect(store.get()).toBeNull();
  });
});
