import { computeMetadataDetailed, MetadataError, NO_TAG_WARNING, NO_VERSION_WARNING, splitKeyValue } from '../metadata';
import { checkTagRules, listTemplateProblem } from '../metadata/check-tag-rules';
import { duplicateTags, lintTagRules } from '../metadata/lint';
import type { DockerReleaseOptions } from './options';
import { DEFAULT_RELEASE_TAG_PATTERN, DEFAULT_RETRY } from './defaults';
import { checkCommandSizes, checkValueSizes } from './argv-limits';
import { buildxArgv, classicArgv, pushArgv, saveArgv, type BuildInputs } from './commands';
import { checkRelayName, parseImageName } from './image-ref';
import { loginEntries } from './logins';
import { buildReads } from './build-registries';
import { cachesForPlatform } from './layer-cache';
import { decideReleaseRef, listPatterns } from './release-ref';
import { ReleaseError } from './release-error';
import { CONTENT_KEY_LABEL, RELAY, type BuildStep, type Plan, type PlanStep, type PublishStep, type PublishTarget, type ReleaseFacts } from './types';
import { imageEntryName, validateOptions } from './validate-options';
import { planProvenance, provenanceMode } from './provenance';
import { signStep } from './sign';
import { releaseGit, resolveOptions, type ResolvedOptions } from './resolve-options';

/**
 * Raw options + facts -> the plan: resolves the options (expressions evaluated against the facts'
 * commit and environment), then plans. For callers that hold no resolved options (specs, the
 * corpus harness, the library entry); the executor resolves once and calls planResolved.
 */
export function planRelease(input: DockerReleaseOptions, facts: ReleaseFacts, dockerfile?: string): Plan {
  return planResolved(resolveOptions(input, { git: facts.git, projectName: facts.projectName, env: facts.expressionEnv ?? {}, ...(dockerfile === undefined ? {} : { dockerfile }) }), facts);
}

/**
 * resolved options + facts -> the exact plan a run executes and --dry-run prints. Pure: every fact
 * arrives as data, nothing here starts a process or touches the filesystem.
 */
