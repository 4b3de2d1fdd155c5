// Random bytes for the rotation hot path (each refresh draws a successor token and an IV). Each call to
// randomBytes is a separate trip into OpenSSL's generator plus an async-hooks resource, ~5 us alone and
// ~2% of a refresh's CPU under load; like Node's own randomUUID, this draws from Node's CSPRNG 4 KiB at a
// time and hands out copies. Nothing is generated here: every byte comes from randomFillSync, each is handed
// out once, and the pool's copy is wiped as it goes.
import { randomFillSync } from "node:crypto";

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

export function pooledRandomBytes(size: number): Buffer {
  if (!Number.isInteger(size) || size < 1 || size > POOL_BYTES) throw new RangeError(`pooledRandomBytes: size must be 1..${POOL_BYTES}`);
  if (offset + size > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  pool.fill(0, offset, offset + size);
  offset += size;
  return bytes;
}
