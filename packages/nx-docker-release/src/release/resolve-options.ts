import { MetadataError } from '../metadata';
import { compileReleaseTagPattern } from '../metadata/release-tag-pattern';
import { parseDockerfile } from '../dockerfile/parse-dockerfile';
import { buildRegistries } from './build-registries';
import { DEFAULT_RELEASE_TAG_PATTERN } from './defaults';
import { resolveRunTimeExpressions } from './expressions/run-time';
import type { GitContext } from './git-context';
import { parseImageName, parsePullReference, withRegistry } from './image-ref';
import { CACHE_REGISTRY_ENV, cachesWithRegistry, withLayerCache } from './layer-cache';
import type { DockerReleaseOptions } from './options';
import { decideReleaseRef } from './release-ref';
import { ReleaseError } from './release-error';
import { imageEntryName } from './validate-options';

declare const RESOLVED: unique symbol;

/**
 * The options of one release after resolution: run-time expressions evaluated (build args, tags,
 * labels, images, caches), the registry override applied to images and logins. Every stage after
 * resolution (the facts, the content key, the plan) takes this type, so none can read an option
 * before its `${{ }}` parts are evaluated.
 */
export type ResolvedOptions = DockerReleaseOptions & { readonly [RESOLVED]: true };

export interface ResolveInput {
  /** The commit's context (the ref and sha options not applied yet). */
  git: GitContext;
  projectName: string;
  /** The environment variables the options' expressions read. */
  env: Record<string, string | undefined>;
  /** The Dockerfile's text when it exists: under `--registry`, the logins of registries it builds on stay. */
  dockerfile?: string;
}

/** The commit the release is about: the context, with the `ref`/`sha` options over it. */
export function releaseGit(options: Pick<DockerReleaseOptions, 'ref' | 'sha'>, git: GitContext): GitContext {
  return { ...git, ...(options.ref ? { ref: options.ref } : {}), ...(options.sha ? { sha: options.sha } : {}) };
}

/** Pure: the one place options are evaluated; one line naming the option for what cannot be. */
export function resolveOptions(input: DockerReleaseOptions, r: ResolveInput): ResolvedOptions {
  const git = releaseGit(input, r.git);
  const pattern = input.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN;
  try {
    compileReleaseTagPattern(pattern, r.projectName);
  } catch (err) {
    if (err instanceof MetadataError) throw new ReleaseError(`releaseTagPattern: ${err.message}`);
    throw err;
  }
  const decision = decideReleaseRef(git, pattern, r.projectName);
  // Expressions kept from a workflow read the github context of this release: a release of a
  // tag found at the commit sees that tag as github.ref, as the tag push would.
  const githubRef = decision.kind === 'release' ? decision.githubRef : git.ref;
  const evaluated = resolveRunTimeExpressions(input, { ...git, ref: githubRef }, r.env);
  const bases = r.dockerfile === undefined ? [] : parseDockerfile(r.dockerfile, evaluated.buildArgs ?? {}).images.map((i) => i.image);
  // The layer cache follows the images' final names: --registry moves a cache next to the image with it.
  const placed = withLayerCache(withRegistryOverride(evaluated), r.projectName, r.env[CACHE_REGISTRY_ENV]);
  return withLoginOverride(placed, buildRegistries(bases, [...(placed.cacheFrom ?? []), ...(placed.cacheTo ?? [])])) as ResolvedOptions;
}

/** Applies the registry override to every image entry and to the registry caches in the images' registries. */
function withRegistryOverride(options: DockerReleaseOptions): DockerReleaseOptions {
  const registry = options.registry;
  if (!registry) return options;
  const from = new Set(
    (options.images ?? []).flatMap((entry) => {
      const name = imageEntryName(entry);
      return name === undefined ? [] : [parsePullReference(name)?.registry ?? ''];
    }),
  );
  const images = (options.images ?? []).map((entry, i) => {
    const name = imageEntryName(entry);
    if (name === undefined) return entry;
    parseImageName(name, `images[${i}]`);
    const moved = withRegistry(name, registry);
    if (!entry.includes('=')) return moved;
    // The field that names the image (bare or name=) takes the new name; enable= and the rest stay.
    return entry
      .split(',')
      .map((field) => (field.trim() === name ? moved : field.replace(/^(\s*name\s*=\s*)(.*)$/i, (whole, key: string, value: string) => (value.trim() === name ? `${key}${moved}` : whole))))
      .join(',');
  });
  const cacheFrom = cachesWithRegistry(options.cacheFrom, from, registry);
  const cacheTo = cachesWithRegistry(options.cacheTo, from, registry);
  return { ...options, images, ...(cacheFrom ? { cacheFrom } : {}), ...(cacheTo ? { cacheTo } : {}) };
}

/** Under the registry override the first login follows the images. `reads`: the registries the build reads besides its targets. */
function withLoginOverride(options: DockerReleaseOptions, reads: readonly string[]): DockerReleaseOptions {
  const registry = options.registry;
  if (!registry) return options;
  // Every image now goes to one registry and the first login follows it; the others stay only
  // where the build reads from their registry (a private base image, a registry cache).
  const [first, ...others] = Array.isArray(options.login) ? options.login : options.login ? [options.login] : [];
  if (!first) return options;
  const kept = others.filter((l) => l.registry !== undefined && l.registry !== registry && reads.includes(l.registry));
  return { ...options, login: kept.length ? [{ ...first, registry }, ...kept] : { ...first, registry } };
}
