import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RecordingDocker {
  /** Pass as --docker: records each argv, then runs the real docker with it. */
  path: string;
  /** One line per docker invocation (its argv joined by spaces). */
  calls(): string[];
}

/** A pass-through wrapper around the real docker CLI that records what it was called with. */
export function recordingDocker(): RecordingDocker {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-docker-'));
  const log = join(dir, 'argv.log');
  const path = join(dir, 'docker');
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec docker "$@"\n`);
  chmodSync(path, 0o755);
  return {
    path,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
  };
}
