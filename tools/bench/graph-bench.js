#!/usr/bin/env node
/**
 * Graph computation cost of the nx-docker-release plugin (createNodes + createDependencies).
 *
 * Generates a workspace of N projects with Dockerfiles in a temp dir (node_modules symlinked from
 * this workspace, the plugin copied from source), commits it, changes one shared file, and times
 * `nx show projects --affected --base=HEAD~1 --head=HEAD` with and without the plugin's nx.json
 * entry: RUNS runs each, alternating, median reported, `.nx` removed before every run (a CI
 * clone is cold).
 *
 *   node tools/bench/graph-bench.js            # 200 projects, 5 runs each
 *   PROJECTS=50 RUNS=3 node tools/bench/graph-bench.js
 *   PACKED=1 node tools/bench/graph-bench.js   # the compiled package a user installs (built first)
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const PROJECTS = Number(process.env.PROJECTS ?? 200);
const LIBS = Math.max(1, Math.round(PROJECTS / 10));
const RUNS = Number(process.env.RUNS ?? 5);
const pad = (n) => String(n).padStart(3, '0');

function write(root, file, text) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

function generate() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-bench-'));
  for (const file of ['package.json', 'tsconfig.base.json']) fs.copyFileSync(path.join(ROOT, file), path.join(root, file));
  fs.cpSync(path.join(ROOT, 'packages/nx-docker-release'), path.join(root, 'packages/nx-docker-release'), {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}e2e${path.sep}`),
  });
  if (process.env.PACKED) {
    // A consumer's node_modules: every dependency linked, the plugin itself the compiled package.
    const dist = path.join(ROOT, 'dist/packages/nx-docker-release');
    if (!fs.existsSync(path.join(dist, 'plugin.js'))) execFileSync(path.join(ROOT, 'node_modules/.bin/nx'), ['run', 'nx-docker-release:build'], { cwd: ROOT, stdio: 'ignore' });
    fs.mkdirSync(path.join(root, 'node_modules'));
    for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
      if (entry !== 'nx-docker-release') fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(root, 'node_modules', entry));
    }
    fs.cpSync(dist, path.join(root, 'node_modules/nx-docker-release'), { recursive: true });
    fs.rmSync(path.join(root, 'packages'), { recursive: true, force: true });
  } else {
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  }
  write(root, '.gitignore', 'node_modules\n.nx\n');
  if (process.env.PACKED) {
    // Nx's floor for any installed plugin: a worker process loading a package that infers nothing.
    write(root, 'node_modules/noop-nx-plugin/package.json', JSON.stringify({ name: 'noop-nx-plugin', main: 'index.js' }));
    write(root, 'node_modules/noop-nx-plugin/index.js', "exports.name = 'noop';\nexports.createNodesV2 = ['**/no-such-file', () => []];\n");
  }
  for (let i = 0; i < LIBS; i++) {
    const lib = `libs/lib-${pad(i)}`;
    write(root, `${lib}/project.json`, JSON.stringify({ name: `lib-${pad(i)}` }));
    write(root, `${lib}/go.mod`, `module example.com/lib${i}\n\ngo 1.19\n`);
    write(root, `${lib}/lib.go`, `package lib${i}\n\nconst Name = "lib${i}"\n`);
    write(root, `${lib}/config.json`, `{"lib": ${i}}\n`);
  }
  for (let i = 0; i < PROJECTS; i++) {
    const svc = `services/svc-${pad(i)}`;
    const lib = i % LIBS;
    // Every other service builds from the workspace root and copies its library's config.
    const wide = i % 2 === 0;
    const targets = wide ? { release: { options: { context: '.' } } } : {};
    write(root, `${svc}/project.json`, JSON.stringify({ name: `svc-${pad(i)}`, targets }));
    write(root, `${svc}/go.mod`, `module example.com/svc${i}\n\ngo 1.19\n\nrequire example.com/lib${lib} v0.0.0\n\nreplace example.com/lib${lib} => ../../libs/lib-${pad(lib)}\n`);
    write(root, `${svc}/main.go`, `package main\n\nfunc main() {}\n`);
    write(
      root,
      `${svc}/Dockerfile`,
      wide ? `FROM scratch\nCOPY ${svc}/bin/app /app\nCOPY libs/lib-${pad(lib)}/config.json /etc/app/config.json\nENTRYPOINT ["/app"]\n` : `FROM scratch\nCOPY bin/app /app\nENTRYPOINT ["/app"]\n`,
    );
  }
  const git = (...args) =>
    execFileSync('git', args, { cwd: root, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'bench workspace');
  write(root, 'libs/lib-003/lib.go', 'package lib3\n\nconst Name = "lib three"\n');
  git('commit', '--quiet', '-am', 'change one library');
  return root;
}

