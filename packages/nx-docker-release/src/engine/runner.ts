import { execa } from 'execa';

export interface RunOptions {
  /** Complete environment of the child (nothing is inherited implicitly). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, e.g. a password for --password-stdin; never logged. */
  input?: string;
  cwd?: string;
  /** Called with each output line (stdout and stderr interleaved) while the process runs. */
  onLine?: (line: string) => void;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The one seam through which the plugin starts processes: argv arrays, never a shell. */
export type Runner = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export const runProcess: Runner = async (file, args, options = {}) => {
  const child = execa(file, args, {
    env: options.env,
    extendEnv: options.env === undefined,
    input: options.input,
    stdin: options.input === undefined ? 'ignore' : undefined,
    cwd: options.cwd,
    reject: false,
    all: true,
    stripFinalNewline: true,
  });
  const onLine = options.onLine;
  if (onLine && child.all) {
    let pending = '';
    child.all.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split(/\r?\n/);
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.all.on('end', () => pending && onLine(pending));
  }
  const result = await child;
  return {
    exitCode: result.exitCode ?? (result.failed ? 1 : 0),
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
};
