// Collects benchmark results and writes them as JSON and Markdown under packages/bench/reports/.
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchResult {
  name: string;
  /** Metric name -> value (units in the name). */
  metrics: Record<string, number | string>;
  goal?: string;
  met?: boolean;
  notes?: string;
}

export const reportsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "reports");

export async function writeReport(results: BenchResult[]): Promise<string> {
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
  };
  await mkdir(reportsDir, { recursive: true });
  await writeFile(join(reportsDir, "latest.json"), JSON.stringify({ meta, results }, null, 2));
  const lines = [
    `# Rotor benchmark report`,
    ``,
    `${meta.date} · Node ${meta.node} · ${meta.cores} × ${meta.cpu}`,
    ``,
  ];
  for (const r of results) {
    lines.push(`## ${r.name}`, "");
    if (r.goal) lines.push(`Goal: ${r.goal} — ${r.met === undefined ? "n/a" : r.met ? "**met**" : "**not met**"}`, "");
    lines.push("| metric | value |", "| --- | --- |");
    for (const [k, v] of Object.entries(r.metrics)) lines.push(`| ${k} | ${v} |`);
    if (r.notes) lines.push("", r.notes);
    lines.push("");
  }
  const path = join(reportsDir, "latest.md");
  await writeFile(path, lines.join("\n"));
  return path;
}

const docsDir = join(reportsDir, "..", "..", "..", "docs");

/**
 * `BENCH_DOCS=1 pnpm bench`: the run also becomes docs/benchmarks.md (the committed report), with the
 * rotation chart beside it. Only a full run should: a partial one would drop the other sections.
 */
export async function writeDocs(): Promise<string> {
  const report = await readFile(join(reportsDir, "latest.md"), "utf8");
  const path = join(docsDir, "benchmarks.md");
  await writeFile(
    path,
    report
      .replace("# Rotor benchmark report", "# Rotor benchmark report (latest committed run of `pnpm bench`)")
      .replaceAll("](rotation-servers.svg)", "](benchmarks-rotation-servers.svg)"),
  );
  await copyFile(join(reportsDir, "rotation-servers.svg"), join(docsDir, "benchmarks-rotation-servers.svg"));
  return path;
}
