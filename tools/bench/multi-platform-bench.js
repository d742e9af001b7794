#!/usr/bin/env node
/**
 * A two-platform release (linux/amd64 + linux/arm64, one static Go binary per architecture)
 * against what the docker driver can do without it: two single-platform `buildx build --push`
 * and `docker buildx imagetools create` of the index, raw and as an nx:run-commands target.
 * Each run changes a file first; ours also commits. Medians of RUNS.
 *
 * The image builds FROM a base of about BASE MB per platform that the registry already holds
 * (an index of two `docker import`s of a copy of the Go toolchain tree: nothing can be pulled;
 * BASE=0 builds FROM scratch, the toy shape). The cold case clones the workspace afresh with a
 * new HOME and BuildKit's cache pruned, for ours and for the run-commands target alike.
 *
 *   node tools/bench/multi-platform-bench.js     # BASE=330 (MB; 0: FROM scratch), RUNS=5
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median, git, pluginWorkspace, buildPlugin, startRegistry, timed, baseTarball, coldRunner } = require('./bench-lib');

const RUNS = Number(process.env.RUNS ?? 5);
const BASE = Number(process.env.BASE ?? 330);
const PLATFORMS = ['amd64', 'arm64'];

/**
 * A two-platform base of about BASE MB each in the registry: one tarball of Go toolchain copies
 * imported once per platform, pushed, joined into an index; the engine's copies are removed, so
 * each build resolves its platform's image from the registry, as a CI runner does.
 */
function makeBase(registry, dir) {
  const { tar, what } = baseTarball(dir, BASE);
  const image = `${registry}/bench/base:${BASE}`;
  const start = Date.now();
  for (const arch of PLATFORMS) {
    execFileSync('docker', ['import', `--platform=linux/${arch}`, tar, `${image}-${arch}`], { stdio: 'ignore' });
    execFileSync('docker', ['push', '-q', `${image}-${arch}`], { stdio: 'ignore' });
    execFileSync('docker', ['image', 'rm', `${image}-${arch}`], { stdio: 'ignore' });
  }
  execFileSync('docker', ['buildx', 'imagetools', 'create', `--tag=${image}`, ...PLATFORMS.map((arch) => `${image}-${arch}`)], { stdio: 'ignore' });
  fs.rmSync(tar);
  console.log(`base ${image}: linux/amd64 + linux/arm64, ${what} each, pushed in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return image;
}

(async () => {
  execFileSync('docker', ['info'], { stdio: 'ignore' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'multi-bench-reg-'));
  const { host, child } = await startRegistry(dir);
  const raw = (tag) => [
    `docker buildx build --push --platform=linux/amd64 --file=svc/Dockerfile --tag=${host}/bench/${tag}-amd64 svc`,
    `docker buildx build --push --platform=linux/arm64 --file=svc/Dockerfile --tag=${host}/bench/${tag}-arm64 svc`,
    `docker buildx imagetools create --tag=${host}/bench/${tag} ${host}/bench/${tag}-amd64 ${host}/bench/${tag}-arm64`,
  ];
  const base = BASE > 0 ? makeBase(host, dir) : 'scratch';
  const options = (image) => ({ images: [`${host}/bench/${image}`], tags: ['type=sha', 'type=raw,value=latest'], context: 'svc', platforms: ['linux/amd64', 'linux/arm64'] });
  const root = pluginWorkspace('multi-bench-', {
    'svc/go.mod': 'module example.com/svc\n\ngo 1.19\n',
    'svc/main.go': 'package main\n\nfunc main() { println("svc") }\n',
    'svc/Dockerfile': `FROM ${base}\nARG TARGETARCH\nCOPY bin/app-\${TARGETARCH} /app\nCOPY version.txt /version.txt\nENTRYPOINT ["/app"]\n`,
    'svc/version.txt': 'initial\n',
    'svc/project.json': JSON.stringify({
      name: 'svc',
      root: 'svc',
      targets: {
        raw: { executor: 'nx:run-commands', options: { commands: raw('runcmd:{args.tag}'), parallel: false } },
        release: { executor: './dist/packages/nx-docker-release:docker-release', options: options('ours') },
        'release-cold': { executor: './dist/packages/nx-docker-release:docker-release', options: options('cold') },
      },
    }),
  });
  for (const arch of PLATFORMS) {
    execFileSync('go', ['build', '-o', `bin/app-${arch}`, '.'], { cwd: path.join(root, 'svc'), env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch } });
  }
  // The binaries are build outputs a CI job makes before the release: committed here so a clone has them.
  git(root, 'add', '-f', 'svc/bin');
  git(root, 'commit', '-qm', 'binaries');
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
    timed(nx, ['run', 'svc:release-cold'], root);
    timed(nx, ['run', 'svc:raw', '--tag=warm'], root);
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
      add('oursBlobs', ours.uploaded);
      // Cold runner: a fresh clone and HOME, BuildKit's cache gone; the run-commands target the same way.
      const cold = (run) => coldRunner(root, run);
      change(true);
      const coldOurs = cold((clone, extra) => timed(path.join(clone, 'node_modules/.bin/nx'), ['run', 'svc:release-cold'], clone, extra));
      if (coldOurs.source !== 'uploaded') throw new Error(`cold release did not upload:\n${coldOurs.out}`);
      add('cold', coldOurs.ms);
      add('coldInner', coldOurs.inner);
      change(true);
      add('runCommandsCold', cold((clone, extra) => timed(path.join(clone, 'node_modules/.bin/nx'), ['run', 'svc:raw', `--tag=c${i}`], clone, extra)).ms);
    }
  } finally {
    child.kill();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const shape = BASE > 0 ? `FROM a ${BASE} MB base per platform the registry holds` : 'FROM scratch';
  console.log(`multi-platform-bench: linux/amd64 + linux/arm64, ${shape}, one Go binary and one changed file each, ${RUNS} runs, medians (load ${os.loadavg()[0].toFixed(1)})`);
  console.log(`  raw: two buildx --push + imagetools create     ${f(m.raw)}`);
  console.log(`  the same as an nx:run-commands target           ${f(m.runCommands)}   (cold runner: ${f(m.runCommandsCold)})`);
  console.log(`  ours (compiled), one index per tag              ${f(m.ours)}   executor ${f(m.oursInner)}, ${m.oursBlobs} blob(s) uploaded`);
  console.log(`  ours, cold runner                               ${f(m.cold)}   executor ${f(m.coldInner)}`);
  console.log(
    `ratios: ours / run-commands ${(m.ours / m.runCommands).toFixed(2)}; cold / run-commands cold ${(m.cold / m.runCommandsCold).toFixed(2)}; executor / raw ${(m.oursInner / m.raw).toFixed(2)}`,
  );
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
