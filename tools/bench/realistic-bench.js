#!/usr/bin/env node
/**
 * Release cost on a realistic service image: a Dockerfile FROM a large compressible base that
 * the registry already holds (made here with `docker import` of a copy of the Go toolchain
 * tree: no image can be pulled), and one small file that changes on every release.
 *
 * Variants, interleaved, medians of RUNS (each changes the file first; ours also commit):
 *   raw            docker buildx build --push
 *   run-commands   the same command as an nx:run-commands target
 *   ours (dist)    nx run release, the plugin compiled (a consumer workspace's form)
 *   ours (src)     nx run release from TypeScript source (this repository's form, npm run demo)
 *   ours cold      a fresh clone, a new HOME, no .nx, BuildKit's cache pruned (the engine keeps
 *                  the pulled base, the registry keeps what it holds), compiled plugin; paired
 *                  with the run-commands target run the same way
 *   Nx's fork      a no-op JavaScript executor against a run-commands `true` (Nx runs only
 *                  run-commands in its own process; every other executor is a forked process)
 *   ours docker    pushMode docker (buildx --push after docker login)
 *   no provenance  ours (dist) with provenance: false (the default attaches SLSA provenance)
 *   no change      a commit that changes nothing the image is built from (skipUnchanged)
 *   promotion      a release tag on an already released commit
 * The executor's own time, user CPU and peak RSS come from its last log line.
 *
 *   node tools/bench/realistic-bench.js          # BASE=330 (MB, or 1000), RUNS=5
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median, git, pluginWorkspace, buildPlugin, startRegistry, timed, baseTarball, coldRunner } = require('./bench-lib');

const RUNS = Number(process.env.RUNS ?? 5);
const BASE = Number(process.env.BASE ?? 330);

/**
 * A base of about BASE MB: copies of the Go toolchain tree (real, compressible files) in one
 * layer, imported and pushed once, as a CI runner's engine holds a base it pulled.
 */
