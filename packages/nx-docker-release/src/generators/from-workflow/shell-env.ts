/** A variable a `run:` step writes to $GITHUB_ENV, when the value is one the generator can read. */
export interface ShellEnv {
  name: string;
  /** The value as a workflow template (`${{ github.repository }}`, literal text). */
  value: string;
  /** The step lower-cases it (`tr '[:upper:]' '[:lower:]'`, `${VAR,,}`). */
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

const LINE = /^\s*echo\s+("?)([A-Za-z_][A-Za-z0-9_]*)=(.*?)\1\s*>>\s*"?\$\{?GITHUB_ENV\}?"?\s*$/;
const LOWER_PIPE = /^\$\(\s*echo\s+"?(.+?)"?\s*\|\s*tr\s+(?:'\[:upper:\]'\s+'\[:lower:\]'|"\[:upper:\]"\s+"\[:lower:\]"|'?A-Z'?\s+'?a-z'?)\s*\)$/;

/**
 * The `echo "NAME=value" >> $GITHUB_ENV` lines of a script whose value is a workflow expression,
 * a default variable or literal text, optionally lower-cased (the idiom for GHCR names). Any
 * other shell (parameter expansion, commands) is not read: the variable stays unknown.
 */
export function shellEnv(script: string): ShellEnv[] {
  const found: ShellEnv[] = [];
  for (const line of script.split('\n')) {
    const m = LINE.exec(line);
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
      const expression = DEFAULT_ENV[(braced ?? bare)!];
      return expression ? `\${{ ${expression} }}` : whole;
    });
    // Only what is fully read: no shell left (a $ outside ${{ }}, backticks, command substitution).
    if (/[`$]/.test(text.replace(/\$\{\{[\s\S]*?\}\}/g, ''))) continue;
    found.push({ name: name!, value: text, lower });
  }
  return found;
}
