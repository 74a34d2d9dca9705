/** Shared by the benchmarks: percentiles (nearest rank), formatting, and the machine line. */
import os from 'node:os';

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** A table row: Measure | Runs | Median | p95 | Max | Budget. */
export function timingRow(measure: string, values: number[], budget: string): string {
  if (values.length === 0) return `| ${measure} | 0 | – | – | – | ${budget} |`;
  return `| ${measure} | ${values.length} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(Math.max(...values))} | ${budget} |`;
}

export const TABLE_HEAD = ['| Measure | Runs | Median | p95 | Max | Budget |', '|---|---|---|---|---|---|'];
