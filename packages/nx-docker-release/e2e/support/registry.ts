import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRegistry {
  /** host:port on loopback */
  host: string;
  user: string;
  password: string;
  /** Everything the registry logged (one JSON or text line per request). */
  logs(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A real CNCF distribution registry on loopback with htpasswd auth and throw-away storage. */
export async function startRegistry(user = 'releaser', password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-registry-'));
  const port = await freePort();
  const htpasswd = execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' });
  writeFileSync(join(dir, 'htpasswd'), htpasswd);
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: info',
      '  accesslog:',
      '    disabled: false',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      'auth:',
      '  htpasswd:',
      '    realm: e2e',
      `    path: ${join(dir, 'htpasswd')}`,
      '',
    ].join('\n'),
  );
  // The registry logs every request: into a file, never a pipe this process must drain. A spec
  // blocked in spawnSync (nx running a release) drains nothing, and a registry whose log pipe is
  // full stops answering.
  const logFile = join(dir, 'registry.log');
  const log = openSync(logFile, 'a', 0o600);
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', log, log] });
  closeSync(log);
  const output = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const host = `127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`http://${host}/v2/`)).status === 401, `registry on ${host}`).catch((err: Error) => {
    throw new Error(`${err.message}\n${output()}`);
  });
  return {
    host,
    user,
    password,
    logs: output,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
