// wrk (Debian's package) as the closed-loop load generator: a few threads of C, its CPU counted apart
// from the server's. Lua scripts keep refresh chains going (each response's successor token is the next
// request's) and print the result as one JSON line.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const DONE = `
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local seen = t:get("refused")
    if seen and seen ~= "" then io.write("WRK_REFUSED " .. seen .. "\\n") end
  end
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
`;

/** Threads get every n-th line of the tokens file; a thread's connections share its queue. */
const SETUP = `
local counter = 0
threads = {}
function setup(thread)
  thread:set("id", counter)
  thread:set("refused", "")
  table.insert(threads, thread)
  counter = counter + 1
end
local tokens = {}
function init(args)
  local i = 0
  for line in io.lines(args[1]) do
    if i % tonumber(args[2]) == id then table.insert(tokens, line) end
    i = i + 1
  end
end
`;

/** POST auth.refresh; every answer's refreshToken goes back into the queue (FIFO), so chains never fork. */
export const REFRESH_LUA = `${SETUP}
function request()
  local token = table.remove(tokens) or "missing"
  return wrk.format("POST", "/api/trpc/auth.refresh", { ["content-type"] = "application/json" },
    '{"json":{"refreshToken":"' .. token .. '"}}')
end
function response(status, headers, body)
  local successor = string.match(body, '"refreshToken":"([^"]+)"')
  if successor then
    table.insert(tokens, 1, successor)
  elseif refused == "" then
    refused = status .. " " .. string.sub(body, 1, 160)
  end
end
${DONE}`;

/** GET `path` with a credential header (`prefix` + token), round robin over the thread's tokens. */
export function getLua(path: string, header: string, prefix: string): string {
  return `${SETUP}
local cursor = 0
function request()
  cursor = cursor % #tokens + 1
  return wrk.format("GET", "${path}", { ["${header}"] = "${prefix}" .. tokens[cursor] })
end
${DONE}`;
}

/** GET auth.me with a bearer token. */
export const ME_LUA = getLua("/api/trpc/auth.me", "authorization", "Bearer ");

export interface WrkResult {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** CPU the generator used, ms. */
  cpuMs: number;
}

export function writeScript(dir: string, name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

/** Runs wrk to completion; the shell around it reports wrk's CPU (its cutime/cstime once wrk is reaped). */
export function runWrk(options: { url: string; script: string; tokensFile: string; seconds: number; connections: number; threads: number }): Promise<WrkResult> {
  // A long timeout: a refresh wrk gave up on is a chain lost (its successor never comes back).
  const args = [`-t${options.threads}`, `-c${options.connections}`, `-d${options.seconds}s`, "--timeout", "30s", "-s", options.script, options.url, "--", options.tokensFile, String(options.threads)];
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", 'wrk "$@"; status=$?; echo "SHELL_STAT $(cat /proc/$$/stat)"; exit $status', "sh", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      const json = /WRK_JSON (\{.*\})/.exec(out)?.[1];
      const stat = /SHELL_STAT (.*)/.exec(out)?.[1];
      if (code !== 0 || !json || !stat) return reject(new Error(`wrk failed (${code}):\n${out}`));
      // The first refused refresh of each thread, so a run with errors says why.
      for (const line of out.match(/^WRK_REFUSED .*$/gm) ?? []) console.warn(`[bench] ${line}`);
      const parsed = JSON.parse(json) as { requests: number; durationUs: number; p50Us: number; p99Us: number; errors: number };
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cpuMs = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, ticks
      resolve({
        requests: parsed.requests,
        seconds: parsed.durationUs / 1e6,
        p50Ms: parsed.p50Us / 1000,
        p99Ms: parsed.p99Us / 1000,
        errors: parsed.errors,
        cpuMs,
      });
    });
  });
}