export function planResolved(options: ResolvedOptions, facts: ReleaseFacts): Plan {
  const git = releaseGit(options, facts.git);
  const pattern = options.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN;
  const decision = decideReleaseRef(git, pattern, facts.projectName, facts.otherReleaseTagPatterns);
  const resultFile = options.resultFile ?? `dist/docker-release/${facts.projectName}.json`;
  const dryRun = options.dryRun === true;
  const warnings = [...validateOptions(options, facts, dryRun), ...(facts.warnings ?? [])];
  if (decision.kind === 'skip') {
    return { kind: 'skip', project: facts.projectName, reason: decision.reason, resultFile };
  }
  if (decision.alsoReleases) {
    warnings.push(
      `releaseTagPattern: tag ${decision.githubRef.slice('refs/tags/'.length)} matches "${pattern}" of ${facts.projectName} and the pattern of ${listPatterns(decision.alsoReleases)}, so it releases each of them; give each project a pattern of its own, e.g. "{projectName}@{version}"`,
    );
  }
  // After the skip: a project this tag does not release is not refused for what its build would read.
  const sources = facts.sourceProblems ?? {};
  if (sources.refusal !== undefined) throw new ReleaseError(sources.refusal);
  if (sources.missing !== undefined && !dryRun) throw new ReleaseError(sources.missing);
  if (sources.missing !== undefined) warnings.push(sources.missing);
  guard('tags', () => checkTagRules(options.tags ?? [], options.flavor ?? []));
  for (const option of ['labels', 'annotations'] as const) {
    const problem = listTemplateProblem(options[option] ?? []);
    if (problem) throw new ReleaseError(`${option}${problem}`);
  }
  const computed = guard('tags', () =>
    computeMetadataDetailed({
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
  const meta = computed.output;
  // What upstream prints with core.warning while it computes (a tag that is not semver, a pattern that does not match);
  // that no tag came out is the skip reason below, not a warning.
  const none = meta.tags.length === 0 ? [NO_TAG_WARNING, NO_VERSION_WARNING] : [];
  warnings.push(...computed.warnings.filter((w) => !none.includes(w)).map((w) => `tags: ${w}`));
  warnings.push(...lintTagRules(options.tags ?? [], options.flavor ?? []));
  const dupes = duplicateTags(meta.tags);
  if (dupes.length) warnings.push(`the tag rules produce ${dupes.join(', ')} more than once; each is pushed once`);
  // No tag is nothing to release (a pull request without a type=ref,event=pr rule), not an error.
  if (meta.tags.length === 0) {
    const reason = `tags: the tag rules produce no tag for ${git.eventName} ${decision.ref}; nothing to release`;
    return { kind: 'skip', project: facts.projectName, reason, resultFile, ...(warnings.length ? { warnings } : {}) };
  }
  const dirty = dirtyTree(options, facts, git.sha, [...new Set(meta.tags)], dryRun, warnings);
  const tags = dirty.tags;
  if (dirty.revision) {
    // Label and annotations alike: the image must not claim the clean commit anywhere.
    const revise = (list: string[]): string[] => list.map((e) => e.replace(/^((?:[\w-]+(?:\[[^\]]*\])?,?)*:)?(org\.opencontainers\.image\.revision=).*$/, `$1$2${dirty.revision}`));
    meta.labels = revise(meta.labels);
    meta.annotations = revise(meta.annotations);
    meta.json.annotations = revise(meta.json.annotations);
  }
  const images = options.images.map((entry) => imageEntryName(entry) ?? entry);
  const push = options.push !== false;
  const builder = options.builder === 'classic' || (options.builder !== 'buildx' && !facts.buildxAvailable) ? 'classic' : 'buildx';
  const platforms = options.platforms ?? [];
  const pushMode = options.pushMode ?? 'registry';
  const labels = facts.contentKey ? [...meta.labels, `${CONTENT_KEY_LABEL}=${facts.contentKey}`] : meta.labels;
  checkValueSizes(labels, options.annotations?.length ? meta.annotations : [], options.buildArgs);
  const registryPublish = push && pushMode === 'registry';
  if (options.split && !registryPublish) throw new ReleaseError('split: a split release publishes over the registry API: it needs pushMode "registry" and push');
  const buildInput = {
    context: options.context ?? facts.projectRoot,
    file: options.file ?? `${options.context ?? facts.projectRoot}/Dockerfile`,
    // Registry mode: the engine only needs one local name; the tags are applied over the registry API.
    tags: registryPublish ? [primaryTag(tags, git.sha)] : tags,
    labels,
    // Level-prefixed (manifest:key=value), as build-push-action receives them from metadata-action.
    annotations: options.annotations?.length && !registryPublish ? meta.json.annotations : [],
    options,
  };
  const logins = loginEntries(options.login, images).map(({ registry, usernameEnv, passwordEnv }) => ({ registry, usernameEnv, passwordEnv }));
  const steps: PlanStep[] = [];
  if (registryPublish) {
    const primary = buildInput.tags[0];
    const annotations = levelAnnotations(options.annotations?.length ? meta.json.annotations : [], platforms.length > 1 || options.split !== undefined, warnings);
    const save = { kind: 'save' as const, argv: saveArgv(primary) };
    const viaRelay = builder === 'buildx' && facts.engineIsLocal !== false;
    const split = options.split;
    if (viaRelay && split !== 'merge') checkRelayName(publishTargets(images, tags)[0]?.repository ?? '');
    if (split === 'platforms' && platforms.length === 0) throw new ReleaseError('split: "platforms" publishes the platforms this run builds: set platforms (e.g. --platforms=linux/arm64)');
    if (split === 'platforms' && !viaRelay) throw new ReleaseError('split: "platforms" needs buildx and an engine on this machine (the relay)');
    const perPlatform = platforms.length > 1 || split === 'platforms';
    if (platforms.length > 1 && !viaRelay) {
      throw new ReleaseError(
        `platforms: ${platforms.length} platforms with pushMode "registry" need buildx and an engine on this machine (the relay); ${builder === 'classic' ? 'the classic builder builds one' : 'DOCKER_HOST/DOCKER_CONTEXT names another engine'}; use pushMode "docker"`,
      );
    }
    if (split === 'merge') {
      // Nothing is built here: the platform runs published their images by digest.
    } else if (viaRelay) {
      // BuildKit writes each manifest, so the manifest-level annotations are its flags. Several
      // platforms: one build each (the docker driver exports one platform at a time), then an index.
      const flags = Object.entries(annotations.manifest).map(([k, v]) => `manifest:${k}=${v}`);
      for (const platform of perPlatform ? platforms : [undefined]) {
        const tag = `${RELAY}:${relayTag(tagName(primary), platform)}`;
        const own = platform ? platformOptions(options, platform) : options;
        steps.push(buildStep(builder, { ...buildInput, tags: [tag], annotations: flags, options: own }, 'push'));
      }
    } else {
      steps.push(buildStep(builder, buildInput, 'load'), save);
    }
    steps.push({
      kind: 'publish',
      via: viaRelay ? 'relay' : 'save',
      ...(viaRelay ? { fallback: { build: buildStep(builder, buildInput, 'load'), save } } : {}),
      baseImages: facts.baseImages ?? [],
      ...(facts.baseDigests?.some((b) => 'digest' in b) ? { baseDigests: Object.fromEntries(facts.baseDigests.flatMap((b) => ('digest' in b ? [[b.image, b.digest]] : []))) } : {}),
      platform: platforms[0] ?? 'linux/amd64',
      ...(perPlatform || (split === 'merge' && platforms.length) ? { platforms, relayTags: platforms.map((p) => relayTag(tagName(primary), p)) } : {}),
      ...(split ? { split, digestsDir: options.digestsDir ?? `dist/docker-release/${facts.projectName}/digests` } : {}),
      targets: publishTargets(images, tags),
      primaryTag: tagName(primary),
      ...promoteCandidates(options.promoteFrom, tagName(primary), git.sha),
      contentKey: facts.contentKey,
      ...provenanceOf(options, facts, git, decision.ref, buildInput, platforms, builder, split),
      promote: options.promote !== false && split !== 'platforms',
      skipUnchanged: options.skipUnchanged === true && split !== 'platforms',
      immutableTags: options.immutableTags === true,
      rewindFloatingTags: options.rewindFloatingTags === true,
      annotations: annotations.manifest,
      ...(Object.keys(annotations.index).length ? { indexAnnotations: annotations.index } : {}),
      ...(Object.keys(annotations.descriptor).length ? { descriptorAnnotations: annotations.descriptor } : {}),
      credentials: logins,
      retry: { ...DEFAULT_RETRY, ...options.retry },
    });
  } else {
    if (push) logins.forEach((login) => steps.push({ kind: 'login', ...login }));
    steps.push(buildStep(builder, buildInput, push ? 'push' : 'none'));
    if (builder === 'classic' && push) tags.forEach((tag) => steps.push({ kind: 'push', tag, argv: pushArgv(tag) }));
    if (push && options.provenance !== undefined && provenanceMode(options.provenance)) {
      warnings.push('provenance: attached over the registry API only (pushMode "registry"); this docker push carries none');
    }
  }
  // A platform run of a split release publishes untagged images: the merge run signs the index.
  if (options.sign && push && options.split !== 'platforms') steps.push(signStep(options.sign, options.cosign ?? 'cosign', images));
  else if (options.sign && !push) warnings.push('sign: nothing is pushed (push: false), so nothing is signed');
  checkCommandSizes(steps);
  return {
    kind: 'release',
    project: facts.projectName,
    images,
    version: meta.version,
    tags,
    labels,
    annotations: options.annotations?.length ? meta.annotations : [],
    reads: buildReads(facts.baseImages ?? [], [...(options.cacheFrom ?? []), ...(options.cacheTo ?? [])], logins),
    warnings,
    ref: decision.ref,
    sha: git.sha,
    push,
    steps,
    resultFile,
  };
}

/** The provenance a registry publish attaches; none for a platform run of a split release (the merge attaches). */
function provenanceOf(
  options: DockerReleaseOptions,
  facts: ReleaseFacts,
  git: ReleaseFacts['git'],
  ref: string,
  build: { context: string; file: string },
  platforms: string[],
  builder: 'buildx' | 'classic',
  split: DockerReleaseOptions['split'],
): Pick<PublishStep, 'provenance'> {
  const mode = provenanceMode(options.provenance);
  if (!mode || split === 'platforms') return {};
  const provenance = planProvenance({
    mode,
    options,
    git,
    ref,
    project: facts.projectName,
    target: facts.targetName ?? 'release',
    context: build.context,
    file: build.file,
    platforms: platforms.length ? platforms : ['linux/amd64'],
    builder,
    contentKey: facts.contentKey,
    baseImages: facts.baseImages ?? [],
    run: facts.run ?? { builderId: 'urn:nx-docker-release:local' },
  });
  return { provenance };
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

function buildStep(builder: 'buildx' | 'classic', input: BuildInputs, output: 'push' | 'load' | 'none'): BuildStep {
  return builder === 'buildx' ? { kind: 'build', builder, argv: buildxArgv(input, output), env: {} } : { kind: 'build', builder, argv: classicArgv(input), env: { DOCKER_BUILDKIT: '1' } };
}

/**
 * An image named after a commit must be built from it. Uncommitted changes to tracked inputs stop
 * the run, naming them; with allowDirty the run goes on, but no tag names the commit (sha tags are
 * left out) and the revision label says `<sha>-dirty`. A dry run always prints the plan: what stops
 * a real run is a warning there, and the plan is the commit's.
 */
function dirtyTree(options: DockerReleaseOptions, facts: ReleaseFacts, sha: string, tags: string[], dryRun: boolean, warnings: string[]): { tags: string[]; revision?: string } {
  const changed = facts.changedFiles ?? [];
  if (changed.length === 0) return { tags };
  const list = `${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ` and ${changed.length - 5} more` : ''}`;
  const refuse = (line: string): { tags: string[] } => {
    if (!dryRun) throw new ReleaseError(line);
    warnings.push(`${line} (a real run stops here)`);
    return { tags };
  };
  if (!options.allowDirty) {
    return refuse(
      `the build inputs have uncommitted changes (${list}): an image tagged with commit ${sha.slice(0, 7)} must be built from it; commit or stash them, or set allowDirty to build without tags that name the commit`,
    );
  }
  const names = (t: string): boolean => sha !== '' && (tagName(t).includes(sha.slice(0, 7)) || tagName(t).includes(sha));
  const kept = tags.filter((t) => !names(t));
  if (kept.length === 0) return refuse('allowDirty: every tag names the commit, so none may be pushed from a changed tree; add a rule that does not (e.g. type=raw,value=dev)');
  warnings.push(`allowDirty: building uncommitted changes (${list}); ${tags.length - kept.length} tag(s) naming commit ${sha.slice(0, 7)} left out, revision label ${sha}-dirty`);
  return { tags: kept, revision: `${sha}-dirty` };
}

/** The commit's immutable reference: its sha tag when the rules produce one, else the first tag. */
/** The primary tag each other commit's release got: this one's with their sha written in (none without a sha tag). */
function promoteCandidates(from: readonly string[] | undefined, primary: string, sha: string): { promoteCandidates?: string[] } {
  if (!from?.length || !sha) return {};
  const [form, length] = primary.includes(sha) ? [sha, 40] : primary.includes(sha.slice(0, 7)) ? [sha.slice(0, 7), 7] : ['', 0];
  if (!form) return {};
  const tags = from.filter((other) => other !== sha).map((other) => primary.split(form).join(other.slice(0, length)));
  return tags.length ? { promoteCandidates: [...new Set(tags)] } : {};
}

function primaryTag(tags: string[], sha: string): string {
  const short = sha.slice(0, 7);
  return tags.find((t) => short && tagName(t).includes(`sha-${short}`)) ?? tags[0];
}

function tagName(reference: string): string {
  return reference.slice(reference.lastIndexOf(':') + 1);
}

function publishTargets(images: string[], tags: string[]): PublishTarget[] {
  return images
    .map((image) => {
      const { registry, path } = parseImageName(image);
      const own = tags.filter((t) => t.slice(0, t.lastIndexOf(':')) === image).map(tagName);
      return { image, registry, repository: path, tags: own };
    })
    .filter((t) => t.tags.length > 0);
}

/**
 * metadata-action's annotation levels, for a push over the registry API: `manifest` goes into each
 * image manifest; with several platforms `index` goes into the index and `manifest-descriptor`
 * onto each manifest's entry in it. `index-descriptor` annotates an index's descriptor in an OCI
 * layout, which a registry push has none of (and one platform makes no index at all): warned.
 */
function levelAnnotations(prefixed: string[], index: boolean, warnings: string[]): { manifest: Record<string, string>; index: Record<string, string>; descriptor: Record<string, string> } {
  const out = { manifest: {} as Record<string, string>, index: {} as Record<string, string>, descriptor: {} as Record<string, string> };
  for (const entry of prefixed) {
    const colon = entry.indexOf(':');
    const level = entry.slice(0, colon);
    const pair = entry.slice(colon + 1);
    const into = level === 'manifest' ? out.manifest : index && level === 'index' ? out.index : index && level === 'manifest-descriptor' ? out.descriptor : undefined;
    if (!into) {
      warnings.push(`annotation level "${level}" is not written by pushMode "registry" ${index ? 'to a registry' : 'for one platform (it writes one manifest)'}: ${pair}`);
      continue;
    }
    const [key, value] = splitKeyValue(pair);
    into[key] = value;
  }
  return out;
}

/** One platform's build of a release built per platform: that platform only, its own layer caches. */
function platformOptions(options: DockerReleaseOptions, platform: string): DockerReleaseOptions {
  const cacheFrom = cachesForPlatform(options.cacheFrom, platform);
  const cacheTo = cachesForPlatform(options.cacheTo, platform);
  return { ...options, platforms: [platform], ...(cacheFrom ? { cacheFrom } : {}), ...(cacheTo ? { cacheTo } : {}) };
}

/** The relay-only tag of one platform's build (never pushed to a registry). */
function relayTag(primary: string, platform: string | undefined): string {
  return platform ? `${primary}-${platform.replace(/\//g, '-')}` : primary;
}
