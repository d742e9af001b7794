import { ciWorkflowNextSteps, type CiNextStepsInput } from './ci-next-steps';

const base: CiNextStepsInput = {
  workflowFile: '.github/workflows/release.yml',
  mainBranch: 'main',
  tagPatterns: ['*.*.*'],
  envNames: ['GH_CR_USER', 'GH_CR_PAT'],
  gates: true,
  label: '',
  nx: 'npx nx',
  nxRelease: false,
  noProjects: false,
};

describe('ciWorkflowNextSteps', () => {
  it('names the secrets to create and the exact checks to require, then how releases start', () => {
    expect(ciWorkflowNextSteps(base)).toEqual([
      'Create the repository secrets GH_CR_USER, GH_CR_PAT (Settings -> Secrets and variables -> Actions, or gh secret set <NAME>): .github/workflows/release.yml passes them to the release steps.',
      'Require the checks "gates / e2e (affected projects)", "gates / lint", "gates / secret scan (gitleaks)", "release plan (dry run)" in the branch protection of main (Settings -> Branches); they appear once pull-request.yml has run.',
      'Release: a push to main releases the affected projects; a tag matching *.*.* releases every project whose releaseTagPattern matches it.',
    ]);
  });

  it('GITHUB_ variables are never secrets to create: GitHub provides them', () => {
    const steps = ciWorkflowNextSteps({ ...base, envNames: ['GITHUB_ACTOR', 'GITHUB_TOKEN', 'JFROG_TOKEN'] });
    expect(steps[0]).toMatch(/^Create the repository secrets JFROG_TOKEN \(/);
    expect(steps[0]).toMatch(/GITHUB_ACTOR, GITHUB_TOKEN: nothing to create, GitHub provides them to every run\.$/);
    expect(ciWorkflowNextSteps({ ...base, envNames: ['GITHUB_TOKEN'] })[0]).toBe('GITHUB_TOKEN: nothing to create, GitHub provides it to every run.');
    expect(ciWorkflowNextSteps({ ...base, envNames: [] }).some((s) => /repository secrets|nothing to create/.test(s))).toBe(false);
  });

  it('a label: its check is required and the label created', () => {
    const steps = ciWorkflowNextSteps({ ...base, label: 'ready to merge' });
    expect(steps[1]).toContain('"release plan (dry run)", "ready to merge label" in the branch protection');
    expect(steps[2]).toBe('Create the label "ready to merge" (gh label create "ready to merge"): the "ready to merge label" check fails until a reviewer adds it.');
  });

  it('without gates there is no check to require', () => {
    expect(ciWorkflowNextSteps({ ...base, gates: false, label: '' }).some((s) => s.startsWith('Require the checks'))).toBe(false);
  });

  it('keyless signing says where the OIDC token comes from; keyed signing adds nothing beyond its secrets', () => {
    expect(ciWorkflowNextSteps({ ...base, signing: 'keyless' }).filter((s) => s.includes('id-token: write'))).toHaveLength(1);
    expect(ciWorkflowNextSteps({ ...base, signing: 'keyed' })).toEqual(ciWorkflowNextSteps(base));
  });

  it('nx release configured: how to start it, with the workspace package manager', () => {
    const steps = ciWorkflowNextSteps({ ...base, nxRelease: true, nx: 'pnpm nx' });
    expect(steps.at(-1)).toBe(
      'Release a version: pnpm nx release --dry-run --yes shows the plan; pnpm nx release --yes writes the changelogs, commits, tags and publishes; git push --follow-tags then runs .github/workflows/release.yml on the tags.',
    );
  });

  it('no release target yet: that comes first', () => {
    expect(ciWorkflowNextSteps({ ...base, noProjects: true, envNames: [] })[0]).toMatch(/^Give a project a release target/);
  });
});
