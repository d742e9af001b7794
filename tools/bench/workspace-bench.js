#!/usr/bin/env node
/**
 * A whole-workspace release: SERVICES (default 20) small services, all affected, released by one
 * `nx run-many -t release` at --parallel=1 and at --parallel=4. Every service's image holds one
 * layer shared by all (a 16 MB file, identical bytes and mtime, so identical layer digests: what a
 * common base built in the workspace looks like to the registry) and one of its own.
 *
 *   node tools/bench/workspace-bench.js setup DIR     # the workspace, committed
 *   node tools/bench/workspace-bench.js run DIR N     # one release of every service at --parallel=N
 *                                                     # into a fresh registry; appends its counts
 *   node tools/bench/workspace-bench.js report DIR    # per N: median wall time, registry requests,
 *                                                     # blob uploads, uploads of the shared layer
 *
 * `run` is one whole process, so a paired timer can time `run DIR 4` against `run DIR 1`. Each run
 * gets a new registry (nothing to promote); BuildKit's local cache is warm after the first run,
 * the same for both sides.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { env, median, pluginWorkspace, startRegistry } = require('./bench-lib');

const SERVICES = Number(process.env.SERVICES ?? 20);
const [, , command, dir, parallel] = process.argv;

function setup() {
  const files = { 'nx.json': JSON.stringify({ analytics: false, defaultBase: 'main', plugins: [{ plugin: 'nx-docker-release/plugin', options: { tags: ['type=sha', 'type=raw,value=latest'] } }] }) };
  for (let i = 0; i < SERVICES; i++) {
    const name = `svc-${String(i).padStart(2, '0')}`;
    files[`services/${name}/project.json`] = JSON.stringify({ name, root: `services/${name}`, targets: {} });
    files[`services/${name}/Dockerfile`] = 'FROM scratch\nCOPY shared.bin /opt/shared.bin\nCOPY own.txt /own.txt\n';
    files[`services/${name}/own.txt`] = `${name}\n`;
  }
  const root = pluginWorkspace('workspace-bench-', files);
  // One shared payload, about 2.5x compressible like a toolchain, byte-identical in every service.
  const text = 'usr/lib/toolchain/pkg/runtime/internal/sys/';
  const shared = Buffer.from(Array.from({ length: (16 * 1024 * 1024) / 77 }, () => `${crypto.randomBytes(24).toString('base64')}${text}\n`).join(''));
  const stamp = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < SERVICES; i++) {
    const file = path.join(root, `services/svc-${String(i).padStart(2, '0')}/shared.bin`);
    fs.writeFileSync(file, shared);
    fs.utimesSync(file, stamp, stamp);
  }
  const gitEnv = { ...env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' };
  spawnSync('git', ['add', '-A'], { cwd: root, env: gitEnv });
  spawnSync('git', ['commit', '-qm', 'shared payload'], { cwd: root, env: gitEnv });
  if (dir) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(root, dir);
  }
  console.log(dir ?? root);
}

async function run() {
  const storage = fs.mkdtempSync(path.join(dir, '.registry-'));
  const registry = await startRegistry(storage, { accessLog: path.join(storage, 'access.log') });
  const start = process.hrtime.bigint();
  const res = spawnSync(path.join(dir, 'node_modules/.bin/nx'), ['run-many', '-t', 'release', `--parallel=${parallel}`, `--registry=${registry.host}`, '--output-style=static'], {
    cwd: dir,
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  registry.child.kill();
  await new Promise((r) => registry.child.once('exit', r));
  if (res.status !== 0) throw new Error(`nx run-many failed:\n${res.stdout}\n${res.stderr}`);
  const log = fs.readFileSync(path.join(storage, 'access.log'), 'utf8');
  const requests = (log.match(/"(GET|HEAD|POST|PUT|PATCH|DELETE) \/v2\//g) ?? []).length;
  const puts = [...log.matchAll(/"PUT \/v2\/[^ ]*\/blobs\/uploads\/[^ ]*digest=(sha256(?:%3A|:)[0-9a-f]{64})/g)].map((m) => m[1].replace('%3A', ':'));
  const perDigest = new Map();
  for (const d of puts) perDigest.set(d, (perDigest.get(d) ?? 0) + 1);
  const mounts = (log.match(/"POST \/v2\/[^ ]*\/blobs\/uploads\/\?[^ ]*mount=/g) ?? []).length;
  const summary = /docker-release: (\d+) project\(s\): ([^\n]*)/.exec(res.stdout);
  const entry = {
    parallel: Number(parallel),
    ms: Math.round(ms),
    requests,
    blobUploads: puts.length,
    mostUploadsOfOneBlob: Math.max(0, ...perDigest.values()),
    mounts,
    summary: summary ? `${summary[1]}: ${summary[2]}` : '',
  };
  fs.appendFileSync(path.join(dir, 'results.jsonl'), `${JSON.stringify(entry)}\n`);
  if (process.env.KEEP) fs.writeFileSync(path.join(dir, `last-run-${parallel}.log`), `${log}\n${res.stdout}`);
  fs.rmSync(storage, { recursive: true, force: true });
  console.log(JSON.stringify(entry));
}

function report() {
  const rows = fs
    .readFileSync(path.join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  for (const p of [...new Set(rows.map((r) => r.parallel))].sort((a, b) => a - b)) {
    const of = rows.filter((r) => r.parallel === p);
    const m = (k) => median(of.map((r) => r[k]));
    console.log(
      `--parallel=${p}: ${of.length} run(s), median ${(m('ms') / 1000).toFixed(1)} s, ${m('requests')} registry requests, ${m('blobUploads')} blob uploads, shared layer uploaded ${m('mostUploadsOfOneBlob')}x, ${m('mounts')} mounts; ${of[0].summary}`,
    );
  }
}

const commands = { setup, run, report };
if (!commands[command] || (command !== 'setup' && !dir)) {
  console.error('usage: workspace-bench.js setup [DIR] | run DIR N | report DIR');
  process.exit(2);
}
Promise.resolve(commands[command]()).catch((err) => {
  console.error(err.message);
  process.exit(1);
});
