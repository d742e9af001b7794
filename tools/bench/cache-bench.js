#!/usr/bin/env node
/**
 * A registry layer cache on a cold CI runner, with this workspace's real backend: the multi-stage,
 * workspace-root Dockerfile whose build stage runs `go build` FROM the Go toolchain image in a
 * private (htpasswd) registry. Every run is a cold runner: a fresh clone, a new HOME, the engine's
 * build cache and images pruned. Between runs one line of the final stage changes (a LABEL line
 * of the Dockerfile, committed), so the build stage is the same and only a cache can spare its
 * `go build`. SCENARIO=source changes one line of a Go source instead (the cache then spares only
 * the base image's layers).
 *
 * Compared, paired (each round runs every variant once, in turn), medians of RUNS:
 *   ours     the release target with cache: "registry" (<image>:buildcache, mode=max)
 *   raw      `docker buildx build --push --cache-from --cache-to` with the same refs, logged in
 *            (the login is a step of its own in CI, so it is done once, before the runs)
 *   runcmd   the same command as an nx:run-commands target
 *   nocache  the release target without a cache (what the cache saves)
 * The engine is a second dockerd on the containerd image store (the docker driver exports a
 * registry cache there; the classic store cannot).
 *
 *   node tools/bench/cache-bench.js               # RUNS=5, SCENARIO=final|source
 *   node tools/bench/cache-bench.js setup <dir>   # the engine, registry and workspace; left running
 *   node tools/bench/cache-bench.js run <dir> <ours|raw|runcmd|nocache>   # one cold-runner run
 *   node tools/bench/cache-bench.js teardown <dir>
 * The last three let an outside timer take whole-process figures of single runs (a run then
 * includes its clone and prune; `run <dir> prep` does only those, to subtract).
 */
'use strict';
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, median, git, pluginWorkspace, buildPlugin, startRegistry, timed } = require('./bench-lib');

const RUNS = Number(process.env.RUNS ?? 5);
const SCENARIO = process.env.SCENARIO ?? 'final';
const USER = 'bench';
const VARIANTS = ['ours', 'raw', 'runcmd', 'nocache'];

