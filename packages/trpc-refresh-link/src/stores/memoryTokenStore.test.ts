import { describe, expect, it } from "vitest";
import { FakeAuthServer } from "../testing/fakes.ts";
import { memoryTokenStore } from "./memoryTokenStore.ts";

describe("memoryTokenStore", () => {
  it("gets, sets and clears", () => {
    const pair = new FakeAuthServer().issue();
    const store = memoryTokenStore();
    expect(store.get()).toBeNull();
    store.set(pair);
    expect(store.get()).toBe(pair);
    store.clear();
    expect(store.get()).toBeNull();
    expect(memoryTokenStore(pair).get()).toBe(pair);
  });
});
