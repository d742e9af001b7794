import { closeSync, constants, lstatSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log/redacting-logger';
import { readNoFollow } from './no-follow';
import { identityAlive, processIdentity } from './process-identity';
import type { Runner } from './runner';

/** The prefix of every run's private directory under the OS temp directory (`mkdtemp`). */
export const RUN_DIR_PREFIX = 'docker-release-';
const OWNER_FILE = 'run.owner';
const ENGINE_IMAGES_FILE = 'engine-images';
/** A run directory without an owner file is older than markers, or being made: only old ones are swept. */
const UNMARKED_STALE_MS = 60 * 60 * 1000;

/** Marks a run's private directory with the process that owns it, so a later run can tell a killed one's. */
export function markRunDirectory(dir: string): void {
  writePrivate(join(dir, OWNER_FILE), processIdentity());
}

/** Names the engine images a run will leave under throw-away names if it is killed (a relayed build's). */
export function recordEngineImages(dir: string, names: readonly string[]): void {
  writePrivate(join(dir, ENGINE_IMAGES_FILE), names.join('\n'));
}

function writePrivate(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

export interface SweepDeps {
  run: Runner;
  docker: string;
  env: Record<string, string | undefined>;
  cwd: string;
  log: Logger;
}

/**
 * What a killed run (SIGKILL, a runner that vanished) left: its private directory (a login's
 * config.json, the relay's docker config, partial uploads, a saved archive) and the images the
 * engine holds under the relay's throw-away names. Only this user's own 0700 directories whose
 * owner process is gone are touched; anything else in the shared temp directory is not ours.
 */
export async function sweepStaleRuns(deps: SweepDeps, root = tmpdir()): Promise<void> {
  const stale = staleRunDirectories(root);
  if (!stale.length) return;
  const images = stale.flatMap((dir) => (readNoFollow(join(dir, ENGINE_IMAGES_FILE)) ?? '').split('\n').filter(Boolean));
  for (const dir of stale) rmSync(dir, { recursive: true, force: true });
  let removed = 0;
  for (const name of images) {
    const res = await deps.run(deps.docker, ['image', 'rm', '--no-prune', name], { env: deps.env, cwd: deps.cwd }).catch(() => ({ exitCode: 1 }));
    if (res.exitCode === 0) removed++;
  }
  deps.log.info(`swept what ${stale.length} killed release run(s) left: their private temp directories${images.length ? `, ${removed} of ${images.length} relay image name(s) in the engine` : ''}`);
}

/** This user's run directories whose owner is gone. */
export function staleRunDirectories(root: string): string[] {
  const uid = process.getuid?.();
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(RUN_DIR_PREFIX));
  } catch {
    return [];
  }
  return names
    .map((n) => join(root, n))
    .filter((dir) => {
      try {
        const stat = lstatSync(dir);
        if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o777) !== 0o700) return false;
        const owner = readNoFollow(join(dir, OWNER_FILE));
        return owner ? !identityAlive(owner) : Date.now() - stat.mtimeMs > UNMARKED_STALE_MS;
      } catch {
        return false;
      }
    });
}
