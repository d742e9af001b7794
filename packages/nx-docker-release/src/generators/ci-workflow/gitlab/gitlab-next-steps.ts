/** What the GitLab pipeline generator wrote, as far as the team's next steps depend on it. */
export interface GitlabNextStepsInput {
  /** `.gitlab-ci.yml`, or the include-able file written next to a hand-written one. */
  pipelineFile: string;
  /** The pipeline was written beside an existing .gitlab-ci.yml, which must include it. */
  included: boolean;
  mainBranch: string;
  tagPatterns: string[];
  /** Variables the targets read (logins, build secrets, signing keys). */
  envNames: string[];
  signing?: 'keyed' | 'keyless';
  /** Some target uses a gha layer cache, which only GitHub Actions serves. */
  ghaCache: boolean;
  nx: string;
  nxRelease: boolean;
  noProjects: boolean;
}

/** GitLab's predefined variables (CI_REGISTRY_USER, CI_JOB_TOKEN, ...): set in every job, nothing to create. */
export const providedByGitLab = (name: string): boolean => name.startsWith('CI_') || name.startsWith('GITLAB_');

/** The numbered list `ci-workflow --provider=gitlab` prints: only what applies to what it wrote. */
export function gitlabNextSteps(input: GitlabNextStepsInput): string[] {
  const steps: string[] = [];
  if (input.noProjects) steps.push('Give a project a release target (nx g nx-docker-release:configuration --project=<name>): until then the pipeline releases nothing.');
  if (input.included) steps.push(`Include the release jobs from your .gitlab-ci.yml (include: - local: ${input.pipelineFile}); they use the default stages test and deploy.`);
  const own = input.envNames.filter((name) => !providedByGitLab(name));
  const provided = input.envNames.filter(providedByGitLab);
  if (own.length) {
    steps.push(
      `Add the CI/CD variables ${own.join(', ')} (Settings -> CI/CD -> Variables), masked and protected: GitLab passes project variables to every job, and a protected one only to protected branches and tags.${provided.length ? ` ${provided.join(', ')}: nothing to create, GitLab sets ${provided.length > 1 ? 'them' : 'it'} in every job.` : ''}`,
    );
  }
  steps.push(
    "Images under $CI_REGISTRY (the project's container registry, e.g. registry.gitlab.com/<group>/<project>/<name>) need no variable: every job logs in with GitLab's CI_REGISTRY_USER and CI_REGISTRY_PASSWORD. Another registry needs a login option on the target (usernameEnv, passwordEnv) and those variables.",
  );
  steps.push(
    `Protect ${input.mainBranch} (Settings -> Repository -> Protected branches) and the release tags ${input.tagPatterns.join(', ')} (Protected tags, wildcards allowed): only maintainers then start a release, and protected variables reach its jobs.`,
  );
  steps.push(
    "The jobs need a runner that starts a docker:dind service (privileged; GitLab.com's hosted Linux runners are). A shell runner with its own engine, or a rootless one, works too: see docs/gitlab.md.",
  );
  if (input.ghaCache) steps.push('A target uses the gha layer cache, which only GitHub Actions serves: on GitLab use cache: "registry" (or cacheFrom/cacheTo of type registry).');
  if (input.signing === 'keyless') {
    steps.push(
      "Keyless signing: the release jobs ask GitLab for an OIDC token (id_tokens SIGSTORE_ID_TOKEN, audience sigstore), which cosign signs with; the identity is the pipeline's, issuer your GitLab instance.",
    );
  }
  steps.push(
    input.nxRelease
      ? `Release a version: ${input.nx} release --dry-run --yes shows the plan; ${input.nx} release --yes writes the changelogs, commits, tags and publishes; git push --follow-tags then runs the tag pipeline.`
      : `Release: a pipeline on ${input.mainBranch} releases the affected projects; a tag matching ${input.tagPatterns.join(' or ')} releases every project whose releaseTagPattern matches it.`,
  );
  return steps;
}
