// The README's examples as files: each ```ts block whose info string names a file
// (```ts file=client.ts) is that file, verbatim, so what the consumer test compiles is what users read.
import { readFile } from "node:fs/promises";

export async function readmeFiles(readmePath: string): Promise<Record<string, string>> {
  const text = await readFile(readmePath, "utf8");
  const files: Record<string, string> = {};
  for (const match of text.matchAll(/^```ts file=(\S+)\n([\s\S]*?)^```$/gm)) {
    const [, name, code] = match;
    if (name && code !== undefined) files[name] = code;
  }
  return files;
}
