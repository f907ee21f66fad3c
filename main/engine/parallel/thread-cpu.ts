// CPU time of the calling thread (Linux /proc/thread-self/stat, 10 ms ticks), so a worker's
// own work can be measured even when other processes compete for the cores. NaN elsewhere.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK = 100 on Linux

export function threadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 is state; utime and stime are fields 14 and 15 (indices 11, 12).
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}
