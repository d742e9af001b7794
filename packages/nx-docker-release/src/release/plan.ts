import { computeMetadata, MetadataError } from '../metadata';
import { duplicateTags, lintTagRules } from '../metadata/lint';
import { compileReleaseTagPattern } from '../metadata/release-tag-pattern';
import type { DockerReleaseOptions } from '../executors/docker-release/schema';
import { buildxArgv, classicArgv, pushArgv } from './commands';
import { parseImageName, withRegistry } from './image-ref';
import { decideReleaseRef } from './release-ref';
import { ReleaseError } from './release-error';
import type { Plan, PlanStep, ReleaseFacts } from './types';
import { imageEntryName, validateOptions } from './validate-options';

/**
 * options + facts -> the exact plan a run executes and --dry-run prints. Pure: every fact
 * arrives as data, nothing here starts a process or touches the filesystem.
 */
export function planRelease(input: DockerReleaseOptions, facts: ReleaseFacts): Plan {
  const options = normalize(input);
  const resultFile = options.resultFile ?? `dist/docker-release/${facts.projectName}.json`;
  const dryRun = options.dryRun === true;
  const warnings = validateOptions(options, facts, dryRun);
  const git = { ...facts.git, ...(options.ref ? { ref: options.ref } : {}), ...(options.sha ? { sha: options.sha } : {}) };
  const pattern = options.releaseTagPattern ?? '{version}';
  guard('releaseTagPattern', () => compileReleaseTagPattern(pattern, facts.projectName));
  const decision = decideReleaseRef(git, pattern, facts.projectName);
  if (decision.kind === 'skip') {
    return { kind: 'skip', project: facts.projectName, reason: decision.reason, resultFile };
  }
  const meta = guard('tags', () =>
    computeMetadata({
      context: { eventName: git.eventName, ref: decision.ref, sha: git.sha, payload: git.payload, commitDate: git.commitDate },
      // Per-project labels: title and description name the project, not the whole repository.
      repo: { ...(git.repo ?? {}), name: facts.projectName, description: facts.projectDescription ?? git.repo?.description },
      images: options.images,
      tags: options.tags ?? [],
      flavor: options.flavor ?? [],
      labels: options.labels ?? [],
      annotations: options.annotations ?? [],
      env: facts.metadataEnv,
      now: facts.now,
    }),
  );
  warnings.push(...lintTagRules(options.tags ?? [], options.flavor ?? []));
  const dupes = duplicateTags(meta.tags);
  if (dupes.length) warnings.push(`the tag rules produce ${dupes.join(', ')} more than once; each is pushed once`);
  const tags = [...new Set(meta.tags)];
  if (tags.length === 0) throw new ReleaseError('tags: the tag rules produced no tag for this commit; nothing to push');
  const images = options.images.map((entry) => imageEntryName(entry) ?? entry);
  const push = options.push !== false;
  const builder = options.builder === 'classic' || (options.builder !== 'buildx' && !facts.buildxAvailable) ? 'classic' : 'buildx';
  const buildInput = {
    context: options.context ?? facts.projectRoot,
    file: options.file ?? `${options.context ?? facts.projectRoot}/Dockerfile`,
    tags,
    labels: meta.labels,
    // Level-prefixed (manifest:key=value), as build-push-action receives them from metadata-action.
    annotations: options.annotations?.length ? meta.json.annotations : [],
    options,
  };
  const steps: PlanStep[] = [];
  if (options.login && push) {
    const registry = options.login.registry ?? parseImageName(images[0] ?? '').registry;
    steps.push({ kind: 'login', registry, usernameEnv: options.login.usernameEnv, passwordEnv: options.login.passwordEnv });
  }
  if (builder === 'buildx') {
    steps.push({ kind: 'build', builder, argv: buildxArgv(buildInput, push), env: {} });
  } else {
    steps.push({ kind: 'build', builder, argv: classicArgv(buildInput), env: { DOCKER_BUILDKIT: '1' } });
    if (push) tags.forEach((tag) => steps.push({ kind: 'push', tag, argv: pushArgv(tag) }));
  }
  return {
    kind: 'release',
    project: facts.projectName,
    images,
    version: meta.version,
    tags,
    labels: meta.labels,
    annotations: meta.annotations,
    warnings,
    ref: decision.ref,
    sha: git.sha,
    push,
    steps,
    resultFile,
  };
}

/** Applies the registry override to every image entry (and so to the login registry). */
function normalize(options: DockerReleaseOptions): DockerReleaseOptions {
  const registry = options.registry;
  if (!registry) return options;
  const images = (options.images ?? []).map((entry, i) => {
    const name = imageEntryName(entry);
    if (name === undefined) return entry;
    parseImageName(name, `images[${i}]`);
    const moved = withRegistry(name, registry);
    return entry.includes('=') ? entry.replace(`name=${name}`, `name=${moved}`) : moved;
  });
  const login = options.login ? { ...options.login, registry } : undefined;
  return { ...options, images, login };
}

/** Turns the metadata engine's typed errors into user errors naming the option at fault. */
function guard<T>(option: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MetadataError) throw new ReleaseError(`${option}: ${err.message}`);
    throw err;
  }
}
