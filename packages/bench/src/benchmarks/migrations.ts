// Time to apply every migration to an empty database, over several fresh databases.
import { migrate } from "@rotor/db";
import { createTestDatabase } from "@rotor/db/testing";
import type { BenchResult } from "../report.ts";
import { median, round } from "../stats.ts";

export async function benchMigrations(adminUrl: string, runs = 7): Promise<BenchResult> {
  const samples: number[] = [];
  let applied = 0;
  for (let i = 0; i < runs; i++) {
    const db = await createTestDatabase(adminUrl, { migrate: false });
    const start = performance.now();
    const result = await migrate(db.connectionString);
    samples.push(performance.now() - start);
    applied = result.applied.length;
    await db.drop();
  }
  const med = median(samples);
  return {
    name: "Migrations on an empty database",
    goal: "< 1 s",
    met: med < 1000,
    metrics: { "median ms": round(med, 1), "max ms": round(Math.max(...samples), 1), "migrations applied": applied, runs },
  };
}
