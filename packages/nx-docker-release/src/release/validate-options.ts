import type { DockerReleaseOptions } from './options';
import { parseImageLine } from '../metadata/images';
import { imageEntryName, parseImageName } from './image-ref';
import { BUILD_CONTEXT_NAME } from './build-contexts';
import { loginEntries } from './logins';
import { ReleaseError } from './release-error';
import { ENV_NAME, PLATFORM, SECRET_LOOKING } from './names';
import { provenanceMode } from './provenance';
import { checkLayerCaches } from './cache-checks';
import type { ReleaseFacts } from './types';

export { imageEntryName };

const SECRET_ID = /^[A-Za-z0-9_.-]+$/;

/** Every check that needs no process: a user mistake is reported before any docker call. */
export function validateOptions(options: DockerReleaseOptions, facts: ReleaseFacts, dryRun: boolean): string[] {
  const warnings: string[] = [];
  if (!Array.isArray(options.images) || options.images.length === 0) {
    throw new ReleaseError('images: at least one image name is required');
  }
  // Before the images: the registry override has already been applied to them.
  if (options.registry !== undefined) checkRegistryHost('registry', options.registry);
  options.images.forEach((entry, i) => {
    if (typeof entry === 'string' && entry.split(',').filter((part) => part.trim().startsWith('name=')).length > 1) {
      throw new ReleaseError(`images[${i}]: "${entry}" has more than one name= field; give each image its own entry`);
    }
    const name = imageEntryName(entry);
    if (name === undefined) {
      // metadata-action's own message (Unknown image attribute, ...), under this option's name.
      try {
        parseImageLine(entry);
      } catch (err) {
        throw new ReleaseError(`images[${i}]: ${(err as Error).message}`);
      }
      return;
    }
    const { registry, path } = parseImageName(name, `images[${i}]`);
    if (/[A-Z]/.test(registry)) throw new ReleaseError(`images[${i}]: "${name}" has an upper-case registry host (write it in lowercase: image names and their tags are lowercase)`);
    // A bare name is Docker Hub's official library/<name>: no user can push there.
    if (registry === 'docker.io' && !path.includes('/') && options.push !== false) {
      const line = `images[${i}]: "${name}" has no registry or namespace, so it means Docker Hub's official library/${name}, where nobody but Docker can push; name the registry (e.g. ghcr.io/<owner>/${name}), or set "registry" in the plugin's nx.json options`;
      if (!dryRun) throw new ReleaseError(line);
      warnings.push(`${line} (a real run stops here)`);
    }
  });
  const logins = Array.isArray(options.login) ? options.login : options.login ? [options.login] : [];
  logins.forEach((login, i) => {
    if (login.registry !== undefined) checkRegistryHost(Array.isArray(options.login) ? `login[${i}].registry` : 'login.registry', login.registry);
  });
  // Both are written (digestsDir also read) by the run: a path outside the workspace is refused.
  for (const option of ['resultFile', 'digestsDir'] as const) {
    const path = options[option];
    if (path !== undefined && !insideWorkspace(path)) throw new ReleaseError(`${option}: "${path}" is outside the workspace (give a path relative to the workspace root, without ..)`);
  }
  requirePath('context', options.context);
  requirePath('file', options.file);
  if (!facts.contextIsDirectory) {
    throw new ReleaseError(`context: build context "${options.context ?? facts.projectRoot}" is not a directory`);
  }
  if (!facts.dockerfileExists) {
    throw new ReleaseError(`file: Dockerfile "${options.file ?? `${options.context ?? facts.projectRoot}/Dockerfile`}" does not exist`);
  }
  checkBuildContexts(options, facts);
  for (const platform of options.platforms ?? []) {
    if (!PLATFORM.test(platform)) throw new ReleaseError(`platforms: "${platform}" is not os/arch[/variant]`);
  }
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) {
    if (!ENV_NAME.test(name)) throw new ReleaseError(`buildArgs: "${name}" is not a valid build argument name`);
    if (typeof value !== 'string') throw new ReleaseError(`buildArgs.${name}: the value must be a string`);
    if (SECRET_LOOKING.test(name)) {
      warnings.push(`buildArgs.${name} looks like a credential: build args stay in the image history; use secrets instead`);
    }
  }
  for (const [id, envName] of Object.entries(options.secrets ?? {})) {
    if (!SECRET_ID.test(id)) throw new ReleaseError(`secrets: "${id}" is not a valid secret id`);
    checkEnv(`secrets.${id}`, envName, facts, dryRun, warnings);
  }
  for (const login of loginEntries(options.login, options.images)) {
    checkEnv(`${login.option}.usernameEnv`, login.usernameEnv, facts, dryRun, warnings);
    checkEnv(`${login.option}.passwordEnv`, login.passwordEnv, facts, dryRun, warnings);
  }
  if (options.ref !== undefined && !/^refs\/(heads|tags|pull)\/.+/.test(options.ref)) {
    throw new ReleaseError(`ref: "${options.ref}" must look like refs/heads/<branch>, refs/tags/<tag> or refs/pull/<n>/merge`);
  }
  for (const [i, other] of (options.promoteFrom ?? []).entries()) {
    if (!/^[0-9a-f]{40}$/.test(other)) throw new ReleaseError(`promoteFrom[${i}]: "${other}" must be a full 40-character lowercase commit sha`);
  }
  if (options.sha !== undefined && !/^[0-9a-f]{40}$/.test(options.sha)) {
    throw new ReleaseError(`sha: "${options.sha}" must be a full 40-character lowercase commit sha`);
  }
  checkSign(options, facts, dryRun, warnings);
  warnings.push(...checkLayerCaches(options, facts, dryRun));
  provenanceMode(options.provenance);
  if (options.builder === 'buildx' && !facts.buildxAvailable) {
    throw new ReleaseError('builder: "buildx" was requested but the docker buildx plugin is not installed');
  }
  return warnings;
}