/** A dockerd on the containerd image store, its own socket, data root and bridge. */
async function startEngine(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'daemon.json');
  fs.writeFileSync(config, JSON.stringify({ features: { 'containerd-snapshotter': true } }));
  const host = `unix://${path.join(dir, 'd.sock')}`;
  const bridge = `benchbr${process.pid % 10000}`;
  const ip = (...args) => execFileSync('ip', args, { stdio: 'ignore' });
  ip('link', 'add', bridge, 'type', 'bridge');
  ip('addr', 'add', `10.212.${process.pid % 250}.1/24`, 'dev', bridge);
  ip('link', 'set', bridge, 'up');
  const log = fs.openSync(path.join(dir, 'dockerd.log'), 'w');
  const args = [
    '--config-file',
    config,
    '--host',
    host,
    '--data-root',
    path.join(dir, 'data'),
    '--exec-root',
    path.join(dir, 'x'),
    '--pidfile',
    path.join(dir, 'd.pid'),
    '--bridge',
    bridge,
    '--iptables=false',
    '--ip6tables=false',
  ];
  spawn('dockerd', args, { detached: true, stdio: ['ignore', log, log] }).unref();
  for (let i = 0; i < 150; i++) {
    if (spawnSync('docker', ['-H', host, 'info'], { stdio: 'ignore' }).status === 0) return { host, bridge };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the containerd-store engine did not start:\n${fs.readFileSync(path.join(dir, 'dockerd.log'), 'utf8').slice(-2000)}`);
}

const readState = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));

async function setup(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = execFileSync('openssl', ['rand', '-hex', '16'], { encoding: 'utf8' }).trim();
  const registry = await startRegistry(path.join(dir, 'registry'), { htpasswd: { user: USER, password } });
  registry.child.unref();
  const engine = await startEngine(path.join(dir, 'engine'));
  const host = registry.host;
  execFileSync('bash', [path.join(ROOT, 'tools/go-toolchain-image.sh'), host, USER, 'BENCH_PASS'], { env: { ...process.env, BENCH_PASS: password }, stdio: 'inherit' });
  // The raw command's login, done once as a CI job's login step would be.
  const rawConfig = path.join(dir, 'raw-docker-config');
  fs.mkdirSync(rawConfig, { mode: 0o700 });
  execFileSync('docker', ['login', '--username', USER, '--password-stdin', host], { input: password, env: { ...process.env, DOCKER_CONFIG: rawConfig }, stdio: ['pipe', 'ignore', 'ignore'] });

  const cache = (image) => ({ from: `type=registry,ref=${host}/bench/${image}:buildcache`, to: `type=registry,ref=${host}/bench/${image}:buildcache,mode=max` });
  const release = (image, withCache) => ({
    executor: './dist/packages/nx-docker-release:docker-release',
    dependsOn: [],
    options: {
      images: [`${host}/bench/${image}`],
      tags: ['type=sha'],
      context: '.',
      file: 'assistant/backend/Dockerfile',
      buildArgs: { BASE_REGISTRY: host },
      login: { registry: host, usernameEnv: 'BENCH_USER', passwordEnv: 'BENCH_PASS' },
      // The plugin's own default: <first image>:buildcache, mode=max (the refs the raw command names).
      ...(withCache ? { cache: 'registry' } : {}),
    },
  });
  const raw = `docker buildx build --push --file=assistant/backend/Dockerfile --build-arg=BASE_REGISTRY=${host} --cache-from=${cache('backend').from} --cache-to=${cache('backend').to} --tag=${host}/bench/raw:{args.tag} .`;
  const files = {};
  for (const dirName of ['assistant/backend', 'assistant/shared']) {
    for (const file of execFileSync('git', ['ls-files', dirName], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean)) {
      if (!file.endsWith('project.json')) files[file] = fs.readFileSync(path.join(ROOT, file), 'utf8');
    }
  }
  files['assistant/backend/project.json'] = JSON.stringify({
    name: 'backend',
    root: 'assistant/backend',
    targets: {
      release: release('backend', true),
      'release-nocache': release('backend-nocache', false),
      raw: { executor: 'nx:run-commands', options: { command: raw, cwd: '.' } },
    },
  });
  const root = pluginWorkspace('cache-bench-ws-', files);
  buildPlugin(root);
  fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ root, host, password, rawCommand: raw, rawConfig, engine, registryPid: registry.child.pid, n: 0 }));
  console.log(`cache-bench: engine ${engine.host} (containerd image store), registry ${host} (htpasswd), workspace ${root}`);
}

/** The one-line change of the scenario, committed in the source workspace. */
function change(state, dir) {
  state.n += 1;
  fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state));
  if (SCENARIO === 'source') {
    fs.appendFileSync(path.join(state.root, 'assistant/backend/server.go'), `// bench change ${state.n}\n`);
  } else {
    const file = path.join(state.root, 'assistant/backend/Dockerfile');
    const text = fs.readFileSync(file, 'utf8').replace(/\nLABEL bench\.change=.*\n/, '\n');
    fs.writeFileSync(file, `${text.trimEnd()}\nLABEL bench.change="${state.n}"\n`);
  }
  git(state.root, 'commit', '-qam', `bench change ${state.n}`);
}

