import type { GitContext } from '../context/types';
import type { DockerReleaseOptions } from '../executors/docker-release/schema';

/** Facts the executor gathered from the filesystem and the environment, as plain data. */
export interface ReleaseFacts {
  projectName: string;
  projectDescription?: string;
  projectRoot: string;
  git: GitContext;
  /** Names of environment variables that are set and non-empty (values never enter the plan). */
  envPresent: ReadonlySet<string>;
  /** DOCKER_METADATA_* knobs, passed to the metadata engine as upstream reads them. */
  metadataEnv: Record<string, string>;
  contextIsDirectory: boolean;
  dockerfileExists: boolean;
  buildxAvailable: boolean;
  now: Date;
}

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

export interface PushStep {
  kind: 'push';
  tag: string;
  argv: string[];
}

export type PlanStep = LoginStep | BuildStep | PushStep;

export interface ReleasePlan {
  kind: 'release';
  project: string;
  images: string[];
  version: string;
  /** Full references, de-duplicated, in upstream order. */
  tags: string[];
  labels: string[];
  annotations: string[];
  warnings: string[];
  /** The git ref the metadata was computed for (a project release tag maps to refs/tags/<version>). */
  ref: string;
  sha: string;
  push: boolean;
  steps: PlanStep[];
  resultFile: string;
}

export interface SkipPlan {
  kind: 'skip';
  project: string;
  reason: string;
  resultFile: string;
}

export type Plan = ReleasePlan | SkipPlan;

export type { DockerReleaseOptions };

/** Stands for the run's private temporary directory inside planned argv. */
export const TMP_DIR = '<tmp>';
