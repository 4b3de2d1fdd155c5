// The SQL limit: the rotation statement alone, exactly as the token service sends it (same text, same
// prepared-statement name, same parameters), in closed loops over a pg pool. The loops share one queue of
// chains, as wrk's connections do for the servers: each takes the next session's token and queues its
// successor at the back, so every session of the file is rotated in turn. Run as its own process by the
// rotation-servers benchmark, so its CPU is counted apart:
// `node --import tsx rotation-sql-client.ts <tokens file> <seconds> <connections>`; prints one JSON line.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { generateRefreshToken, hashRefreshToken, ROTATE_CURRENT_TOKEN_SQL, ROTATE_CURRENT_TOKEN_STATEMENT, rotationValues } from "@rotor/auth";

const [file, secondsArg, connectionsArg, poolArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
const connections = Number(connectionsArg);
// The chains' queue: each loop takes the next hash and appends its successor's.
const queue = readFileSync(file!, "utf8").trim().split("\n").map(hashRefreshToken);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(poolArg ?? connections) });
// A sealed successor is a ~180-character JWE; its size is what PostgreSQL stores, its crypto is not SQL.
const ciphertext = "x".repeat(180);
const lifetimes = { refreshTokenTtl: 86_400, refreshReuseInterval: 30 };
const meta = { ip: "127.0.0.1", userAgent: "bench" };

const latencies: number[] = [];
let failures = 0;
const end = performance.now() + seconds * 1000;
let head = 0;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < end && head < queue.length) {
      const tokenHash = queue[head++]!;
      const successor = generateRefreshToken();
      const start = performance.now();
      const { rows } = await pool.query({
        name: ROTATE_CURRENT_TOKEN_STATEMENT,
        text: ROTATE_CURRENT_TOKEN_SQL,
        values: rotationValues({ tokenHash, now: Date.now(), lifetimes, successorId: randomUUID(), successorHash: successor.hash, ciphertext, meta, latencyMs: 0 }),
      });
      latencies.push(performance.now() - start);
      if (rows.length !== 1) failures++;
      queue.push(successor.hash);
    }
  }),
);
await pool.end();
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? Number.NaN;
console.log(JSON.stringify({ requests: latencies.length, failures, seconds, p50: at(50), p99: at(99) }));
