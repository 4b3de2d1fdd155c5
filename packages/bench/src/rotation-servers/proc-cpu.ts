// CPU time of processes from /proc (Linux), for "CPU ms per request" figures measured from outside.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux x86-64

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, ms */
  ownMs: number;
  /** cutime + cstime (children waited for), ms */
  childrenMs: number;
}

/** Fields after the `(comm)`: state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17. */
function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const tick = (i: number) => (Number(fields[i - 3]) * 1000) / TICKS_PER_SECOND;
  return { pid, ppid: Number(fields[1]), ownMs: tick(14) + tick(15), childrenMs: tick(16) + tick(17) };
}

/** CPU ms a process has used so far (its threads included). */
export function processCpuMs(pid: number): number {
  return readStat(pid)?.ownMs ?? 0;
}

/**
 * CPU ms of a process tree: the root (with the children it already reaped) plus its live children. For
 * PostgreSQL give the postmaster: backends that exited are counted through its cutime/cstime.
 */
export function treeCpuMs(rootPid: number): number {
  const root = readStat(rootPid);
  if (!root) return 0;
  let total = root.ownMs + root.childrenMs;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.ppid === rootPid) total += stat.ownMs;
  }
  return total;
}

/** The postmaster's pid, first line of `postmaster.pid` in the data directory. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n", 1)[0]);
}
