import type { DockerSetup } from '../docker-setup';
import type { PackageManager } from '../package-manager';

/**
 * NX_BASE for a default-branch pipeline: the commit of the last successful pipeline on this ref,
 * from GitLab's pipelines API with the job's own token. When the API cannot be read (a job token
 * not allowed to list pipelines, no pipeline yet) or its commit is not in this history (a force
 * push), the base is HEAD~1: the last commit alone. Every command sits in an `if`, so this step
 * never fails the job (GitLab runs scripts under `set -e`).
 */
export const LAST_SUCCESSFUL_BASE = [
  'NX_BASE=HEAD~1',
  'URL="$CI_API_V4_URL/projects/$CI_PROJECT_ID/pipelines?ref=$CI_COMMIT_REF_NAME&status=success&per_page=1"',
  `if SHA=$(curl --silent --show-error --fail --header "JOB-TOKEN: $CI_JOB_TOKEN" "$URL" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>process.stdout.write(String(JSON.parse(s)[0]?.sha??"")))') && [ -n "$SHA" ] && git merge-base --is-ancestor "$SHA" HEAD; then`,
  '  NX_BASE=$SHA',
  'else',
  '  echo "No successful pipeline on $CI_COMMIT_REF_NAME could be read (or its commit is not in this history): releasing what HEAD~1..HEAD changed"',
  'fi',
  'echo "nx affected base: $NX_BASE"',
  'export NX_BASE',
].join('\n');

/** The merge request's target branch as origin/<branch>: a merge-request pipeline's clone does not fetch it. */
export const FETCH_TARGET_BRANCH = 'git fetch --quiet origin "+refs/heads/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME:refs/remotes/origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"';

/**
 * The project's own registry, when it has one: GitLab gives every job CI_REGISTRY_USER and
 * CI_REGISTRY_PASSWORD for it. The password goes on stdin, never argv; the executor reads the
 * login from the docker config (a target's `login` option, when set, wins for its registry).
 */
export const REGISTRY_LOGIN = 'if [ -n "$CI_REGISTRY" ]; then printf \'%s\' "$CI_REGISTRY_PASSWORD" | docker login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"; fi';

/** The job image's docker CLI and buildx (Debian packages), and cosign when a target signs. */
export function aptInstall(signing: boolean): string {
  const packages = ['docker-cli', 'docker-buildx', ...(signing ? ['cosign'] : [])];
  return `apt-get update -qq && apt-get install -y -qq --no-install-recommends ${packages.join(' ')} > /dev/null`;
}

/** The workspace install; pnpm and yarn through corepack (installed first: Node 25 no longer bundles it). */
export function installCommands(pm: PackageManager): string[] {
  return pm.cache === 'pnpm' || pm.cache === 'yarn' ? ['npm install --global --silent corepack && corepack enable', pm.install] : [pm.install];
}

/**
 * What the builds need from the dind engine: QEMU handlers for emulated RUN steps (registered in
 * the daemon's kernel, as docker/setup-qemu-action does with the same image), then the
 * docker-container builders (the unnamed one becomes the default).
 */
export function dockerSetupCommands(setup: DockerSetup): string[] {
  const commands: string[] = [];
  if (setup.qemu.length) commands.push(`docker run --privileged --rm tonistiigi/binfmt --install ${setup.qemu.map((q) => q.platform).join(',')}`);
  for (const builder of setup.builders) {
    commands.push(builder.name ? `docker buildx create --name ${builder.name} --driver docker-container` : 'docker buildx create --use --driver docker-container');
  }
  return commands;
}

/**
 * A GitHub-style tag filter (`api@*.*.*`) as a GitLab rules regex over $CI_COMMIT_TAG: `*` is any
 * run of characters but `/`, everything else literal.
 */
export function tagRegex(filter: string): string {
  const body = filter
    .split('*')
    .map((part) => part.replace(/[\\^$.|?+()[\]{}/]/g, (c) => `\\${c}`))
    .join('[^\\/]*');
  return `/^${body}$/`;
}
