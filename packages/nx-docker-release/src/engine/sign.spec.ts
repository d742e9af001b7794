import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../log/redacting-logger';
import { signStep } from '../release/sign';
import type { Manifest, RegistryClient } from './registry-client';
import type { RunOptions } from './runner';
import { signImages } from './sign';

const DIGEST = `sha256:${'d'.repeat(64)}`;
// A stand-in with a PEM key's shape, assembled so that no scanner takes the file for a real key.
const PEM = ['ENCRYPTED SIGSTORE', 'PRIVATE KEY'].join(' ');
const KEY = `-----BEGIN ${PEM}-----\nabc\n-----END ${PEM}-----`;

describe('signImages (cosign)', () => {
  let scratch: string;
  beforeEach(() => (scratch = mkdtempSync(join(tmpdir(), 'sign-spec-'))));
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('signs each image by digest; key and password only in cosign env, credentials for its registries only, config removed after', async () => {
    const calls: { args: readonly string[]; env: RunOptions['env']; config?: string }[] = [];
    const run = async (_file: string, args: readonly string[], options?: RunOptions) => {
      const dir = options?.env?.DOCKER_CONFIG;
      calls.push({ args, env: options?.env, ...(dir ? { config: readFileSync(join(dir, 'config.json'), 'utf8') } : {}) });
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    const lines: string[] = [];
    const step = signStep({ keyEnv: 'COSIGN_PRIVATE_KEY', passwordEnv: 'KEY_PASS' }, 'cosign', ['127.0.0.1:5000/org/api', 'ghcr.io/org/api']);
    const outcomes = await signImages(step, DIGEST, {
      run,
      env: { COSIGN_PRIVATE_KEY: KEY, KEY_PASS: 'pass-123', PATH: '/bin' },
      childEnv: { PATH: '/bin' },
      cwd: scratch,
      log: createLogger((l) => lines.push(l)),
      scratch,
      auths: new Map([['ghcr.io', { username: 'bot', password: 'ghcr-pass' }]]),
    });
    expect(outcomes).toEqual([
      { ref: `127.0.0.1:5000/org/api@${DIGEST}`, status: 'signed' },
      { ref: `ghcr.io/org/api@${DIGEST}`, status: 'signed' },
    ]);
    expect(calls.map((c) => c.args.join(' '))).toEqual([
      `sign --yes --key env://COSIGN_PRIVATE_KEY --tlog-upload=false --allow-http-registry 127.0.0.1:5000/org/api@${DIGEST}`,
      `sign --yes --key env://COSIGN_PRIVATE_KEY --tlog-upload=false ghcr.io/org/api@${DIGEST}`,
    ]);
    expect(calls[0]?.env).toMatchObject({ COSIGN_PRIVATE_KEY: KEY, COSIGN_PASSWORD: 'pass-123' });
    expect(calls[0]?.env?.KEY_PASS).toBeUndefined();
    expect(JSON.parse(calls[0]?.config ?? '{}')).toEqual({ auths: { 'ghcr.io': { auth: Buffer.from('bot:ghcr-pass').toString('base64') } } });
    expect(existsSync(join(scratch, 'cosign-docker-config'))).toBe(false);
    expect(lines.join('\n')).not.toMatch(/pass-123|ghcr-pass|BEGIN ENCRYPTED/);
  });

  it('a digest whose signature tag exists is not signed again; a cosign failure is an outcome with the redacted reason', async () => {
    const signed = { getManifest: async (_repo: string, ref: string) => (ref === `sha256-${'d'.repeat(64)}.sig` ? ({ digest: 'x' } as Manifest) : null) } as unknown as RegistryClient;
    const unsigned = { getManifest: async () => null } as unknown as RegistryClient;
    const run = async () => ({ exitCode: 1, stdout: '', stderr: 'Error: signing with pass-123 failed' });
    const step = signStep({ keyEnv: 'K', passwordEnv: 'P' }, 'cosign', ['a.example/org/api', 'b.example/org/api']);
    const outcomes = await signImages(step, DIGEST, {
      run,
      env: { K: KEY, P: 'pass-123' },
      childEnv: {},
      cwd: scratch,
      log: createLogger(() => undefined),
      scratch,
      client: (registry) => (registry === 'a.example' ? signed : unsigned),
      auths: new Map(),
    });
    expect(outcomes).toEqual([
      { ref: `a.example/org/api@${DIGEST}`, status: 'already-signed' },
      { ref: `b.example/org/api@${DIGEST}`, status: 'failed', reason: 'Error: signing with *** failed' },
    ]);
  });
});
