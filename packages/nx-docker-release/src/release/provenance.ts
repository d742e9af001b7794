import type { GitContext } from './git-context';
import type { DockerReleaseOptions } from './options';
import { ReleaseError } from './release-error';
import { SECRET_LOOKING } from './secret-names';

export const IN_TOTO_STATEMENT = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE = 'https://slsa.dev/provenance/v1';
/** What a build of this plugin is: one docker-release run of an Nx target (docs/supply-chain.md). */
export const BUILD_TYPE = 'https://github.com/nx-docker-release/nx-docker-release/blob/main/docs/supply-chain.md#build-type-v1';

export type ProvenanceMode = 'min' | 'max';

/** Everything the statement says that is known before the build; subject, base digests and times come after. */
export interface ProvenancePlan {
  mode: ProvenanceMode;
  externalParameters: Record<string, unknown>;
  internalParameters: Record<string, unknown>;
  /** The repository, ref and commit the image was built from (a resolved dependency). */
  source?: { uri: string; ref: string; commit: string };
  /** The images the Dockerfile builds on, as referenced; their digests are read after the build. */
  baseImages: string[];
  builderId: string;
  invocationId?: string;
}

/** Where the run happened, from the CI's variables (the executor gathers them). */
export interface RunInfo {
  builderId: string;
  invocationId?: string;
}

/** build-push-action's values: true is min, false/"false" turns it off; unset is min. */
export function provenanceMode(option: DockerReleaseOptions['provenance']): ProvenanceMode | false {
  if (option === undefined || option === true || option === 'true' || option === 'min') return 'min';
  if (option === false || option === 'false') return false;
  if (option === 'max') return 'max';
  throw new ReleaseError(`provenance: "${String(option)}" is not one of false, "min", "max"`);
}

export interface ProvenanceInput {
  mode: ProvenanceMode;
  options: DockerReleaseOptions;
  git: Pick<GitContext, 'sha' | 'repo'>;
  ref: string;
  project: string;
  target: string;
  context: string;
  file: string;
  platforms: string[];
  builder: 'buildx' | 'classic';
  contentKey?: string;
  baseImages: string[];
  run: RunInfo;
}

/**
 * The parameters SLSA provenance v1 records for a release. min: the source (repository, ref,
 * commit), the Nx project and target, the Dockerfile, context and platforms, the builder and the
 * content key; max adds the build arguments (a secret-looking name keeps its name, never its
 * value), the named build contexts and the BuildKit secret ids. Secret values never enter it.
 */
export function planProvenance(input: ProvenanceInput): ProvenancePlan {
  const { options, mode } = input;
  const repository = input.git.repo?.html_url ?? '';
  const external: Record<string, unknown> = {
    source: { repository, ref: input.ref, commit: input.git.sha },
    nx: { project: input.project, target: input.target },
    build: { context: input.context, file: input.file, platforms: input.platforms, ...(options.target ? { target: options.target } : {}) },
  };
  if (mode === 'max') {
    const args = Object.entries(options.buildArgs ?? {}).map(([name, value]) => [name, SECRET_LOOKING.test(name) ? '(left out: a secret-looking name)' : value]);
    external['buildArgs'] = Object.fromEntries(args);
    external['secrets'] = Object.keys(options.secrets ?? {});
    if (options.buildContexts) external['buildContexts'] = options.buildContexts;
  }
  return {
    mode,
    externalParameters: external,
    internalParameters: { builder: input.builder, ...(input.contentKey ? { contentKey: input.contentKey } : {}) },
    ...(repository && input.git.sha ? { source: { uri: `git+${repository}`, ref: input.ref, commit: input.git.sha } } : {}),
    baseImages: input.baseImages,
    builderId: input.run.builderId,
    ...(input.run.invocationId ? { invocationId: input.run.invocationId } : {}),
  };
}

export interface Subject {
  /** e.g. pkg:docker/ghcr.io/org/app@sha-abc1234?platform=linux%2Famd64, as buildx names it. */
  name: string;
  /** sha256:<hex> of the platform image manifest. */
  digest: string;
}

/** The in-toto statement for one image manifest, once its digest, its bases' digests and the times are known. */
export function provenanceStatement(plan: ProvenancePlan, subject: Subject, baseDigests: Readonly<Record<string, string>>, times: { startedOn: Date; finishedOn: Date }): Record<string, unknown> {
  const dependencies: Array<Record<string, unknown>> = [];
  if (plan.source) dependencies.push({ uri: `${plan.source.uri}@${plan.source.ref}`, digest: { gitCommit: plan.source.commit } });
  for (const image of plan.baseImages) {
    const digest = baseDigests[image];
    dependencies.push({ uri: `pkg:docker/${image}`, ...(digest ? { digest: { sha256: digest.replace(/^sha256:/, '') } } : {}) });
  }
  return {
    _type: IN_TOTO_STATEMENT,
    subject: [{ name: subject.name, digest: { sha256: subject.digest.replace(/^sha256:/, '') } }],
    predicateType: SLSA_PROVENANCE,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: plan.externalParameters,
        internalParameters: plan.internalParameters,
        resolvedDependencies: dependencies,
      },
      runDetails: {
        builder: { id: plan.builderId },
        metadata: { ...(plan.invocationId ? { invocationId: plan.invocationId } : {}), startedOn: times.startedOn.toISOString(), finishedOn: times.finishedOn.toISOString() },
      },
    },
  };
}

/** buildx's subject name: the package URL of the image at its primary tag, for one platform. */
export function subjectName(image: string, tag: string, platform: string): string {
  return `pkg:docker/${image}@${tag}?platform=${encodeURIComponent(platform)}`;
}
