/**
 * The process port: how any layer asks for a program to run. The one implementation is
 * engine/runner.ts (node:child_process, argv arrays, never a shell); unit specs pass fakes.
 */
export interface RunOptions {
  /** Complete environment of the child (nothing is inherited implicitly). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, e.g. a password for --password-stdin; never logged. */
  input?: string;
  cwd?: string;
  /** Called with each output line (stdout and stderr interleaved) while the process runs. */
  onLine?: (line: string) => void;
  /** Write stdout to this file (mode 0600) instead of collecting it, e.g. a `docker save` archive. */
  stdoutFile?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The one seam through which the plugin starts processes: argv arrays, never a shell. */
export type Runner = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;
