import { mapExpressions } from '../../release/expressions/template';

/** A variable a `run:` step writes to $GITHUB_ENV, when the value is one the generator can read. */
export interface ShellEnv {
  name: string;
  /** The value as a workflow template (`${{ github.repository }}`, literal text). */
  value: string;
  /** The step lower-cases it (`tr '[:upper:]' '[:lower:]'`, `${VAR,,}`). */
  lower: boolean;
}

/** A variable of the step's environment as a template; `lower`: lower-cased at run time by an earlier write. */
export interface StepVariable {
  value: string;
  lower: boolean;
}

/** The runner's default variables a script may read, as expressions. */
const DEFAULT_ENV: Record<string, string> = {
  GITHUB_REPOSITORY: 'github.repository',
  GITHUB_REPOSITORY_OWNER: 'github.repository_owner',
  GITHUB_REF: 'github.ref',
  GITHUB_REF_NAME: 'github.ref_name',
  GITHUB_SHA: 'github.sha',
  GITHUB_ACTOR: 'github.actor',
};

const line = (file: string) => new RegExp(`^\\s*echo\\s+("?)([A-Za-z_][A-Za-z0-9_-]*)=(.*?)\\1\\s*>>\\s*"?\\$\\{?${file}\\}?"?\\s*$`);
const LOWER_PIPE = /^\$\(\s*echo\s+"?(.+?)"?\s*\|\s*tr\s+(?:'\[:upper:\]'\s+'\[:lower:\]'|"\[:upper:\]"\s+"\[:lower:\]"|'?A-Z'?\s+'?a-z'?)\s*\)$/;

/**
 * The `echo "NAME=value" >> $GITHUB_ENV` lines of a script whose value is a workflow expression,
 * a default variable, a variable of the step's environment (`env`: workflow, job and step `env:`
 * and earlier $GITHUB_ENV writes, as templates) or literal text, optionally lower-cased (the
 * idiom for GHCR names). Any other shell (parameter expansion, commands) is not read: the
 * variable stays unknown.
 */
export function shellEnv(script: string, file: 'GITHUB_ENV' | 'GITHUB_OUTPUT' = 'GITHUB_ENV', env: Readonly<Record<string, StepVariable>> = {}): ShellEnv[] {
  const found: ShellEnv[] = [];
  const pattern = line(file);
  for (const source of script.split('\n')) {
    const m = pattern.exec(source);
    if (!m) continue;
    const [, , name, rawValue] = m;
    let value = rawValue!.trim();
    let lower = false;
    const piped = LOWER_PIPE.exec(value);
    if (piped) {
      value = piped[1]!;
      lower = true;
    }
    const expansion = /^\$\{([A-Za-z_][A-Za-z0-9_]*),,\}$/.exec(value);
    if (expansion) {
      value = `$${expansion[1]}`;
      lower = true;
    }
    const text = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)(?![\w{])/g, (whole, braced: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!;
      const expression = DEFAULT_ENV[name];
      if (expression) return `\${{ ${expression} }}`;
      // The step's own variables, as the workflow wrote them; one holding shell text stays unread.
      const variable = Object.hasOwn(env, name) ? env[name] : undefined;
      if (variable === undefined || /[`$]/.test(safeStrip(variable.value))) return whole;
      if (variable.lower) lower = true;
      return variable.value;
    });
    // Only what is fully read: no shell left (a $ outside ${{ }}, backticks, command substitution).
    if (/[`$]/.test(safeStrip(text))) continue;
    found.push({ name: name!, value: text, lower });
  }
  return found;
}

/**
 * A step's outputs (`echo "name=value" >> $GITHUB_OUTPUT`) when every write to $GITHUB_OUTPUT in
 * the script is one the generator reads; undefined otherwise (the outputs stay unknown).
 */
export function shellOutputs(script: string, env: Readonly<Record<string, StepVariable>> = {}): ShellEnv[] | undefined {
  const writes = script.split('\n').filter((l) => /GITHUB_OUTPUT/.test(l)).length;
  if (writes === 0) return undefined;
  const read = shellEnv(script, 'GITHUB_OUTPUT', env);
  return read.length === writes ? read : undefined;
}

/** The text outside its `${{ }}` parts (all of it when a `${{` is not closed: then it is shell to refuse). */
function safeStrip(text: string): string {
  try {
    return mapExpressions(text, () => '');
  } catch {
    return text;
  }
}
