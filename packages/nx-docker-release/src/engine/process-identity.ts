import { readFileSync } from 'node:fs';

/**
 * A process as a lock or a run marker names it: its pid and, where /proc tells it, its start time
 * (clock ticks since boot), so a pid the system reused for another process is not taken for the
 * owner. Written as `<pid> <start>` (start empty where unknown).
 */
export function processIdentity(pid = process.pid): string {
  return `${pid} ${startTime(pid) ?? ''}`.trim();
}

/** Whether the process a marker names still runs (the same process, not a reused pid). Unreadable: alive. */
export function identityAlive(identity: string): boolean {
  const [pidText, start] = identity.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return true; // being written: not ours to judge
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const now = startTime(pid);
  return !start || now === undefined || now === start;
}

function startTime(pid: number): string | undefined {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
