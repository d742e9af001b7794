import type { LoginOptions } from '../../release/options';
import { resolveExpression } from './expressions';
import type { WorkflowStep } from './read-workflow';
import { resolvedValue, type Translation } from './translation';

/**
 * docker/login-action: credentials become environment variable names. `${{ github.actor }}`
 * maps to GITHUB_ACTOR, which Actions sets in every step.
 * https://github.com/docker/login-action#inputs
 */
export function translateLogin(step: WorkflowStep, t: Translation): LoginOptions | undefined {
  const usernameEnv = credentialEnv(step, 'username', t);
  const passwordEnv = credentialEnv(step, 'password', t);
  const registry = resolvedValue(step, 'registry', t);
  for (const key of Object.keys(step.with)) {
    if (!['registry', 'username', 'password', 'logout'].includes(key)) {
      t.untranslated.push(`${step.label}: ${key}: not supported by the executor's login; left out`);
    }
  }
  // login-action without `registry` logs in to Docker Hub.
  if (usernameEnv && passwordEnv) return { registry: registry ?? 'docker.io', usernameEnv, passwordEnv };
  t.untranslated.push(`${step.label}: no login written (it needs both username and password as variables)`);
  return undefined;
}

function credentialEnv(step: WorkflowStep, key: 'username' | 'password', t: Translation): string | undefined {
  const raw = step.with[key];
  if (raw === undefined) return undefined;
  const resolved = resolveExpression(raw, step, true);
  if (resolved.kind === 'secret') return resolved.name;
  // `${{ env.X }}` holding `${{ secrets.X }}` (or vars, or set earlier): the variable X itself.
  const variable = resolved.kind === 'text' ? /^\$\{\{ env\.([A-Za-z_][A-Za-z0-9_]*) \}\}$/.exec(resolved.value)?.[1] : undefined;
  if (variable !== undefined) return variable;
  // The github context values Actions also sets as variables in every step.
  const github = resolved.kind === 'text' ? /^\$\{\{ github\.(actor|repository_owner) \}\}$/.exec(resolved.value)?.[1] : undefined;
  if (github !== undefined) {
    const name = github === 'actor' ? 'GITHUB_ACTOR' : 'GITHUB_REPOSITORY_OWNER';
    t.warnings.push(`${step.label}: ${key} \${{ github.${github} }} is read from ${name}, which GitHub Actions sets in every step`);
    return name;
  }
  const what = resolved.kind === 'text' && !resolved.value.includes('${{') ? 'a literal value' : 'an expression';
  t.untranslated.push(`${step.label}: ${key} is ${what}; put it in an environment variable and set login.${key}Env`);
  return undefined;
}
