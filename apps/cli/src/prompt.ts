// Reading what the user types: plain prompts, a password prompt that doesn't echo, and a password
// piped on stdin (`echo "$PW" | rotor login ...`) when stdin is not a terminal.
import { createInterface } from "node:readline/promises";
import { CliError } from "./cli-error.ts";
import { EXIT } from "./exit-codes.ts";

const MAX_STDIN_BYTES = 64 * 1024;

export async function promptLine(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  const rl = createInterface({ input, output, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** The first line of stdin (without its line ending). */
export async function readFirstLineOfStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.includes("\n") || text.length > MAX_STDIN_BYTES) break;
  }
  return text.split(/\r?\n/, 1)[0] ?? "";
}

/** Prompts on the terminal without echoing; Ctrl-C aborts with exit code 130. */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  output.write(question);
  input.setRawMode(true);
  input.setEncoding("utf8");
  input.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (error?: CliError) => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      output.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003") return finish(new CliError("Interrupted.", EXIT.INTERRUPTED));
        if (char === "\u0004") return finish(value ? undefined : new CliError("No password given.", EXIT.USAGE));
        if (char === "\u007f" || char === "\b") {
          value = Array.from(value).slice(0, -1).join("");
          continue;
        }
        if (char >= " ") value += char;
      }
    };
    input.on("data", onData);
  });
}
