// Encrypts a freshly issued refresh token so a retry of its parent within the reuse interval can be answered
// with the same successor. JWE (dir + A256GCM) via jose: no hand-rolled crypto, and the ciphertext is
// bound to its token row through the authenticated `kid` header.
import { webcrypto } from "node:crypto";
import { CompactEncrypt, compactDecrypt } from "jose";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface ReplayCipher {
  seal(plaintext: string, tokenId: string): Promise<string>;
  open(ciphertext: string, tokenId: string): Promise<string>;
}

export function createReplayCipher(raw: Uint8Array): ReplayCipher {
  // Imported once: given raw bytes, jose imports the AES key again on every call (on the rotation hot path).
  let imported: Promise<webcrypto.CryptoKey> | undefined;
  const cryptoKey = () => (imported ??= webcrypto.subtle.importKey("raw", new Uint8Array(raw), "AES-GCM", false, ["encrypt", "decrypt"]));
  return {
    seal: async (plaintext, tokenId) =>
      new CompactEncrypt(encoder.encode(plaintext)).setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: tokenId }).encrypt(await cryptoKey()),
    async open(ciphertext, tokenId) {
      const { plaintext, protectedHeader } = await compactDecrypt(ciphertext, await cryptoKey(), {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      });
      // The protected header is authenticated, so a ciphertext copied onto another row is refused here.
      if (protectedHeader.kid !== tokenId) throw new Error("replay ciphertext belongs to another token");
      return decoder.decode(plaintext);
    },
  };
}
