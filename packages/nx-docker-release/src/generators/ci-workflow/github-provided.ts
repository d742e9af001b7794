/**
 * GitHub reserves the GITHUB_ prefix: no repository secret can carry it
 * (https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#naming-your-secrets).
 * GITHUB_TOKEN is the run's own token, read as `secrets.GITHUB_TOKEN`; the other GITHUB_ names a
 * login can use (GITHUB_ACTOR, GITHUB_REPOSITORY_OWNER) are variables the runner sets in every step.
 */
export const providedByGitHub = (name: string): boolean => name.startsWith('GITHUB_');

/** The variables a release step maps from secrets: every name but the runner's own variables. */
export const secretEnvNames = (names: readonly string[]): string[] => names.filter((name) => name === 'GITHUB_TOKEN' || !providedByGitHub(name));
