#!/usr/bin/env node
/**
 * Release cost against raw buildx, on an image with a ~20 MB layer, all in one invocation:
 *
 *   raw          docker buildx build --push of the same context (no Nx)
 *   run-commands the same command as an nx:run-commands target (`nx run bench-svc:raw`)
 *   release      our executor on a changed commit: build, upload, tag. Twice: compiled to
 *                JavaScript (the npm package users install) and from TypeScript source (this repo)
 *   promote      our executor on a tag of an already released commit: re-tag only (both forms)
 *   Nx's own fixed costs, for reference: a run-commands `true`, a no-op JavaScript executor (Nx
 *   forks a process for any executor but run-commands) and a no-op TypeScript executor (Nx
 *   registers its TypeScript transpiler for any local plugin loaded from source).
 *
 * Every build gets a fresh random payload (so every push uploads 20 MB), and every variant runs
 * RUNS times, interleaved; medians and ratios are printed. The executor's own time (its
 * "<source> in N ms" line) is reported beside the wall time of `nx run`.
 *
 *   node tools/bench/release-bench.js          # RUNS=7, MB=20 (VERBOSE=1: per-run step times)
 */
'use strict';
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { git, median, pluginWorkspace, startRegistry, linkNested, timed } = require('./bench-lib');

const RUNS = Number(process.env.RUNS ?? 7);
const MB = Number(process.env.MB ?? 20);

function releaseOptions(image) {
  return { images: [image], tags: ['type=sha', 'type=semver,pattern={{version}}'], releaseTagPattern: '{projectName}@{version}', context: 'bench', platforms: ['linux/amd64'] };
}

function workspace(registry) {
  const common = ['--platform=linux/amd64', '--file=bench/Dockerfile'];
  const root = pluginWorkspace('release-bench-', {
    'noop/package.json': JSON.stringify({ name: 'noop', executors: './executors.json' }),
    'noop/executors.json': JSON.stringify({ executors: { js: { implementation: './js.js', schema: './schema.json' }, ts: { implementation: './ts.ts', schema: './schema.json' } } }),
    'noop/schema.json': JSON.stringify({ type: 'object', properties: {} }),
    'noop/js.js': 'exports.default = async () => ({ success: true });\n',
    'noop/ts.ts': 'export default async function noop(): Promise<{ success: boolean }> {\n  return { success: true };\n}\n',
    'bench/Dockerfile': 'FROM scratch\nCOPY payload /payload\n',
    'bench/payload': 'initial',
    'bench/project.json': JSON.stringify({
      name: 'bench-svc',
      root: 'bench',
      targets: {
        raw: { executor: 'nx:run-commands', options: { command: `docker buildx build --push ${common.join(' ')} --tag=${registry}/bench/runcmd:{args.tag} bench` } },
        'noop-rc': { executor: 'nx:run-commands', options: { command: 'true' } },
        'noop-js': { executor: './noop:js' },
        'noop-ts': { executor: './noop:ts' },
        'release-dist': { executor: './dist/packages/nx-docker-release:docker-release', options: releaseOptions(`${registry}/bench/dist`) },
        release: { executor: 'nx-docker-release:docker-release', options: releaseOptions(`${registry}/bench/ours`) },
      },
    }),
  });
  return { root, git: (...args) => git(root, ...args) };
}

function newPayload(ws, commit) {
  fs.writeFileSync(path.join(ws.root, 'bench/payload'), crypto.randomBytes(MB * 1024 * 1024));
  if (commit) {
    ws.git('add', '-A');
    ws.git('commit', '-qm', 'payload');
  }
}