/** Keyed signing needs its variables and cosign; keyless needs the GitHub Actions OIDC token. */
function checkSign(options: DockerReleaseOptions, facts: ReleaseFacts, dryRun: boolean, warnings: string[]): void {
  const sign = options.sign;
  if (!sign || options.push === false) return;
  const stop = (line: string): void => {
    if (!dryRun) throw new ReleaseError(line);
    warnings.push(`${line} (a real run would stop here)`);
  };
  if (sign.keyless) {
    if (!facts.envPresent.has('ACTIONS_ID_TOKEN_REQUEST_URL'))
      stop('sign.keyless: no GitHub Actions OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): run in GitHub Actions with "permissions: id-token: write", or sign with keyEnv');
  } else {
    checkEnv('sign.keyEnv', sign.keyEnv, facts, dryRun, warnings);
    // A key made without a password reads an empty one: set but empty is fine here.
    if (sign.passwordEnv !== undefined) {
      if (!ENV_NAME.test(sign.passwordEnv)) throw new ReleaseError(`sign.passwordEnv: "${sign.passwordEnv}" is not an environment variable name`);
      if (!facts.envPresent.has(sign.passwordEnv) && !facts.envEmpty?.has(sign.passwordEnv)) stop(`sign.passwordEnv: environment variable ${sign.passwordEnv} is not set`);
    }
  }
  if (facts.cosignAvailable === false) stop(`sign: cosign was not found (${options.cosign ?? 'cosign on PATH'}); install cosign 2.x, or set the cosign option to its path`);
}

/**
 * A registry host as docker names it: a DNS name or IP with an optional port, lowercase. One label
 * without a dot or port (`myregistry`) is what docker reads as a Docker Hub namespace: pushes
 * would go to Docker Hub under another name, so it is refused (`localhost` is the exception, as
 * in docker). Upper case is refused too: metadata-action lowercases image names, so tags computed
 * for `registry.example.com` would never match a target named `Registry.Example.com`.
 */
function checkRegistryHost(option: string, value: string): void {
  if (!/^[a-z0-9.-]+(:[0-9]+)?$|^\[[0-9a-f:]+\](:[0-9]+)?$/.test(value) || value.startsWith('-')) {
    const hint = /[A-Z]/.test(value) ? ' (write it in lowercase: image names and their tags are lowercase)' : /^[a-z]+:\/\//i.test(value) ? ' (no scheme: the host alone)' : ' (host or host:port)';
    throw new ReleaseError(`${option}: "${value}" is not a registry host${hint}`);
  }
  if (!value.includes('.') && !value.includes(':') && value !== 'localhost') {
    throw new ReleaseError(
      `${option}: "${value}" has no dot or port, so docker would read it as a Docker Hub namespace; name the host with a domain, a port or localhost (e.g. ${value}.example.com or ${value}:5000)`,
    );
  }
}

/** A workspace-relative path that stays inside the workspace. */
function insideWorkspace(path: string): boolean {
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\')) return false;
  const parts: string[] = [];
  for (const part of path.split(/[\\/]/)) {
    if (part === '..') {
      if (parts.pop() === undefined) return false;
    } else if (part !== '.' && part !== '') {
      parts.push(part);
    }
  }
  return parts.length > 0;
}

function checkBuildContexts(options: DockerReleaseOptions, facts: ReleaseFacts): void {
  const contexts = Object.entries(options.buildContexts ?? {});
  for (const [name, value] of contexts) {
    if (!BUILD_CONTEXT_NAME.test(name)) throw new ReleaseError(`buildContexts: "${name}" is not a valid build context name`);
    if (typeof value !== 'string' || value.trim() === '' || value.startsWith('-')) {
      throw new ReleaseError(`buildContexts.${name}: "${String(value)}" is not a usable directory or source`);
    }
    if (facts.missingBuildContexts?.includes(name)) throw new ReleaseError(`buildContexts.${name}: directory "${value}" does not exist`);
  }
  if (contexts.length > 0 && (options.builder === 'classic' || (options.builder !== 'buildx' && !facts.buildxAvailable))) {
    throw new ReleaseError('buildContexts: named build contexts need docker buildx, and the classic builder is in use');
  }
}

function requirePath(option: string, value: string | undefined): void {
  if (value !== undefined && (value === '' || value.startsWith('-'))) {
    throw new ReleaseError(`${option}: "${value}" is not a usable path`);
  }
}

function checkEnv(option: string, name: string, facts: ReleaseFacts, dryRun: boolean, warnings: string[]): void {
  if (typeof name !== 'string' || !ENV_NAME.test(name)) {
    throw new ReleaseError(`${option}: "${String(name)}" is not an environment variable name`);
  }
  if (!facts.envPresent.has(name)) {
    const message = `${option}: environment variable ${name} is ${facts.envEmpty?.has(name) ? 'set but empty' : 'not set'}`;
    if (!dryRun) throw new ReleaseError(message);
    warnings.push(`${message} (a real run would stop here)`);
  }
}
