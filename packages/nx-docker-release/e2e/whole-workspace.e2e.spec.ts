import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_REPO, setUpBackendRelease, tearDownBackendRelease } from './support/backend-setup';
import type { TestRegistry } from './support/registry';
import type { RegistryClient } from './support/registry-client';
import type { TempWorkspace } from './support/workspace';

const NOTIFIER_REPO = 'kyma-project/kyma-companion/notifier';
const THIRD_REPO = 'kyma-project/kyma-companion/third';

/** name<<delimiter blocks of a GITHUB_OUTPUT file; throws on anything interleaved or cut. */
function parseOutputs(text: string): { name: string; value: string }[] {
  const lines = text.split('\n');
  const out: { name: string; value: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const m = /^([A-Za-z0-9_-]+)<<(ghadelimiter_[0-9a-f]+)$/.exec(lines[i]);
    if (!m) throw new Error(`line ${i + 1} of GITHUB_OUTPUT is not the start of an output: ${lines[i]}`);
    const end = lines.indexOf(m[2], i + 1);
    if (end < 0) throw new Error(`output ${m[1]} is not closed`);
    out.push({ name: m[1], value: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return out;
}

describe('a whole-workspace release: nx affected over every service, in parallel, one summary', () => {
  let registry: TestRegistry;
  let ws: TempWorkspace;
  let client: RegistryClient;
  let env: Record<string, string>;
  const scratch = mkdtempSync(join(tmpdir(), 'e2e-gha-'));

  beforeAll(async () => {
    ({ registry, ws, client, env } = await setUpBackendRelease());
    const event = join(scratch, 'event.json');
    writeFileSync(event, JSON.stringify({ repository: { name: 'kyma-companion', default_branch: 'main', html_url: 'https://github.com/kyma-project/kyma-companion' } }));
    Object.assign(env, { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_REPOSITORY: 'kyma-project/kyma-companion', GITHUB_EVENT_PATH: event });
  });

  afterAll(() => tearDownBackendRelease({ registry, ws }));

  function affected(
    parallel: number,
    extra: Record<string, string> = {},
  ): { status: number; output: string; summary: string; outputs: string; run: { projects: { project: string }[]; summary: { project: string; outcome: string; reason: string }[] } } {
    // Outside the workspace, as on a runner: the files are not part of any commit.
    const summaryFile = join(scratch, 'summary.md');
    const outputFile = join(scratch, 'github-output');
    writeFileSync(summaryFile, '');
    writeFileSync(outputFile, '');
    const sha = ws.git('rev-parse', 'HEAD');
    const { status, output } = ws.nx(['affected', '-t', 'release', '--base=HEAD~1', '--head=HEAD', `--parallel=${parallel}`, `--registry=${registry.host}`, '--output-style=static'], {
      ...env,
      GITHUB_SHA: sha,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      ...extra,
    });
    let run = { projects: [], summary: [] };
    try {
      run = JSON.parse(readFileSync(join(ws.root, 'dist/docker-release-run.json'), 'utf8'));
    } catch {
      // asserted by the caller
    }
    return { status, output, summary: readFileSync(summaryFile, 'utf8'), outputs: readFileSync(outputFile, 'utf8'), run };
  }

  it('a commit changing both services: both pushed under sha- and latest with only the workflow variables; one table, one JSON', async () => {
    for (const file of ['assistant/backend/server.go', 'services/notifier/channels.go']) {
      ws.write(file, `${readFileSync(join(ws.root, file), 'utf8')}\n// changed by the whole-workspace e2e\n`);
    }
    const sha = ws.commit('fix: both services');
    const res = affected(2);
    expect(res.status).toBe(0);
    const short = `sha-${sha.slice(0, 7)}`;
    expect(await client.tags(BACKEND_REPO)).toEqual(['latest', short]);
    expect(await client.tags(NOTIFIER_REPO)).toEqual(['latest', short]);
    // One table, one intact row per project, and the digests are what the registry holds.
    const rows = res.summary.split('\n').filter((l) => /^\| (backend|notifier) \|/.test(l));
    expect(rows).toHaveLength(2);
    expect(res.summary.match(/^### docker-release: 2 pushed$/gm)).toHaveLength(1);
    const backendDigest = (await client.manifest(BACKEND_REPO, short)).digest;
    expect(rows[0]).toContain(`| backend | pushed | latest | \`${registry.host}/${BACKEND_REPO}:latest\``);
    expect(rows[0]).toContain(`\`${backendDigest.slice(7, 19)}\``);
    expect(res.run.projects.map((p) => p.project)).toEqual(['backend', 'notifier']);
    expect(res.output).toMatch(/docker-release: 2 project\(s\): 2 pushed\n {2}backend /);
    // Both tasks wrote GITHUB_OUTPUT at once: every block is whole; the run adds one list of both.
    const outputs = parseOutputs(res.outputs);
    expect(
      outputs
        .filter((o) => o.name === 'digest')
        .map((o) => o.value)
        .sort(),
    ).toEqual([backendDigest, (await client.manifest(NOTIFIER_REPO, short)).digest].sort());
    const releases = JSON.parse(outputs.find((o) => o.name === 'releases')?.value ?? '[]') as { project: string }[];
    expect(releases.map((r) => r.project)).toEqual(['backend', 'notifier']);
  });

  it('one of three fails (its registry refuses the credentials): the others push and report, the run is red; a re-run builds only it', async () => {
    ws.write(
      'services/third/project.json',
      JSON.stringify({ name: 'third', root: 'services/third', targets: { release: { options: { login: { usernameEnv: 'THIRD_USER', passwordEnv: 'THIRD_PASS' } } } } }),
    );
    ws.write('services/third/Dockerfile', 'FROM scratch\nCOPY data.txt /data.txt\n');
    ws.write('services/third/data.txt', 'third\n');
    for (const file of ['assistant/backend/server.go', 'services/notifier/channels.go']) {
      ws.write(file, `${readFileSync(join(ws.root, file), 'utf8')}// second change\n`);
    }
    const sha = ws.commit('feat: a third service, and both others change');
    const short = `sha-${sha.slice(0, 7)}`;
    const failed = affected(3, { THIRD_USER: registry.user, THIRD_PASS: 'wrong-password' });
    expect(failed.status).not.toBe(0);
    expect(failed.run.summary.map((r) => `${r.project} ${r.outcome} ${r.reason}`).join('\n')).toMatch(/^backend pushed .*\nnotifier pushed .*\nthird failed /);
    expect(await client.tags(BACKEND_REPO)).toContain(short);
    expect(await client.tags(NOTIFIER_REPO)).toContain(short);
    expect(await client.tags(THIRD_REPO)).toEqual([]);
    expect(failed.run.summary.map((r) => `${r.project} ${r.outcome}`)).toEqual(['backend pushed', 'notifier pushed', 'third failed']);
    expect(failed.run.summary[2].reason).toMatch(/127\.0\.0\.1:\d+.*(401|credentials|refused|unauthorized)/i);
    expect(failed.summary.split('\n').filter((l) => /^\| (backend|notifier|third) \|/.test(l))).toHaveLength(3);
    expect(failed.output).not.toContain('wrong-password');

    const rerun = affected(3, { THIRD_USER: registry.user, THIRD_PASS: registry.password });
    expect(rerun.status).toBe(0);
    expect(await client.tags(THIRD_REPO)).toEqual(['latest', short]);
    expect(rerun.run.summary.map((r) => `${r.project} ${r.outcome}`)).toEqual(['backend promoted', 'notifier promoted', 'third pushed']);
    expect(rerun.output.match(/pushed through the relay/g)).toHaveLength(1);
  });
});