/** A cold runner: fresh clone (built plugin copied), new HOME, the engine's build cache and images gone. */
function coldClone(state) {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-bench-clone-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-bench-home-'));
  git(os.tmpdir(), 'clone', '-q', state.root, clone);
  if (!fs.existsSync(path.join(clone, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  fs.cpSync(path.join(state.root, 'dist'), path.join(clone, 'dist'), { recursive: true, verbatimSymlinks: true });
  execFileSync('docker', ['-H', state.engine.host, 'builder', 'prune', '-af'], { stdio: 'ignore' });
  execFileSync('docker', ['-H', state.engine.host, 'image', 'prune', '-af'], { stdio: 'ignore' });
  return { clone, home, remove: () => [clone, home].forEach((d) => fs.rmSync(d, { recursive: true, force: true })) };
}

/** One cold-runner run of a variant: its whole nx (or docker) process, timed. */
function runOnce(state, variant) {
  const runner = coldClone(state);
  try {
    if (variant === 'prep') return { ms: 0 };
    const extra = { HOME: runner.home, DOCKER_HOST: state.engine.host, BENCH_USER: USER, BENCH_PASS: state.password };
    const nx = path.join(runner.clone, 'node_modules/.bin/nx');
    const rawEnv = { ...extra, DOCKER_CONFIG: state.rawConfig };
    const tag = `r${state.n}-${variant}`;
    if (variant === 'ours' || variant === 'nocache') {
      const res = timed(nx, ['run', variant === 'ours' ? 'backend:release' : 'backend:release-nocache', '--output-style=static'], runner.clone, extra);
      if (process.env.BENCH_LOG) fs.writeFileSync(process.env.BENCH_LOG, res.out);
      if (res.source !== 'uploaded') throw new Error(`${variant} did not build and upload:\n${res.out}`);
      // BuildKit's plain progress: `#12 [build 7/7] RUN ... ["go", "build", ...]`, later `#12 CACHED`.
      const step = /#(\d+) \[build [^\]]*\] RUN [^\n]*"go", "build"/.exec(res.out)?.[1];
      return { ms: res.ms, cached: step !== undefined && new RegExp(`#${step} CACHED`).test(res.out) };
    }
    if (variant === 'runcmd') return timed(nx, ['run', 'backend:raw', `--tag=${tag}`, '--output-style=static'], runner.clone, rawEnv);
    const command = state.rawCommand.replace('{args.tag}', tag).split(' ');
    const start = process.hrtime.bigint();
    execFileSync(command[0], command.slice(1), { cwd: runner.clone, env: { ...process.env, ...rawEnv }, stdio: 'ignore' });
    return { ms: Number(process.hrtime.bigint() - start) / 1e6 };
  } finally {
    runner.remove();
  }
}

function teardown(dir) {
  const state = readState(dir);
  const pidFile = path.join(dir, 'engine/d.pid');
  if (fs.existsSync(pidFile)) process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGTERM');
  try {
    process.kill(state.registryPid, 'SIGTERM');
  } catch {
    // gone already
  }
  for (let i = 0; i < 100 && fs.existsSync(pidFile); i++) execFileSync('sleep', ['0.1']);
  try {
    execFileSync('ip', ['link', 'del', state.engine.bridge], { stdio: 'ignore' });
  } catch {
    // gone already
  }
  fs.rmSync(state.root, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main() {
  const [command, dir, variant] = process.argv.slice(2);
  if (command === 'setup') return setup(dir);
  if (command === 'teardown') return teardown(dir);
  if (command === 'run') {
    const state = readState(dir);
    if (variant !== 'prep') change(state, dir);
    const res = runOnce(state, variant);
    if (variant === 'ours' && !res.cached) throw new Error('ours: the build stage was not CACHED');
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-bench-'));
  const samples = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  let cachedRuns = 0;
  try {
    await setup(work);
    const state = readState(work);
    // A first release fills the cache (a CI runner's previous run on main).
    change(state, work);
    runOnce(state, 'ours');
    for (let i = 0; i < RUNS; i++) {
      for (const v of VARIANTS) {
        change(state, work);
        const res = runOnce(state, v);
        samples[v].push(res.ms);
        if (v === 'ours' && res.cached) cachedRuns++;
      }
    }
  } finally {
    teardown(work);
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const what = SCENARIO === 'source' ? 'one line of a Go source changed' : "one line of the final stage changed (the build stage's go build can come from the cache)";
  console.log(`cache-bench: the backend (multi-stage, root context, FROM a private Go toolchain image), cold runner each run, ${what}; ${RUNS} rounds, medians (load ${os.loadavg()[0].toFixed(1)})`);
  console.log(`  raw: docker buildx build --push --cache-from/--cache-to   ${f(m.raw)}`);
  console.log(`  the same as an nx:run-commands target                     ${f(m.runcmd)}`);
  console.log(`  ours, registry cache                                      ${f(m.ours)}   (build stage CACHED in ${cachedRuns}/${RUNS})`);
  console.log(`  ours, no cache                                            ${f(m.nocache)}`);
  const pairs = (a, b) => median(samples[a].map((x, i) => x / samples[b][i])).toFixed(2);
  console.log(`ratios (median of paired ratios): ours / raw ${pairs('ours', 'raw')}; ours / run-commands ${pairs('ours', 'runcmd')}; no cache / ours ${pairs('nocache', 'ours')}`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
