import { AsyncLocalStorage } from 'node:async_hooks';
import type { ChildProcess } from 'node:child_process';
import { ReleaseError } from '../release/release-error';

/**
 * A release whose Nx process went away (a cancelled CI job, `nx` killed with SIGKILL) must not go
 * on publishing: Nx runs the executor in a child process that outlives its parent. Once cancelled,
 * every process the runner started is stopped, and the publish steps refuse to put a tag or a
 * signature (`throwIfCancelled`).
 */
const children = new Set<ChildProcess>();
const listeners = new Set<() => void>();
let reason: string | undefined;

const cleaningUp = new AsyncLocalStorage<true>();

/** Runs a clean-up (deleting an upload session) that a cancellation must not abort. */
export function asCleanUp<T>(work: () => Promise<T>): Promise<T> {
  return cleaningUp.run(true, work);
}

/**
 * Calls `stop` on cancellation (an open HTTP request aborts), at once when already cancelled;
 * returns the function that stops listening. A clean-up's requests are left alone.
 */
export function onCancel(stop: () => void): () => void {
  if (cleaningUp.getStore()) return () => undefined;
  if (reason) {
    stop();
    return () => undefined;
  }
  listeners.add(stop);
  return () => listeners.delete(stop);
}

/** The runner's children, so a cancellation can stop the build or the push they are doing. */
export function trackChild(child: ChildProcess): void {
  if (reason) child.kill('SIGTERM');
  children.add(child);
  child.once('close', () => children.delete(child));
}

export function cancel(why: string): void {
  if (reason) return;
  reason = why;
  for (const child of children) child.kill('SIGTERM');
  for (const stop of [...listeners]) stop();
  listeners.clear();
}

/** Throws when the run was cancelled: called before anything the registry would keep. */
export function throwIfCancelled(): void {
  if (reason) throw new ReleaseError(`cancelled: ${reason}; no tag was put after that`);
}

/**
 * Watches the parent for the length of one release: its IPC channel closing (Nx's forked task
 * runner) or this process being handed to another parent. Returns the function that stops watching.
 */
export function watchParent(pollMs = 500): () => void {
  const parent = process.ppid;
  const onDisconnect = (): void => cancel(`the Nx process that started this release (pid ${parent}) went away`);
  if (process.connected) process.once('disconnect', onDisconnect);
  const timer = setInterval(() => {
    if (process.ppid !== parent) onDisconnect();
  }, pollMs);
  timer.unref();
  return () => {
    process.removeListener('disconnect', onDisconnect);
    clearInterval(timer);
  };
}

/** For specs: a fresh, uncancelled state. */
export function resetCancellation(): void {
  reason = undefined;
}