function makeBase(registry, dir) {
  const { tar, what } = baseTarball(dir, BASE);
  const image = `${registry}/bench/base:${BASE}`;
  execFileSync('docker', ['import', tar, image], { stdio: 'ignore' });
  fs.rmSync(tar);
  const start = Date.now();
  execFileSync('docker', ['push', '-q', image], { stdio: 'ignore' });
  console.log(`base ${image}: ${what} each, pushed in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return image;
}

function workspace(registry, base) {
  const options = (image, extra = {}) => ({
    images: [image],
    tags: ['type=sha', 'type=raw,value=latest', 'type=semver,pattern={{version}}'],
    releaseTagPattern: '{projectName}@{version}',
    context: 'svc',
    platforms: ['linux/amd64'],
    ...extra,
  });
  return pluginWorkspace('realistic-bench-', {
    'noop/package.json': JSON.stringify({ name: 'noop', executors: './executors.json' }),
    'noop/executors.json': JSON.stringify({ executors: { js: { implementation: './js.js', schema: './schema.json' } } }),
    'noop/schema.json': JSON.stringify({ type: 'object', properties: {} }),
    'noop/js.js': 'exports.default = async () => ({ success: true });\n',
    'svc/Dockerfile': `FROM ${base}\nCOPY app.txt /app/app.txt\n`,
    'svc/app.txt': 'initial\n',
    'NOTES.md': 'outside the image\n',
    'svc/project.json': JSON.stringify({
      name: 'svc',
      root: 'svc',
      targets: {
        raw: { executor: 'nx:run-commands', options: { command: `docker buildx build --push --platform=linux/amd64 --file=svc/Dockerfile --tag=${registry}/bench/runcmd:{args.tag} svc` } },
        'noop-rc': { executor: 'nx:run-commands', options: { command: 'true' } },
        'noop-js': { executor: './noop:js' },
        'release-dist': { executor: './dist/packages/nx-docker-release:docker-release', options: options(`${registry}/bench/dist`) },
        'release-cold': { executor: './dist/packages/nx-docker-release:docker-release', options: options(`${registry}/bench/cold`) },
        'release-same': { executor: './dist/packages/nx-docker-release:docker-release', options: options(`${registry}/bench/same`, { skipUnchanged: true }) },
        release: { executor: 'nx-docker-release:docker-release', options: options(`${registry}/bench/src`) },
        'release-noprov': { executor: './dist/packages/nx-docker-release:docker-release', options: options(`${registry}/bench/noprov`, { provenance: false }) },
        'release-docker': { executor: './dist/packages/nx-docker-release:docker-release', options: options(`${registry}/bench/docker`, { pushMode: 'docker' }) },
      },
    }),
  });
}

let counter = 0;
function change(root, commit) {
  fs.writeFileSync(path.join(root, 'svc/app.txt'), `release ${++counter} ${Date.now()}\n`);
  if (commit) {
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', `change ${counter}`);
  }
}

(async () => {
  execFileSync('docker', ['info'], { stdio: 'ignore' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'realistic-bench-reg-'));
  const { host, child } = await startRegistry(dir);
  const samples = {};
  const add = (key, value) => value !== undefined && (samples[key] ??= []).push(value);
  let root;
  try {
    const base = makeBase(host, dir);
    root = workspace(host, base);
    const nx = path.join(root, 'node_modules/.bin/nx');
    buildPlugin(root);
    const ours = (key, target, cwd = root, extraEnv = {}, expect = 'uploaded') => {
      const res = timed(path.join(cwd, 'node_modules/.bin/nx'), ['run', `svc:${target}`], cwd, extraEnv);
      if (res.source !== expect) throw new Error(`${target}: expected "${expect}", got "${res.source}":\n${res.out}`);
      add(key, res.ms);
      add(`${key}Inner`, res.inner);
      add(`${key}Cpu`, res.cpu);
      add(`${key}Rss`, res.rss);
      add(`${key}Blobs`, res.uploaded);
      if (process.env.VERBOSE)
        console.log(`${key}: ${(res.ms / 1000).toFixed(2)} s; ${(/steps: .*/.exec(res.out) || [''])[0]}; ${(/ in \d+ ms .*/.exec(res.out) || [''])[0]}; ${res.uploaded} blob(s)`);
      return res;
    };
    // Warm-up, not measured: BuildKit, Nx and each target's repository once.
    change(root, true);
    for (const t of ['release', 'release-dist', 'release-noprov', 'release-same', 'release-docker']) timed(nx, ['run', `svc:${t}`], root);
    timed(nx, ['run', 'svc:raw', '--tag=warm'], root);
    for (let i = 0; i < RUNS; i++) {
      for (const noop of ['noop-rc', 'noop-js']) add(noop, timed(nx, ['run', `svc:${noop}`], root).ms);
      change(root, false);
      add('raw', timed('docker', ['buildx', 'build', '--push', '--platform=linux/amd64', '--file=svc/Dockerfile', `--tag=${host}/bench/raw:r${i}`, 'svc'], root).ms);
      change(root, false);
      add('runCommands', timed(nx, ['run', 'svc:raw', `--tag=r${i}`], root).ms);
      change(root, true);
      ours('dist', 'release-dist');
      change(root, true);
      ours('noprov', 'release-noprov');
      change(root, true);
      ours('src', 'release');
      change(root, true);
      ours('docker', 'release-docker', root, {}, 'docker-push');
      // Cold runner: a fresh clone and HOME, BuildKit's cache gone; the run-commands target the same way.
      const cold = (run) => coldRunner(root, run);
      change(root, true);
      cold((clone, extra) => ours('cold', 'release-cold', clone, extra));
      change(root, true);
      cold((clone, extra) => add('runCommandsCold', timed(path.join(clone, 'node_modules/.bin/nx'), ['run', 'svc:raw', `--tag=c${i}`], clone, extra).ms));
      // A commit outside the image: same content key, the last image is re-tagged.
      change(root, true);
      timed(nx, ['run', 'svc:release-same'], root);
      fs.appendFileSync(path.join(root, 'NOTES.md'), `note ${i}\n`);
      git(root, 'commit', '-qam', `notes ${i}`);
      ours('same', 'release-same', root, {}, 'unchanged');
      // A release tag on the commit released above: promotion.
      git(root, 'tag', `svc@1.0.${i}`);
      ours('promote', 'release-same', root, {}, 'promoted');
    }
  } finally {
    child.kill();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const x = (a, b) => (a / b).toFixed(2);
  const row = (label, key) =>
    console.log(`  ${label.padEnd(40)} ${f(m[key])}   executor ${f(m[`${key}Inner`])}, cpu ${f(m[`${key}Cpu`])} user, rss ${m[`${key}Rss`]} MB, ${m[`${key}Blobs`]} blob(s) uploaded`);
  console.log(`realistic-bench: FROM a ${BASE} MB base the registry holds, one file changed per release, ${RUNS} runs each, medians (load ${os.loadavg()[0].toFixed(1)})`);
  console.log(`  ${'raw docker buildx build --push'.padEnd(40)} ${f(m.raw)}`);
  console.log(`  ${'same command as nx:run-commands'.padEnd(40)} ${f(m.runCommands)}   (cold runner: ${f(m.runCommandsCold)})`);
  row('ours, compiled (warm)', 'dist');
  row('ours, compiled, provenance: false', 'noprov');
  row('ours, TypeScript source (warm)', 'src');
  row('ours, compiled, cold runner', 'cold');
  row('ours, pushMode docker', 'docker');
  row('ours, commit outside the image', 'same');
  row('ours, promotion', 'promote');
  console.log('ratios (paired medians):');
  console.log(`  compiled / run-commands        ${x(m.dist, m.runCommands)}  (target <= 1.10)`);
  console.log(`  no provenance / run-commands   ${x(m.noprov, m.runCommands)}  (provenance costs ${f(m.dist - m.noprov)} of wall, ${f(m.distInner - m.noprovInner)} of executor)`);
  console.log(`  source / run-commands          ${x(m.src, m.runCommands)}  (target <= 1.10)`);
  console.log(`  cold / run-commands, both cold ${x(m.cold, m.runCommandsCold)}  (target <= 1.10)`);
  console.log(`  pushMode docker / run-commands ${x(m.docker, m.runCommands)}`);
  console.log(`  no change / run-commands       ${x(m.same, m.runCommands)}  (target <= 1.05, 0 blobs)`);
  console.log(`  rebuild / promotion (executor) ${x(m.distInner, m.promoteInner)}x  (target >= 10)`);
  console.log(`  compiled / raw                 ${x(m.dist, m.raw)}  (Nx start-up included)`);
  console.log(`  executor / raw                 ${x(m.distInner, m.raw)}  (the executor's own time against the raw command)`);
  console.log(`Nx's fixed cost of a non-run-commands executor (the fork): no-op JS executor ${f(m['noop-js'])} - run-commands 'true' ${f(m['noop-rc'])} = ${f(m['noop-js'] - m['noop-rc'])}`);
  console.log(`  compiled, without that fork / run-commands  ${x(m.dist - (m['noop-js'] - m['noop-rc']), m.runCommands)}`);
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
