/**
 * GitHub Actions `${{ ... }}` expressions, as far as a release target can carry them: `env.X`
 * is replaced from the workflow/job/step env, `secrets.X` becomes the name of an environment
 * variable, `steps.<id>.outputs.<name>` is the metadata-action wiring. Anything else (github.*,
 * functions, operators) cannot be known before the run and is reported.
 * https://docs.github.com/en/actions/learn-github-actions/expressions
 */
export type Resolved =
  | { kind: 'text'; value: string }
  | { kind: 'secret'; name: string }
  | { kind: 'step-output'; step: string; output: string }
  | { kind: 'unresolved'; expression: string };

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;
const WHOLE = /^\s*\$\{\{\s*(.*?)\s*\}\}\s*$/;

export function resolveExpression(raw: string, env: Record<string, string>): Resolved {
  const whole = WHOLE.exec(raw)?.[1];
  if (whole !== undefined) {
    const secret = /^secrets\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(whole);
    if (secret) return { kind: 'secret', name: secret[1]! };
    const output = /^steps\.([A-Za-z_][\w-]*)\.outputs\.([\w-]+)$/.exec(whole);
    if (output) return { kind: 'step-output', step: output[1]!, output: output[2]! };
  }
  return substituteEnv(raw, env);
}

/** Replaces every `${{ env.X }}` (repeatedly, since env values may hold expressions). */
export function substituteEnv(raw: string, env: Record<string, string>): Resolved {
  let value = raw;
  for (let depth = 0; depth < 5 && value.includes('${{'); depth++) {
    let unresolved: string | undefined;
    value = value.replace(EXPRESSION, (match, expr: string) => {
      const name = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr)?.[1];
      if (name !== undefined && name in env) return env[name]!;
      unresolved ??= match;
      return match;
    });
    if (unresolved) return { kind: 'unresolved', expression: unresolved };
  }
  return { kind: 'text', value };
}
