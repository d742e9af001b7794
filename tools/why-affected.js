#!/usr/bin/env node
/**
 * Why did `nx affected -t release` select a project? For each selected project, prints the chain
 * of graph edges from it to a project that owns a changed file, with the reason the
 * nx-docker-release plugin recorded for each edge (the Dockerfile line or go.mod directive).
 *
 *   node tools/why-affected.js [--base=<rev>] [--head=<rev>] [--target=release]
 *
 * Defaults: base HEAD~1, head HEAD. Read-only; runs nx (no daemon) and git.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const base = arg('base', 'HEAD~1');
const head = arg('head', 'HEAD');
const target = arg('target', 'release');
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };
const nx = (...args) => execFileSync(path.join(root, 'node_modules/.bin/nx'), args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const changed = execFileSync('git', ['diff', '--name-only', base, head], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
const graphFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'why-affected-')), 'graph.json');
nx('graph', `--file=${graphFile}`);
const { graph } = JSON.parse(fs.readFileSync(graphFile, 'utf8'));
const out = nx('show', 'projects', '--affected', '-t', target, `--base=${base}`, `--head=${head}`, '--json');
const selected = JSON.parse(out.slice(out.indexOf('[')));
const dataDir = process.env.NX_WORKSPACE_DATA_DIRECTORY ?? path.join(root, '.nx/workspace-data');
const edgeLog = path.join(dataDir, 'nx-docker-release-edges.json');
const reasons = fs.existsSync(edgeLog) ? JSON.parse(fs.readFileSync(edgeLog, 'utf8')) : [];

const roots = Object.values(graph.nodes).map((n) => [n.name, n.data.root]);
const owner = (file) => {
  let best;
  for (const [name, r] of roots) {
    const inside = r === '.' || r === '' || file === r || file.startsWith(`${r}/`);
    if (inside && (!best || r.length > best[1].length)) best = [name, r === '.' ? '' : r];
  }
  return best?.[0];
};
const touched = new Map();
for (const file of changed) {
  const project = owner(file);
  if (project) touched.set(project, [...(touched.get(project) ?? []), file]);
}
const because = (source, dep) => {
  const found = reasons.filter((r) => r.source === source && r.target === dep).map((r) => r.reason);
  if (found.length) return found.join('; ');
  const edge = (graph.dependencies[source] ?? []).find((d) => d.target === dep);
  return `${edge?.type ?? 'unknown'} dependency (implicitDependencies or another plugin)`;
};

console.log(`changed ${base}..${head}: ${changed.length} file(s)`);
if (selected.length === 0) console.log(`no project with a "${target}" target is affected`);
for (const project of selected) {
  // Breadth-first along dependencies until a project that owns a changed file.
  const previous = new Map([[project, undefined]]);
  const queue = [project];
  let hit;
  while (queue.length && !hit) {
    const current = queue.shift();
    if (touched.has(current)) hit = current;
    for (const { target: dep } of graph.dependencies[current] ?? []) {
      if (!previous.has(dep)) {
        previous.set(dep, current);
        queue.push(dep);
      }
    }
  }
  console.log(`\n${project}`);
  if (!hit) {
    console.log('  no changed file in it or its dependencies: selected by a global rule (nx.json, the lockfile,');
    console.log('  a deleted project, or a {workspaceRoot}/... input of its targets, e.g. a file its Dockerfile copies)');
    continue;
  }
  const chain = [];
  for (let at = hit; at !== undefined; at = previous.get(at)) chain.unshift(at);
  for (let i = 1; i < chain.length; i++) console.log(`  ${'  '.repeat(i - 1)}-> ${chain[i]}: ${because(chain[i - 1], chain[i])}`);
  console.log(`  ${'  '.repeat(chain.length - 1)}changed: ${touched.get(hit).join(', ')}`);
}
