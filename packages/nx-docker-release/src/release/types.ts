import type { ProjectTagPattern } from '../metadata/release-tag-overlap';
import type { GitContext } from './git-context';
import type { DockerReleaseOptions } from './options';
import type { ProvenancePlan, RunInfo } from './provenance';
import type { BuildRead } from './build-registries';

/** Facts the executor gathered from the filesystem and the environment, as plain data. */
export interface ReleaseFacts {
  projectName: string;
  projectDescription?: string;
  projectRoot: string;
  git: GitContext;
  /** Names of environment variables that are set and non-empty (values never enter the plan). */
  envPresent: ReadonlySet<string>;
  /** Names of environment variables that are set to the empty string. */
  envEmpty?: ReadonlySet<string>;
  /** The environment variables the options' `${{ env.X }}` expressions read (set ones only). */
  expressionEnv?: Record<string, string>;
  /** DOCKER_METADATA_* knobs, passed to the metadata engine as upstream reads them. */
  metadataEnv: Record<string, string>;
  contextIsDirectory: boolean;
  /** Named build contexts given as directories that do not exist. */
  missingBuildContexts?: string[];
  dockerfileExists: boolean;
  /** COPY/ADD sources of the built stages the build would not find: `refusal` (excluded by .dockerignore, or the wrong context) refuses any run; `missing` (maybe a build output not made yet) refuses a real run and warns in a dry run. */
  sourceProblems?: { refusal?: string; missing?: string };
  buildxAvailable: boolean;
  /** Images the Dockerfile builds on (FROM, COPY --from), build args applied; `scratch` and stages left out. */
  baseImages?: string[];
  /** Whether the docker engine runs on this machine (it can reach a loopback port of this process). */
  engineIsLocal?: boolean;
  /** The engine's platform (OCI form, `linux/amd64`) when known: RUN steps of another platform run under emulation. */
  hostPlatform?: string;
  /** Digest of the image inputs (context files, Dockerfile, args, platforms); see facts/content-key. */
  contentKey?: string;
  /** Files the build reads (context sources, Dockerfile, named contexts) that are not the commit's: modified tracked ones, untracked ones git does not ignore. */
  changedFiles?: string[];
  /** What the facts found that the plan reports: a whole-context copy of .git or node_modules, a base image that could not be read. */
  warnings?: string[];
  /** The base images as their registries resolve them now (read before the plan; their digests are in the content key). */
  baseDigests?: BaseDigest[];
  /** The release tag patterns of the workspace's other release targets: a tag that matches one of them as well is named. */
  otherReleaseTagPatterns?: ProjectTagPattern[];
  /** The Nx target being run (named in provenance). */
  targetName?: string;
  /** Where the run happens (the CI's run URL), for provenance. */
  run?: RunInfo;
  /** Whether the cosign program answers (checked only when sign is set). */
  cosignAvailable?: boolean;
  /** The buildx builder a cacheTo would export through (gathered only when there is one). */
  cacheBuilder?: CacheBuilder;
  now: Date;
}

/** A buildx builder as a cache export sees it: its driver and, for the docker driver, the engine's image store. */
export interface CacheBuilder {
  name: string;
  driver?: string;
  /** docker driver: whether the engine uses the containerd image store (which can export caches). */
  containerdStore?: boolean;
  /** Why the builder could not be inspected. */
  unreadable?: string;
}

/** A base image as the registry resolves it now: its digest, or why it could not be read. */
export type BaseDigest = { image: string; digest: string } | { image: string; unreadable: string };

export interface LoginStep {
  kind: 'login';
  registry: string;
  usernameEnv: string;
  passwordEnv: string;
}

export interface BuildStep {
  kind: 'build';
  builder: 'buildx' | 'classic';
  /** docker argv; the token TMP_DIR stands for the run's private temporary directory. */
  argv: string[];
  /** Extra environment for the build (names only, e.g. DOCKER_BUILDKIT). */
  env: Record<string, string>;
}

/** cosign signing of every pushed digest, once per digest and repository, after the tags. */
export interface SignStep {
  kind: 'sign';
  cosign: string;
  /** cosign argv without the reference (appended per image as <image>@<digest>). */
  argv: string[];
  keyless: boolean;
  keyEnv?: string;
  passwordEnv?: string;
  /** Image names (without tag) whose repositories get the signature. */
  images: string[];
}

