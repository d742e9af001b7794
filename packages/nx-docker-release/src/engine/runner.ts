import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

import type { Runner } from '../release/runner';
import { trackChild } from './cancellation';

export type { RunOptions, RunResult, Runner } from '../release/runner';

/**
 * node:child_process directly: every release starts it several times, and a process library
 * cost ~0.1 s to load per run (measured with execa 9), more than the git calls themselves.
 * Never rejects: a program that cannot start yields exit code 127 and the reason on stderr.
 */
export const runProcess: Runner = (file, args, options = {}) =>
  new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const outLines = options.onLine && !options.stdoutFile ? lineSplitter(options.onLine) : undefined;
    const errLines = options.onLine ? lineSplitter(options.onLine) : undefined;
    // The child writes a stdout file itself: no bytes pass through this process.
    const outFd = options.stdoutFile ? openSync(options.stdoutFile, 'w', 0o600) : undefined;
    const child = spawn(file, [...args], {
      env: options.env ? definedOnly(options.env) : process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', outFd ?? 'pipe', 'pipe'],
      shell: false,
    });
    if (outFd !== undefined) closeSync(outFd);
    trackChild(child);
    let spawnError: Error | undefined;
    child.on('error', (err) => (spawnError = err));
    child.stdout?.on('data', (chunk: Buffer) => (stdout.push(chunk), outLines?.push(chunk)));
    child.stderr?.on('data', (chunk: Buffer) => (stderr.push(chunk), errLines?.push(chunk)));
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the child may exit before reading its input
      child.stdin.end(options.input);
    }
    child.on('close', (code, signal) => {
      outLines?.flush();
      errLines?.flush();
      const err = spawnError ? `${file}: ${spawnError.message}` : '';
      resolve({
        exitCode: spawnError ? 127 : (code ?? (signal ? 128 : 1)),
        stdout: trimFinalNewline(Buffer.concat(stdout).toString('utf8')),
        stderr: trimFinalNewline(Buffer.concat(stderr).toString('utf8')) || err,
      });
    });
  });

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function trimFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** Splits one stream's chunks into lines (UTF-8 safe across chunks); the rest is flushed at exit. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; flush(): void } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return {
    push(chunk) {
      const parts = (pending + decoder.write(chunk)).split(/\r?\n/);
      pending = parts.pop() ?? '';
      parts.forEach(onLine);
    },
    flush() {
      pending += decoder.end();
      if (pending) onLine(pending);
      pending = '';
    },
  };
}

/** The last non-empty line of a process's output: what a one-line error quotes. */
export function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