function nxJson(withPlugin) {
  const nx = JSON.parse(fs.readFileSync(path.join(ROOT, 'nx.json'), 'utf8'));
  delete nx.plugins;
  // PLUGIN overrides the entry, e.g. ./packages/nx-docker-release/src/graph/index.ts to load only the graph code.
  if (withPlugin === 'noop') nx.plugins = ['noop-nx-plugin'];
  else if (withPlugin) nx.plugins = [{ plugin: process.env.PLUGIN ?? 'nx-docker-release/plugin', options: { registry: 'ghcr.io/acme' } }];
  return `${JSON.stringify(nx, null, 2)}\n`;
}

function once(root, withPlugin) {
  // nx.json is written but never committed, so both variants diff the same two commits.
  fs.writeFileSync(path.join(root, 'nx.json'), nxJson(withPlugin));
  fs.rmSync(path.join(root, '.nx'), { recursive: true, force: true });
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' };
  const args = ['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json'];
  const start = process.hrtime.bigint();
  const res = spawnSync(path.join(root, 'node_modules/.bin/nx'), args, { cwd: root, env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (res.status !== 0) throw new Error(`nx failed:\n${res.stdout}${res.stderr}`);
  return { seconds, affected: JSON.parse(res.stdout.slice(res.stdout.indexOf('['))).length };
}

/** Alternates the two variants so load from other processes hits both alike. */
function measure(root) {
  const results = { without: [], with: [], noop: [] };
  for (let run = 0; run < RUNS; run++) {
    results.without.push(once(root, false));
    results.with.push(once(root, true));
    if (process.env.PACKED) results.noop.push(once(root, 'noop'));
  }
  const summary = (runs) => {
    const times = runs.map((r) => r.seconds);
    const sorted = [...times].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)], times, affected: runs[0].affected };
  };
  return { without: summary(results.without), withPlugin: summary(results.with), noop: results.noop.length ? summary(results.noop) : undefined };
}

const root = generate();
try {
  const { without, withPlugin, noop } = measure(root);
  const fmt = (r) => `median ${r.median.toFixed(2)} s (runs: ${r.times.map((t) => t.toFixed(2)).join(', ')}), ${r.affected} affected`;
  console.log(`workspace: ${PROJECTS} services with Dockerfiles + ${LIBS} Go libraries, ${os.cpus().length} cores, ${RUNS} cold runs each`);
  console.log(`without plugin: ${fmt(without)}`);
  console.log(`with plugin:    ${fmt(withPlugin)}`);
  console.log(`ratio with/without: ${(withPlugin.median / without.median).toFixed(2)}; added ${(withPlugin.median - without.median).toFixed(2)} s`);
  if (noop)
    console.log(`no-op installed plugin: ${fmt(noop)}; Nx's plugin-worker floor ${(noop.median - without.median).toFixed(2)} s, ours beyond it ${(withPlugin.median - noop.median).toFixed(2)} s`);
} finally {
  if (!process.env.KEEP) fs.rmSync(root, { recursive: true, force: true });
}