export interface PushStep {
  kind: 'push';
  tag: string;
  argv: string[];
}

/** `docker save` of the built image to stdout, kept as a private temporary archive and read as an OCI layout for the upload. */
export interface SaveStep {
  kind: 'save';
  argv: string[];
}

export interface PublishTarget {
  /** Image name without tag, e.g. ghcr.io/org/app. */
  image: string;
  registry: string;
  repository: string;
  /** Tag names (not full references) for this image. */
  tags: string[];
}

/**
 * Registry-API publishing: reuse an existing image with the same content key when allowed,
 * otherwise upload the saved image once; then point every tag at the one manifest.
 */
export interface PublishStep {
  kind: 'publish';
  /**
   * relay: BuildKit pushes to a loopback endpoint of this process, which forwards to the
   * registries (the build step's `<relay>` name); save: the image is loaded, `docker save`d and
   * uploaded from the archive (the classic builder, or an engine the relay cannot be reached from).
   */
  via: 'relay' | 'save';
  /** With via relay: the load-and-save steps used when the engine cannot reach the relay. */
  fallback?: { build: BuildStep; save: SaveStep };
  /** Pull references whose registry layers may be mounted or copied instead of uploaded. */
  baseImages: string[];
  /** Each base image's digest as its registry resolved it before the build (the content key's): what the provenance names. */
  baseDigests?: Record<string, string>;
  /** The platform whose manifest is read from a multi-platform base image. */
  platform: string;
  /** Several platforms: one relayed build each (under `relayTags`, same order), then one image index. */
  platforms?: string[];
  relayTags?: string[];
  /**
   * A release split across machines. platforms: publish each built platform by digest, untagged,
   * and write a digest file per platform into `digestsDir`; merge: build nothing, assemble the
   * index from this commit's digest files there, then tag.
   */
  split?: 'platforms' | 'merge';
  digestsDir?: string;
  /** Written into the image index (several platforms). */
  indexAnnotations?: Record<string, string>;
  /** Written onto every manifest's entry in the index. */
  descriptorAnnotations?: Record<string, string>;
  targets: PublishTarget[];
  /** The immutable reference of this commit's image (the sha tag when the rules produce one). */
  primaryTag: string;
  /** More tags whose image may be promoted (the primary tag of the promoteFrom commits), in order. */
  promoteCandidates?: string[];
  contentKey?: string;
  /** SLSA provenance written into the index as an attestation manifest per image. */
  provenance?: ProvenancePlan;
  promote: boolean;
  skipUnchanged: boolean;
  immutableTags: boolean;
  /** Let a floating tag (latest, a branch) move to an older commit's image. */
  rewindFloatingTags: boolean;
  /** Manifest-level annotations written into the uploaded manifest. */
  annotations: Record<string, string>;
  /** The login option's registries and credential variables; other registries use the docker config. */
  credentials: { registry: string; usernameEnv: string; passwordEnv: string }[];
  retry: { attempts: number; minDelayMs: number; maxDelayMs: number };
}

export type PlanStep = LoginStep | BuildStep | PushStep | SaveStep | PublishStep | SignStep;

/** The label that records an image's content key. */
export const CONTENT_KEY_LABEL = 'dev.nx-docker-release.content-key';

export interface ReleasePlan {
  kind: 'release';
  project: string;
  images: string[];
  version: string;
  /** Full references, de-duplicated, in upstream order. */
  tags: string[];
  labels: string[];
  annotations: string[];
  /** The registries the build reads besides its targets (base images, caches) and with which credentials. */
  reads: BuildRead[];
  warnings: string[];
  /** The git ref the metadata was computed for (a project release tag maps to refs/tags/<version>). */
  ref: string;
  sha: string;
  push: boolean;
  steps: PlanStep[];
  resultFile: string;
}

/** A run with nothing to release: the tag is another project's, or the tag rules produce no tag. */
export interface SkipPlan {
  kind: 'skip';
  project: string;
  reason: string;
  resultFile: string;
  /** What the options check found on the way (a tag rule that never fires), as a release plan has them. */
  warnings?: string[];
}

export type Plan = ReleasePlan | SkipPlan;

export type { DockerReleaseOptions };

/** Stands for the relay's image name (127.0.0.1:<port>/<random>/<repository>) inside planned argv. */
export const RELAY = '<relay>';

/** Stands for the run's private temporary directory inside planned argv. */
export const TMP_DIR = '<tmp>';
