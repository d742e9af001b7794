import type { DockerReleaseOptions } from '../executors/docker-release/schema';
import { parseImageName } from './image-ref';
import { BUILD_CONTEXT_NAME } from './build-contexts';
import { loginEntries } from './logins';
import { ReleaseError } from './release-error';
import type { ReleaseFacts } from './types';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_]+)?$/;
const SECRET_LOOKING = /(TOKEN|PASSWORD|PASSWD|SECRET|PAT|API_?KEY|CREDENTIALS?)$/i;

/** Every check that needs no process: a user mistake is reported before any docker call. */
export function validateOptions(options: DockerReleaseOptions, facts: ReleaseFacts, dryRun: boolean): string[] {
  const warnings: string[] = [];
  if (!Array.isArray(options.images) || options.images.length === 0) {
    throw new ReleaseError('images: at least one image name is required');
  }
  options.images.forEach((entry, i) => {
    const name = imageEntryName(entry);
    if (name !== undefined) parseImageName(name, `images[${i}]`);
  });
  if (options.registry !== undefined && !/^[A-Za-z0-9.-]+(:[0-9]+)?$|^\[[0-9a-fA-F:]+\](:[0-9]+)?$/.test(options.registry)) {
    throw new ReleaseError(`registry: "${options.registry}" is not a registry host (host or host:port)`);
  }
  requirePath('context', options.context);
  requirePath('file', options.file);
  if (!facts.contextIsDirectory) {
    throw new ReleaseError(`context: build context "${options.context ?? facts.projectRoot}" is not a directory`);
  }
  if (!facts.dockerfileExists) {
    throw new ReleaseError(`file: Dockerfile "${options.file ?? '<context>/Dockerfile'}" does not exist`);
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
  if (options.sha !== undefined && !/^[0-9a-f]{40}$/.test(options.sha)) {
    throw new ReleaseError(`sha: "${options.sha}" must be a full 40-character lowercase commit sha`);
  }
  if (options.builder === 'buildx' && !facts.buildxAvailable) {
    throw new ReleaseError('builder: "buildx" was requested but the docker buildx plugin is not installed');
  }
  return warnings;
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

/** The image name of a metadata-action images entry: `name` or `name=<n>,enable=<bool>`. */
export function imageEntryName(entry: string): string | undefined {
  if (!entry.includes('=')) return entry.trim();
  const field = entry.split(',').find((part) => part.trim().startsWith('name='));
  return field?.trim().slice('name='.length);
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
    const message = `${option}: environment variable ${name} is not set`;
    if (!dryRun) throw new ReleaseError(message);
    warnings.push(`${message} (a real run would stop here)`);
  }
}
