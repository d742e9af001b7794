import type { DockerReleaseOptions } from '../options';
import type { GitContext } from '../git-context';
import { ReleaseError } from '../release-error';
import { SECRET_LOOKING } from '../secret-names';
import { renderTemplate, type Scope } from './evaluate';
import { hasExpression } from './template';
import { githubContext } from './github-context';
import { ExpressionError } from './parse';

/** The options that may hold `${{ github.* }}` and `${{ env.* }}` (from-workflow keeps them there). */
const LISTS = ['images', 'tags', 'flavor', 'labels', 'annotations', 'cacheFrom', 'cacheTo'] as const;

/** Environment variables an option's expressions read (`env.NAME`, `env['NAME']`), for the facts. */
export function expressionEnvNames(options: Partial<DockerReleaseOptions>): string[] {
  return [...new Set(expressionTexts(options).flatMap(envNamesIn))].sort();
}

const envNamesIn = (text: string): string[] => [...text.matchAll(/\benv(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([^']+)'\s*\])/g)].map((m) => (m[1] ?? m[2])!);

/** Variables holding credentials: what the options use as passwords, keys and build secrets, and any secret-looking name. */
function isCredential(name: string, options: DockerReleaseOptions): boolean {
  const logins = [options.login ?? []].flat();
  const held = [...logins.map((l) => l.passwordEnv), ...Object.values(options.secrets ?? {}), options.sign?.keyEnv, options.sign?.passwordEnv];
  return held.includes(name) || SECRET_LOOKING.test(name);
}

/**
 * Evaluates the expressions in the options with this run's github context and environment, as
 * the Actions runner evaluates them before an action reads its inputs. Pure; one clear line per
 * expression it cannot evaluate, naming the option.
 */
export function resolveRunTimeExpressions(options: DockerReleaseOptions, git: GitContext, env: Record<string, string | undefined>): DockerReleaseOptions {
  if (!expressionTexts(options).some(hasExpression)) return options;
  const scope: Scope = { strict: true, values: { github: githubContext(git, env), env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)) } };
  const render = (text: string, option: string): string => {
    // A tag, label, build arg or image name is stored in the clear: a credential never goes there.
    const credential = envNamesIn(text).find((name) => isCredential(name, options));
    if (credential !== undefined) {
      throw new ReleaseError(
        `${option}: "${text}" reads ${credential}, which holds a credential; it would be stored in the clear in the image or its name (use secrets for a build, login for a registry)`,
      );
    }
    try {
      return renderTemplate(text, scope);
    } catch (err) {
      if (err instanceof ExpressionError) throw new ReleaseError(`${option}: "${text}": ${err.message}`);
      throw err;
    }
  };
  const resolved: DockerReleaseOptions = { ...options };
  for (const key of LISTS) {
    const list = options[key];
    // metadata-action lower-cases image names: an owner from github.repository may have capitals.
    // A cache's ref= names an image too: lower-cased the same way.
    const lowerRef = (entry: string) => entry.replace(/(^|,)(\s*ref=)([^,]*)/, (_m, start: string, k: string, v: string) => `${start}${k}${v.toLowerCase()}`);
    const item = (text: string, i: number): string => {
      const value = render(text, `${key}[${i}]`);
      if (!hasExpression(text)) return value;
      if (key === 'images') refuseEmptyPart(text, value, `${key}[${i}]`, scope);
      return key === 'images' ? value.toLowerCase() : key === 'cacheFrom' || key === 'cacheTo' ? lowerRef(value) : value;
    };
    if (Array.isArray(list)) resolved[key] = list.map(item) as never;
  }
  if (options.buildArgs) resolved.buildArgs = Object.fromEntries(Object.entries(options.buildArgs).map(([k, v]) => [k, render(v, `buildArgs.${k}`)]));
  return resolved;
}

function expressionTexts(options: Partial<DockerReleaseOptions>): string[] {
  return [...LISTS.flatMap((key) => (Array.isArray(options[key]) ? (options[key] as string[]) : [])), ...Object.values(options.buildArgs ?? {})];
}

/**
 * An image name whose expression gave an empty path part (`ghcr.io//api`): one line saying which
 * `github.*` value came out empty here, rather than "not a valid image name" later.
 */
function refuseEmptyPart(text: string, value: string, option: string, scope: Scope): void {
  if (!/\/\/|^\/|\/$/.test(value.split('@')[0]!)) return;
  const github = scope.values['github'] as Record<string, unknown>;
  const empty = [...new Set([...text.matchAll(/\bgithub\.([a-z_]+)/g)].map((m) => m[1]!))].filter((name) => github[name] === '');
  const why = empty.length
    ? `${empty.map((n) => `github.${n}`).join(', ')} ${empty.length > 1 ? 'are' : 'is'} empty here (not in GitHub Actions, and no GitHub origin remote or GITHUB_REPOSITORY=owner/repo to take the repository from)`
    : 'an expression in it gave an empty value';
  throw new ReleaseError(`${option}: "${text}" gave "${value}": ${why}`);
}
