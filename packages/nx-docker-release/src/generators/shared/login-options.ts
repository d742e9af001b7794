import { ENV_NAME } from './names';
import { GeneratorOptionError } from './option-error';

/** --usernameEnv/--passwordEnv: both or neither, each a variable name (never its value). */
export function loginOptions(options: { usernameEnv?: string; passwordEnv?: string }): { usernameEnv: string; passwordEnv: string } | undefined {
  const { usernameEnv, passwordEnv } = options;
  if (usernameEnv === undefined && passwordEnv === undefined) return undefined;
  if (usernameEnv === undefined || passwordEnv === undefined) {
    const missing = usernameEnv === undefined ? 'usernameEnv' : 'passwordEnv';
    throw new GeneratorOptionError(missing, 'login needs both --usernameEnv and --passwordEnv');
  }
  for (const [option, name] of [
    ['usernameEnv', usernameEnv],
    ['passwordEnv', passwordEnv],
  ] as const) {
    if (!ENV_NAME.test(name)) {
      throw new GeneratorOptionError(option, `"${name}" is not an environment variable name: give the variable that holds the value, never the value`);
    }
  }
  return { usernameEnv, passwordEnv };
}
