/** Options of the `docker-release` executor; mirrors executors/docker-release/schema.json (additionalProperties: false). */
export interface LoginOptions {
  registry?: string;
  usernameEnv: string;
  passwordEnv: string;
}

/** Keyed signing from environment variables, or keyless (GitHub Actions OIDC). */
export type SignOptions = { keyEnv: string; passwordEnv?: string; keyless?: undefined } | { keyless: true; keyEnv?: undefined; passwordEnv?: undefined };

export type BuilderChoice = 'auto' | 'buildx' | 'classic';

export interface RetryOptions {
  attempts?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface DockerReleaseOptions {
  images: string[];
  registry?: string;
  tags?: string[];
  flavor?: string[];
  labels?: string[];
  annotations?: string[];
  releaseTagPattern?: string;
  ref?: string;
  sha?: string;
  context?: string;
  file?: string;
  buildArgs?: Record<string, string>;
  secrets?: Record<string, string>;
  platforms?: string[];
  target?: string;
  /** name -> directory (workspace-relative) or docker-image://, oci-layout://, URL source. */
  buildContexts?: Record<string, string>;
  cacheFrom?: string[];
  cacheTo?: string[];
  /** A layer cache without refs written by hand: registry (`<first image>:buildcache`, or under NX_DOCKER_CACHE_REGISTRY) or gha (scope = the project). */
  cache?: 'registry' | 'gha';
  push?: boolean;
  /** One registry login, or one per registry the images go to. */
  login?: LoginOptions | LoginOptions[];
  builder?: BuilderChoice;
  /** A buildx builder instance (--builder). */
  buildxBuilder?: string;
  /** DOCKER_HOST for every docker call. */
  dockerHost?: string;
  docker?: string;
  resultFile?: string;
  pushMode?: 'registry' | 'docker';
  promote?: boolean;
  /** Other commits (full shas) whose image may be promoted when its content key matches. */
  promoteFrom?: string[];
  /** SLSA provenance attached to pushed images (build-push-action's input; default min). */
  provenance?: boolean | 'true' | 'false' | 'min' | 'max';
  sign?: SignOptions;
  /** The cosign program (default: cosign on PATH). */
  cosign?: string;
  skipUnchanged?: boolean;
  /** A release split across machines: publish this run's platforms by digest, or merge them. */
  split?: 'platforms' | 'merge';
  digestsDir?: string;
  immutableTags?: boolean;
  /** Let a floating tag (latest, a branch) move to an older commit's image. */
  rewindFloatingTags?: boolean;
  retry?: RetryOptions;
  /** Build from a working tree with uncommitted changes; tags naming the commit are then left out. */
  allowDirty?: boolean;
  dryRun?: boolean;
}
