/**
 * CPU time used by processes, read from Linux's /proc (null elsewhere): for the load benchmark's answer to
 * "where do the cores go?", which is steadier than a rate on a machine whose speed wanders.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

interface ProcessStat {
  pid: number;
  ppid: number;
  name: string;
  /** User and system CPU, in seconds, since the process started. */
  cpuSeconds: number;
}

function readStat(pid: number): ProcessStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in brackets and may hold spaces; the fields after it are numbers.
    const close = text.lastIndexOf(')');
    const name = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // After the name: state(0) ppid(1) ... utime(11) stime(12)
    return { pid, ppid: Number(fields[1]), name, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

function allStats(): ProcessStat[] {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => readStat(Number(d))).filter((s): s is ProcessStat => s !== null);
  } catch {
    return [];
  }
}

/** CPU seconds of a process and every process under it, counted from now: `read()` gives the seconds since. */
export interface CpuMeter {
  read(): number | null;
}

export function meterProcesses(select: (stat: ProcessStat, all: ProcessStat[]) => boolean): CpuMeter {
  const at = (): Map<number, number> | null => {
    const all = allStats();
    if (all.length === 0) return null;
    return new Map(all.filter((s) => select(s, all)).map((s) => [s.pid, s.cpuSeconds]));
  };
  const start = at();
  return {
    read: () => {
      const now = at();
      if (!start || !now) return null;
      // A process that started since counts from zero; one that ended is lost (none do during a run).
      let seconds = 0;
      for (const [pid, cpu] of now) seconds += cpu - (start.get(pid) ?? 0);
      return seconds;
    },
  };
}

/** The process `pid` and its descendants (a server's cluster workers). */
export function treeOf(pid: number) {
  // One map of parents for each reading of /proc, not one for each process in it.
  const parentsOf = new WeakMap<ProcessStat[], Map<number, number>>();
  return (stat: ProcessStat, all: ProcessStat[]): boolean => {
    let parents = parentsOf.get(all);
    if (!parents) parentsOf.set(all, (parents = new Map(all.map((s) => [s.pid, s.ppid]))));
    for (let p: number | undefined = stat.pid; p !== undefined && p > 1; p = parents.get(p)) if (p === pid) return true;
    return false;
  };
}

/** PostgreSQL's own processes on this machine (its backends do the database's work for every connection). */
export const postgresProcesses = (stat: ProcessStat) => stat.name === 'postgres';
