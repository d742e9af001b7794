import { imageNameFor } from '../../graph/images/image-name';
import { compileReleaseTagPattern, lintTagRules } from '../../metadata';
import { parseTagEntry } from '../../metadata/tag-entry';
import { parseKeyValues } from '../shared/key-value';
import { ENV_NAME, isRegistryHost, PLATFORM, REPOSITORY_PATH, SECRET_LOOKING } from '../shared/names';
import { loginOptions } from '../shared/login-options';
import { GeneratorOptionError } from '../shared/option-error';
import { rejoinTagRules, TAG_PRESETS } from '../shared/tag-presets';
import type { ConfigurationGeneratorSchema } from './schema';
import { DEFAULT_RELEASE_TAG_PATTERN } from '../../release/defaults';

/** The release target options this generator owns, all validated. */
export interface ReleaseValues {
  images: string[];
  tags: string[];
  releaseTagPattern: string;
  login?: { usernameEnv: string; passwordEnv: string };
  platforms?: string[];
  buildArgs?: Record<string, string>;
  secrets?: Record<string, string>;
}

export interface NormalizedConfiguration {
  values: ReleaseValues;
  /** Values the user gave: on an existing target only these (and missing ones) are replaced. */
  explicit: Set<keyof ReleaseValues>;
  warnings: string[];
}

/** Defaults and every check; a misplaced option is refused here, before anything is written. */
export function normalizeOptions(options: ConfigurationGeneratorSchema, owner?: string, defaultPattern = DEFAULT_RELEASE_TAG_PATTERN): NormalizedConfiguration {
  const explicit = new Set<keyof ReleaseValues>();
  const warnings: string[] = [];
  const registry = options.registry ?? 'ghcr.io';
  if (!isRegistryHost(registry)) {
    throw new GeneratorOptionError('registry', `"${registry}" is not a registry host (host or host:port, e.g. ghcr.io); put the namespace in imageName`);
  }
  // ghcr.io names are <owner>/<name>: the owner of the origin remote when it is on GitHub.
  const ownerPrefix = options.imageName === undefined && registry === 'ghcr.io' && owner ? `${imageNameFor(owner)}/` : '';
  const imageName = options.imageName ?? `${ownerPrefix}${imageNameFor(options.project)}`;
  if (options.imageName === undefined && registry === 'ghcr.io' && !owner) {
    warnings.push(`image ghcr.io/${imageName} has no owner (no GitHub origin remote to take it from): ghcr.io only accepts ghcr.io/<owner>/<name>; pass --imageName=<owner>/${imageName}`);
  }
  if (!REPOSITORY_PATH.test(imageName)) {
    const hint = imageName.split('/').filter(Boolean).map(imageNameFor).join('/');
    throw new GeneratorOptionError('imageName', `"${imageName}" is not a valid repository path (lowercase a-z0-9 components separated by /, . _ -), e.g. "${hint}"`);
  }
  if (options.registry !== undefined || options.imageName !== undefined) explicit.add('images');

  const releaseTagPattern = options.releaseTagPattern ?? defaultPattern;
  try {
    compileReleaseTagPattern(releaseTagPattern, options.project);
  } catch (err) {
    throw new GeneratorOptionError('releaseTagPattern', (err as Error).message);
  }
  if (options.releaseTagPattern !== undefined) explicit.add('releaseTagPattern');

  const tags = tagRules(options);
  if (options.preset !== undefined || options.tags !== undefined) explicit.add('tags');

  const values: ReleaseValues = { images: [`${registry}/${imageName}`], tags, releaseTagPattern };
  const login = loginOptions(options);
  if (login) values.login = login;
  if (options.platforms?.length) values.platforms = platforms(options.platforms);
  const buildArgs = buildArgOptions(options.buildArgs);
  if (buildArgs) values.buildArgs = buildArgs;
  const secrets = secretOptions(options.secrets);
  if (secrets) values.secrets = secrets;
  for (const key of ['login', 'platforms', 'buildArgs', 'secrets'] as const) if (values[key]) explicit.add(key);
  return { values, explicit, warnings: [...warnings, ...lintTagRules(tags, [])] };
}

function tagRules(options: ConfigurationGeneratorSchema): string[] {
  const preset = options.preset ?? 'seed';
  if (preset !== 'custom') {
    if (options.tags?.length) {
      throw new GeneratorOptionError('tags', `only used with --preset=custom (preset "${preset}" writes its own rules); add --preset=custom or drop --tags`);
    }
    return [...TAG_PRESETS[preset]];
  }
  const rules = rejoinTagRules(options.tags ?? []);
  if (rules.length === 0) throw new GeneratorOptionError('tags', '--preset=custom needs at least one --tags rule, e.g. --tags="type=sha"');
  rules.forEach((rule, i) => {
    try {
      parseTagEntry(rule);
    } catch (err) {
      throw new GeneratorOptionError(`tags[${i}]`, `"${rule}": ${(err as Error).message}`);
    }
  });
  return rules;
}

function platforms(list: string[]): string[] {
  const flat = list
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of flat) if (!PLATFORM.test(p)) throw new GeneratorOptionError('platforms', `"${p}" is not os/arch[/variant], e.g. linux/amd64`);
  return flat;
}

function buildArgOptions(entries: string[] | undefined): Record<string, string> | undefined {
  const args = parseKeyValues('buildArgs', entries);
  for (const name of Object.keys(args)) {
    if (!ENV_NAME.test(name)) throw new GeneratorOptionError('buildArgs', `"${name}" is not a valid build argument name`);
    if (SECRET_LOOKING.test(name)) {
      throw new GeneratorOptionError(
        'buildArgs',
        `${name} looks like a credential and build args stay in the image history; use --secrets=${name}=<ENV_VAR> and read it with RUN --mount=type=secret,id=${name}`,
      );
    }
  }
  return Object.keys(args).length ? args : undefined;
}

function secretOptions(entries: string[] | undefined): Record<string, string> | undefined {
  const secrets = parseKeyValues('secrets', entries);
  for (const [id, env] of Object.entries(secrets)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new GeneratorOptionError('secrets', `"${id}" is not a valid secret id`);
    if (!ENV_NAME.test(env)) {
      throw new GeneratorOptionError(`secrets`, `${id}: "${env}" is not an environment variable name: give ID=ENV_VAR, the variable that holds the value, never the value`);
    }
  }
  return Object.keys(secrets).length ? secrets : undefined;
}
