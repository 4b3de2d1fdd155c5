// Checksums exactly as Prisma's schema engine computes and compares them, so rows we write satisfy
// `prisma migrate status` and rows Prisma wrote satisfy us.
import { createHash } from "node:crypto";

/** sha256 of the script, lower-case hex, zero-padded (what Prisma stores in `checksum`). */
export function migrationChecksum(script: string | Uint8Array): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Like Prisma: a checkout with CRLF (or LF) line endings still matches a row written from the other,
 * and rows from old engines that dropped the leading zero of each hex byte still match.
 */
export function matchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const rendered =
      checksum.length === 64 ? digest.toString("hex") : [...digest].map((byte) => byte.toString(16)).join("");
    return rendered === checksum;
  });
}
