// Encrypts a freshly issued refresh token so a retry of its parent within the reuse interval can be answered
// with the same successor. JWE (dir + A256GCM) via jose: no hand-rolled crypto, and the ciphertext is
// bound to its token row through the authenticated `kid` header.
import { CompactEncrypt, compactDecrypt } from "jose";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface ReplayCipher {
  seal(plaintext: string, tokenId: string): Promise<string>;
  open(ciphertext: string, tokenId: string): Promise<string>;
}

export function createReplayCipher(key: Uint8Array): ReplayCipher {
  return {
    seal: (plaintext, tokenId) =>
      new CompactEncrypt(encoder.encode(plaintext)).setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: tokenId }).encrypt(key),
    async open(ciphertext, tokenId) {
      const { plaintext, protectedHeader } = await compactDecrypt(ciphertext, key, {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      });
      // The protected header is authenticated, so a ciphertext copied onto another row is refused here.
      if (protectedHeader.kid !== tokenId) throw new Error("replay ciphertext belongs to another token");
      return decoder.decode(plaintext);
    },
  };
}
