import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecondEngine {
  /** DOCKER_HOST of the engine, unix:///... */
  host: string;
  stop(): Promise<void>;
}

/**
 * Another docker engine on this machine (its own socket, data root, exec root and bridge), as a
 * second runner would have; `containerdStore` turns on the containerd image store. Started as root; fails when it does not answer within 30 s.
 * Not `--bridge none`: an engine started so deletes the machine's docker0 (libnetwork removes
 * the default bridge), after which the first engine's RUN steps cannot get a network.
 */
export async function startSecondEngine(options: { containerdStore?: boolean } = {}): Promise<SecondEngine> {
  const dir = mkdtempSync('/tmp/e2e-engine-'); // short: unix socket paths are limited to 108 bytes
  const host = `unix://${join(dir, 'docker.sock')}`;
  const log = openSync(join(dir, 'dockerd.log'), 'w');
  const bridge = `e2ebr${process.pid % 100000}`;
  const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: 'ignore' });
  ip('link', 'add', bridge, 'type', 'bridge');
  ip('addr', 'add', `10.211.${process.pid % 250}.1/24`, 'dev', bridge);
  ip('link', 'set', bridge, 'up');
  // The containerd image store (the default of fresh Docker Engine 29 installs): its docker driver exports layer caches.
  const config = options.containerdStore ? ['--config-file', join(dir, 'daemon.json')] : [];
  if (options.containerdStore) writeFileSync(join(dir, 'daemon.json'), JSON.stringify({ features: { 'containerd-snapshotter': true } }));
  const args = [
    ...config,
    '--host',
    host,
    '--data-root',
    join(dir, 'data'),
    '--exec-root',
    join(dir, 'exec'),
    '--pidfile',
    join(dir, 'docker.pid'),
    '--bridge',
    bridge,
    '--iptables=false',
    '--ip6tables=false',
  ];
  const child = spawn('dockerd', args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  const deadline = Date.now() + 30000;
  while (spawnSync('docker', ['-H', host, 'info'], { stdio: 'ignore' }).status !== 0) {
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(`the second docker engine did not start: ${readFileSync(join(dir, 'dockerd.log'), 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    host,
    async stop() {
      const pidFile = join(dir, 'docker.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : child.pid;
      if (pid) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
        for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
      }
      rmSync(dir, { recursive: true, force: true });
      try {
        ip('link', 'del', bridge);
      } catch {
        // already gone
      }
    },
  };
}
