import { randomBytes, randomUUID } from "node:crypto";
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { createReplayCipher } from "./replay-cipher.ts";

const key = randomBytes(32);
const cipher = createReplayCipher(key);
const token = "a".repeat(43);

describe("replay cipher", () => {
  it("seals a standard JWE (dir, A256GCM, kid) that jose opens", async () => {
    const id = randomUUID();
    const sealed = cipher.seal(token, id);
    expect(decodeProtectedHeader(sealed)).toEqual({ alg: "dir", enc: "A256GCM", kid: id });
    const { plaintext } = await compactDecrypt(sealed, key, { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
    expect(new TextDecoder().decode(plaintext)).toBe(token);
    expect(await cipher.open(sealed, id)).toBe(token);
  });

  it("draws a fresh IV for every seal", () => {
    const id = randomUUID();
    const ivs = new Set(Array.from({ length: 100 }, () => cipher.seal(token, id).split(".")[2]));
    expect(ivs.size).toBe(100);
  });

  it("opens what jose sealed (rows written before sealing moved to Node's cipher)", async () => {
    const id = randomUUID();
    const sealed = await new CompactEncrypt(new TextEncoder().encode(token)).setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: id }).encrypt(key);
    expect(await cipher.open(sealed, id)).toBe(token);
  });

  it("refuses a ciphertext moved to another token, tampered with, or sealed under another key", async () => {
    const id = randomUUID();
    const sealed = cipher.seal(token, id);
    await expect(cipher.open(sealed, randomUUID())).rejects.toThrow();
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0]! ^= 1;
    await expect(cipher.open([parts[0], parts[1], parts[2], flipped.toString("base64url"), parts[4]].join("."), id)).rejects.toThrow();
    // The header is the AAD: a swapped kid in the header breaks the tag.
    const otherHeader = Buffer.from(JSON.stringify({ alg: "dir", enc: "A256GCM", kid: randomUUID() })).toString("base64url");
    await expect(cipher.open([otherHeader, ...parts.slice(1)].join("."), id)).rejects.toThrow();
    await expect(createReplayCipher(randomBytes(32)).open(sealed, id)).rejects.toThrow();
  });
});
