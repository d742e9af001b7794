import { withoutWorkflowCommands } from './ci-safe';

/**
 * The one way the plugin prints. Every line passes through redaction of the secret values
 * registered for the run (login password, BuildKit secret values), longest first, so a value
 * echoed by docker or embedded in an error never reaches the terminal or a CI log, and no line
 * can start a CI workflow command (`log/ci-safe.ts`).
 */
export interface Logger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  /**
   * Registers a value that must never be printed, with the forms it travels in (base64, as in a
   * Basic header or a docker config; URL-encoded; each line of a multi-line value). Values
   * shorter than 4 characters are ignored.
   */
  addSecret(value: string | undefined): void;
  redact(text: string): string;
}

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const secrets: string[] = [];
  const redact = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  // Redacted, then no line of it can be read by the CI as a workflow command.
  const out = (text: string): void => write(withoutWorkflowCommands(redact(text)));
  return {
    info: (line) => out(line),
    warn: (line) => out(`warning: ${line}`),
    error: (line) => out(`error: ${line}`),
    addSecret(value) {
      if (!value || value.length < 4) return;
      // A multi-line value (a PEM key) reaches the log line by line: each of its lines is a secret too.
      const lines = value.includes('\n')
        ? value
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l.length >= 8)
        : [];
      for (const form of [value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64').replace(/=+$/, ''), encodeURIComponent(value), ...lines]) {
        if (!secrets.includes(form)) secrets.push(form);
      }
      secrets.sort((a, b) => b.length - a.length);
    },
    redact,
  };
}
