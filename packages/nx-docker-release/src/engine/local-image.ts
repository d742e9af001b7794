import type { Logger } from '../log/redacting-logger';
import { engineCall, engineSocket, renameImage } from './engine-socket';
import type { Runner } from '../release/runner';

export interface LocalImageDeps {
  run: Runner;
  docker: string;
  env: Record<string, string | undefined>;
  cwd: string;
  log: Logger;
}

/**
 * The engine holds a relayed build under the relay's throw-away name: give it `to` (what a
 * `--load` build was named) or, without `to`, just drop the name. Through the engine's unix
 * socket when the CLI is plain `docker` (~5 ms instead of a process), else the CLI.
 */
export async function renameLocalImage(from: string, to: string | undefined, deps: LocalImageDeps): Promise<void> {
  const socket = deps.docker === 'docker' ? engineSocket(deps.env) : null;
  if (socket && (to ? await renameImage(socket, from, to) : (await engineCall(socket, 'DELETE', `/images/${encodeURIComponent(from)}?noprune=1`)) === 200)) return;
  const tagged = to ? await deps.run(deps.docker, ['image', 'tag', from, to], { env: deps.env, cwd: deps.cwd }) : { exitCode: 0, stderr: '' };
  const removed = tagged.exitCode === 0 ? await deps.run(deps.docker, ['image', 'rm', from], { env: deps.env, cwd: deps.cwd }) : tagged;
  if (removed.exitCode !== 0 && to) deps.log.warn(`could not rename the local image ${from}: ${removed.stderr.trim().split('\n').pop() ?? ''}`);
}