(async () => {
  execFileSync('docker', ['info'], { stdio: 'ignore' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-bench-reg-'));
  const { host, child } = await startRegistry(dir);
  const ws = workspace(host);
  const nx = path.join(ws.root, 'node_modules/.bin/nx');
  const samples = {};
  const add = (key, value) => (samples[key] ??= []).push(value);
  // The published form: the plugin compiled to JavaScript (what a workspace installing it from npm runs).
  timed(nx, ['run', 'nx-docker-release:build'], ws.root);
  linkNested(path.join(ws.root, 'dist/packages/nx-docker-release/node_modules'));
  const release = (target, label) => {
    const res = timed(nx, ['run', `bench-svc:${target}`], ws.root);
    if (!new RegExp(`${label} in`).test(res.out)) throw new Error(`${target} did not end "${label}":\n${res.out}`);
    return res;
  };
  try {
    // Warm-up: BuildKit, Nx and the registry paths once, not measured.
    newPayload(ws, true);
    timed(nx, ['run', 'bench-svc:release'], ws.root);
    timed(nx, ['run', 'bench-svc:raw', '--tag=warm'], ws.root);
    for (let i = 0; i < RUNS; i++) {
      for (const noop of ['noop-rc', 'noop-js', 'noop-ts']) add(noop, timed(nx, ['run', `bench-svc:${noop}`], ws.root).ms);
      newPayload(ws, false);
      add('raw', timed('docker', ['buildx', 'build', '--push', '--platform=linux/amd64', '--file=bench/Dockerfile', `--tag=${host}/bench/raw:r${i}`, 'bench'], ws.root).ms);
      newPayload(ws, false);
      add('runCommands', timed(nx, ['run', 'bench-svc:raw', `--tag=r${i}`], ws.root).ms);
      // Each form releases its own new commit, then promotes it when a release tag lands on it.
      for (const [target, key] of [
        ['release-dist', 'dist'],
        ['release', 'src'],
      ]) {
        newPayload(ws, true);
        const rel = release(target, 'uploaded');
        add(`${key}Release`, rel.ms);
        add(`${key}ReleaseInner`, rel.inner);
        ws.git('checkout', '-q', '--detach', 'HEAD');
        ws.git('tag', `bench-svc@1.${key === 'dist' ? 1 : 2}.${i}`);
        const pro = release(target, 'promoted');
        add(`${key}Promote`, pro.ms);
        add(`${key}PromoteInner`, pro.inner);
        ws.git('checkout', '-q', 'main');
        if (process.env.VERBOSE) console.log(`${key}: ${(/steps: .*/.exec(rel.out) || [''])[0]}; ${(/uploaded in .*/.exec(rel.out) || [''])[0]}; ${(/promoted in .*/.exec(pro.out) || [''])[0]}`);
      }
    }
  } finally {
    child.kill();
    fs.rmSync(ws.root, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const x = (a, b) => (a / b).toFixed(2);
  console.log(`release-bench: ${MB} MB random layer, ${RUNS} runs each, medians (load ${os.loadavg()[0].toFixed(1)})`);
  console.log(`  raw docker buildx build --push            ${f(m.raw)}`);
  console.log(`  same command as nx:run-commands           ${f(m.runCommands)}`);
  console.log(`  nx run release, compiled (npm package)    ${f(m.distRelease)}   executor itself ${f(m.distReleaseInner)}`);
  console.log(`  nx run release, TypeScript source (repo)  ${f(m.srcRelease)}   executor itself ${f(m.srcReleaseInner)}`);
  console.log(`  nx run promotion, compiled                ${f(m.distPromote)}   executor itself ${f(m.distPromoteInner)}`);
  console.log(`  nx run promotion, TypeScript source       ${f(m.srcPromote)}   executor itself ${f(m.srcPromoteInner)}`);
  console.log(
    `Nx's fixed costs: run-commands 'true' ${f(m['noop-rc'])}; no-op JS executor ${f(m['noop-js'])} (+${f(m['noop-js'] - m['noop-rc'])}: the fork); no-op TS executor ${f(m['noop-ts'])} (+${f(m['noop-ts'] - m['noop-js'])}: the transpiler)`,
  );
  console.log(`ratios:`);
  console.log(`  compiled release / run-commands target    ${x(m.distRelease, m.runCommands)}  (target <= 1.10)`);
  console.log(`  source release / run-commands target      ${x(m.srcRelease, m.runCommands)}  (in-repo form: Nx's transpiler registration included)`);
  console.log(`  compiled release / raw buildx             ${x(m.distRelease, m.raw)}  (Nx start-up included)`);
  console.log(`  executor / raw buildx                     ${x(m.distReleaseInner, m.raw)}  (target <= 1.15)`);
  console.log(`  rebuild / promotion (executor)            ${x(m.distReleaseInner, m.distPromoteInner)}x  (target >= 10; rebuild = release of a changed commit)`);
  console.log(`  raw buildx rebuild / promotion (executor) ${x(m.raw, m.distPromoteInner)}x`);
  console.log(`  rebuild / promotion (nx run, compiled)    ${x(m.distRelease, m.distPromote)}x  (Nx start-up on both sides)`);
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
