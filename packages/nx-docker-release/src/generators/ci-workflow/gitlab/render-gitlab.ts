import { Document, isMap, isScalar } from 'yaml';
import type { DockerSetup } from '../docker-setup';
import type { PackageManager } from '../package-manager';
import { aptInstall, dockerSetupCommands, FETCH_TARGET_BRANCH, installCommands, LAST_SUCCESSFUL_BASE, REGISTRY_LOGIN, tagRegex } from './gitlab-scripts';
import { DIND_SERVICE, nodeImage } from './gitlab-images';

export interface GitlabPipelineInput {
  mainBranch: string;
  tagPatterns: string[];
  /** The release targets to run (`nx affected -t a,b`); ['release'] when none is given. */
  targets: string[];
  packageManager: PackageManager;
  nodeMajor: number;
  /** Where the Node major came from, for the header. */
  nodeFrom: string;
  /** The dotenv reports the executor writes, one per released project. */
  dotenvFiles: string[];
  signing?: 'keyed' | 'keyless';
  docker: DockerSetup;
}

/** The hidden job every release job extends. */
export const TEMPLATE_JOB = '.docker-release';
export const PLAN_JOB = 'docker-release-plan';
export const RELEASE_JOB = 'docker-release';
export const TAG_JOB = 'docker-release-tag';

const HEADER = [
  ' Written by nx g nx-docker-release:ci-workflow --provider=gitlab. The Nx project graph decides',
  ' what to release: a merge request prints the plans of the projects it affects; a pipeline on the',
  ' main branch releases what changed since the last successful pipeline of that branch; a tag',
  ' pipeline releases every project whose release target matches the tag (releaseTagPattern).',
  ' The jobs build with a docker:dind service; docs/gitlab.md has the alternatives.',
].join('\n');

/** The pipeline as YAML text; pure, so its shape is tested without a tree. */
export function renderGitlabPipeline(input: GitlabPipelineInput): string {
  const nx = input.packageManager.nx;
  const targets = (input.targets.length ? input.targets : ['release']).join(',');
  const template = {
    image: nodeImage(input.nodeMajor),
    services: [{ name: DIND_SERVICE, alias: 'docker' }],
    variables: {
      DOCKER_HOST: 'tcp://docker:2375',
      DOCKER_TLS_CERTDIR: '',
      // Full history: nx affected diffs two commits.
      GIT_DEPTH: '0',
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
    },
    ...(input.signing === 'keyless' ? { id_tokens: { SIGSTORE_ID_TOKEN: { aud: 'sigstore' } } } : {}),
    before_script: [aptInstall(input.signing !== undefined), ...installCommands(input.packageManager), ...dockerSetupCommands(input.docker), REGISTRY_LOGIN],
  };
  // The result files, and the dotenv reports for later jobs (GitLab reads a report's variables into the jobs that need this one).
  const artifacts = { when: 'always', paths: ['dist/docker-release/'], ...(input.dotenvFiles.length ? { reports: { dotenv: input.dotenvFiles } } : {}) };
  const doc = new Document(
    {
      [TEMPLATE_JOB]: template,
      [PLAN_JOB]: {
        extends: TEMPLATE_JOB,
        stage: 'test',
        rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }],
        script: [FETCH_TARGET_BRANCH, `${nx} affected -t ${targets} --base="origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --head=HEAD --dryRun --output-style=stream`],
      },
      [RELEASE_JOB]: {
        extends: TEMPLATE_JOB,
        stage: 'deploy',
        rules: [{ if: `$CI_COMMIT_BRANCH == "${input.mainBranch}"` }],
        // One release of the branch at a time, none cancelled: a later pipeline waits.
        resource_group: 'docker-release',
        script: [LAST_SUCCESSFUL_BASE, `${nx} affected -t ${targets} --base="$NX_BASE" --head=HEAD --output-style=stream`],
        artifacts,
      },
      [TAG_JOB]: {
        extends: TEMPLATE_JOB,
        stage: 'deploy',
        rules: input.tagPatterns.map((pattern) => ({ if: `$CI_COMMIT_TAG =~ ${tagRegex(pattern)}` })),
        resource_group: 'docker-release',
        script: [`${nx} run-many -t ${targets} --output-style=stream`],
        artifacts,
      },
    },
    { aliasDuplicateObjects: false },
  );
  doc.commentBefore = `${HEADER}\n Job image ${nodeImage(input.nodeMajor)}: Node ${input.nodeMajor} from ${input.nodeFrom}.`;
  if (isMap(doc.contents)) doc.contents.items.forEach((pair, i) => i > 0 && isScalar(pair.key) && (pair.key.spaceBefore = true));
  return doc.toString({ lineWidth: 0 });
}
