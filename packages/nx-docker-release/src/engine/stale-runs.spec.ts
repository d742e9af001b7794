import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../log/redacting-logger';
import { processIdentity } from './process-identity';
import type { Runner } from './runner';
import { markRunDirectory, recordEngineImages, sweepStaleRuns } from './stale-runs';

describe('sweepStaleRuns', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sweep-root-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const runDir = (name: string, mode = 0o700): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    chmodSync(dir, mode);
    return dir;
  };

  it("removes a killed run's directory and its relay images; a live run's, another's, a link and a loose directory stay", async () => {
    const killed = runDir('docker-release-killed');
    writeFileSync(join(killed, 'run.owner'), `999999999 1`);
    writeFileSync(join(killed, 'config.json'), '{"auths":{"r":{"auth":"c2VjcmV0"}}}');
    recordEngineImages(killed, ['127.0.0.1:4000/relay:sha-1']);
    const live = runDir('docker-release-live');
    markRunDirectory(live);
    const loose = runDir('docker-release-loose', 0o755);
    writeFileSync(join(loose, 'run.owner'), '999999999 1');
    const fresh = runDir('docker-release-unmarked');
    const other = runDir('something-else');
    writeFileSync(join(other, 'run.owner'), '999999999 1');
    const target = runDir('elsewhere');
    writeFileSync(join(target, 'run.owner'), '999999999 1');
    symlinkSync(target, join(root, 'docker-release-link'));

    const calls: string[][] = [];
    const run: Runner = async (file, args) => {
      calls.push([file, ...args]);
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    const lines: string[] = [];
    await sweepStaleRuns({ run, docker: 'docker', env: {}, cwd: root, log: createLogger((l) => lines.push(l)) }, root);

    expect(existsSync(killed)).toBe(false);
    for (const kept of [live, loose, fresh, other, target, join(root, 'docker-release-link')]) expect(existsSync(kept)).toBe(true);
    expect(calls).toEqual([['docker', 'image', 'rm', '--no-prune', '127.0.0.1:4000/relay:sha-1']]);
    expect(lines.join('\n')).toContain('swept what 1 killed release run(s) left');
    expect(processIdentity()).toContain(String(process.pid));
  });

  it('nothing stale: no docker call, nothing said', async () => {
    const calls: string[][] = [];
    const run: Runner = async (file, args) => (calls.push([file, ...args]), { exitCode: 0, stdout: '', stderr: '' });
    const lines: string[] = [];
    await sweepStaleRuns({ run, docker: 'docker', env: {}, cwd: root, log: createLogger((l) => lines.push(l)) }, root);
    expect([calls, lines]).toEqual([[], []]);
  });
});
