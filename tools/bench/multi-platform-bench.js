#!/usr/bin/env node
/**
 * A two-platform release (linux/amd64 + linux/arm64, one static Go binary per architecture,
 * FROM scratch) against what the docker driver can do without it: two single-platform
 * `buildx build --push` and `docker buildx imagetools create` of the index, raw and as an
 * nx:run-commands target. Each run changes a file first; ours also commits. Medians of RUNS.
 *
 *   node tools/bench/multi-platform-bench.js     # RUNS=5
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median, git, pluginWorkspace, buildPlugin, startRegistry, timed } = require('./bench-lib');

const RUNS = Number(process.env.RUNS ?? 5);

(async () => {
  execFileSync('docker', ['info'], { stdio: 'ignore' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'multi-bench-reg-'));
  const { host, child } = await startRegistry(dir);
  const raw = (tag) => [
    `docker buildx build --push --platform=linux/amd64 --file=svc/Dockerfile --tag=${host}/bench/${tag}-amd64 svc`,
    `docker buildx build --push --platform=linux/arm64 --file=svc/Dockerfile --tag=${host}/bench/${tag}-arm64 svc`,
    `docker buildx imagetools create --tag=${host}/bench/${tag} ${host}/bench/${tag}-amd64 ${host}/bench/${tag}-arm64`,
  ];
  const options = { images: [`${host}/bench/ours`], tags: ['type=sha', 'type=raw,value=latest'], context: 'svc', platforms: ['linux/amd64', 'linux/arm64'] };
  const root = pluginWorkspace('multi-bench-', {
    'svc/go.mod': 'module example.com/svc\n\ngo 1.19\n',
    'svc/main.go': 'package main\n\nfunc main() { println("svc") }\n',
    'svc/Dockerfile': 'FROM scratch\nARG TARGETARCH\nCOPY bin/app-${TARGETARCH} /app\nCOPY version.txt /version.txt\nENTRYPOINT ["/app"]\n',
    'svc/version.txt': 'initial\n',
    'svc/project.json': JSON.stringify({
      name: 'svc',
      root: 'svc',
      targets: {
        raw: { executor: 'nx:run-commands', options: { commands: raw('runcmd:{args.tag}'), parallel: false } },
        release: { executor: './dist/packages/nx-docker-release:docker-release', options },
      },
    }),
  });
  for (const arch of ['amd64', 'arm64'])
    execFileSync('go', ['build', '-o', `bin/app-${arch}`, '.'], { cwd: path.join(root, 'svc'), env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch } });
  const samples = {};
  const add = (key, value) => (samples[key] ??= []).push(value);
  let n = 0;
  const change = (commit) => {
    fs.writeFileSync(path.join(root, 'svc/version.txt'), `run ${++n}\n`);
    if (commit) git(root, 'commit', '-qam', `change ${n}`);
  };
  try {
    buildPlugin(root);
    const nx = path.join(root, 'node_modules/.bin/nx');
    change(true);
    timed(nx, ['run', 'svc:release'], root);
    for (let i = 0; i < RUNS; i++) {
      change(false);
      const start = Date.now();
      for (const command of raw(`raw:r${i}`)) execFileSync('sh', ['-c', command], { cwd: root, stdio: 'ignore' });
      add('raw', Date.now() - start);
      change(false);
      add('runCommands', timed(nx, ['run', 'svc:raw', `--tag=r${i}`], root).ms);
      change(true);
      const ours = timed(nx, ['run', 'svc:release'], root);
      if (ours.source !== 'uploaded') throw new Error(`release did not upload:\n${ours.out}`);
      add('ours', ours.ms);
      add('oursInner', ours.inner);
    }
  } finally {
    child.kill();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`multi-platform-bench: linux/amd64 + linux/arm64, FROM scratch + one Go binary each, ${RUNS} runs, medians (load ${os.loadavg()[0].toFixed(1)})`);
  console.log(`  raw: two buildx --push + imagetools create     ${f(m.raw)}`);
  console.log(`  the same as an nx:run-commands target           ${f(m.runCommands)}`);
  console.log(`  ours (compiled), one index per tag              ${f(m.ours)}   executor ${f(m.oursInner)}`);
  console.log(`ratios: ours / run-commands ${(m.ours / m.runCommands).toFixed(2)}; executor / raw ${(m.oursInner / m.raw).toFixed(2)}`);
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
