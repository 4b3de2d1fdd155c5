// Encrypts a freshly issued refresh token so a retry of its parent within the reuse interval can be answered
// with the same successor. The ciphertext is a JWE (compact, dir + A256GCM), bound to its token row through
// the authenticated `kid` header.
//
// Sealing runs on every rotation, so it uses Node's synchronous AES-256-GCM (OpenSSL) directly: jose's
// WebCrypto path is asynchronous by design and cost ~4x the CPU (~120 us against ~30 us per seal, measured),
// most of it in the thread-pool round trip. Nothing cryptographic is written here: Node does the AEAD and its
// CSPRNG draws the IV (through pooled-random-bytes.ts); this file only lays the result out as RFC 7516
// compact serialisation (the protected header is the AAD). Opening, once per replay, stays with jose's
// compactDecrypt, which checks everything a JWE must be, so what is sealed here is proved to be a standard
// JWE on every replay (and in the tests).
import { createCipheriv, webcrypto } from "node:crypto";
import { compactDecrypt } from "jose";
import { pooledRandomBytes } from "./pooled-random-bytes.ts";

const decoder = new TextDecoder();

/** A256GCM: 96-bit IV (RFC 7518 5.3). */
const IV_BYTES = 12;

export interface ReplayCipher {
  seal(plaintext: string, tokenId: string): string;
  open(ciphertext: string, tokenId: string): Promise<string>;
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");

export function createReplayCipher(raw: Uint8Array): ReplayCipher {
  const key = Buffer.from(raw);
  // Imported once: given raw bytes, jose imports the AES key again on every call.
  let imported: Promise<webcrypto.CryptoKey> | undefined;
  const cryptoKey = () => (imported ??= webcrypto.subtle.importKey("raw", new Uint8Array(raw), "AES-GCM", false, ["decrypt"]));
  return {
    seal(plaintext, tokenId) {
      const header = base64url(Buffer.from(JSON.stringify({ alg: "dir", enc: "A256GCM", kid: tokenId })));
      const iv = pooledRandomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(header, "ascii"));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      // dir: no encrypted key, so the second part is empty.
      return `${header}..${base64url(iv)}.${base64url(ciphertext)}.${base64url(cipher.getAuthTag())}`;
    },
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
