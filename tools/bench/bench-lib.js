'use strict';
/** What the release benches share: a loopback registry, a git workspace with the plugin, timing. */
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', FORCE_COLOR: '0' };
for (const key of Object.keys(env)) if (key.startsWith('GITHUB_') || key.startsWith('GITLAB') || key.startsWith('CI_')) delete env[key];
const gitEnv = { ...env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnv }).trim();

function write(root, file, text) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throw-away registry on loopback; `accessLog`: a file that gets one line per request;
 * `htpasswd`: { user, password } makes it ask for a login, as a team's private registry does.
 */
async function startRegistry(dir, { accessLog, htpasswd } = {}) {
  const port = await freePort();
  const log = accessLog ? '{ level: info, formatter: text, accesslog: { disabled: false } }' : '{ level: error, accesslog: { disabled: true } }';
  let auth = '';
  if (htpasswd) {
    const line = execFileSync('htpasswd', ['-niB', htpasswd.user], { input: htpasswd.password, encoding: 'utf8' });
    write(dir, 'htpasswd', line);
    auth = `auth: { htpasswd: { realm: bench, path: ${dir}/htpasswd } }\n`;
  }
  write(dir, 'registry.yml', `version: 0.1\nlog: ${log}\nstorage: { filesystem: { rootdirectory: ${dir}/data } }\nhttp: { addr: 127.0.0.1:${port} }\n${auth}`);
  const out = accessLog ? fs.openSync(accessLog, 'w') : 'ignore';
  const child = spawn('docker-registry', ['serve', path.join(dir, 'registry.yml')], { stdio: ['ignore', out, out] });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const status = (await fetch(`http://${host}/v2/`)).status;
      if (status === 200 || (htpasswd && status === 401)) return { host, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('registry did not start');
}

/** npm nests the plugin's own version of a dependency only when it differs from the hoisted one. */
function linkNested(target) {
  const nested = path.join(ROOT, 'packages/nx-docker-release/node_modules');
  if (fs.existsSync(nested)) fs.symlinkSync(nested, target);
}

/** A git workspace holding the plugin's source (node_modules linked); `files` are written first. */
function pluginWorkspace(prefix, files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const file of ['package.json', 'tsconfig.base.json']) fs.copyFileSync(path.join(ROOT, file), path.join(root, file));
  fs.cpSync(path.join(ROOT, 'packages/nx-docker-release'), path.join(root, 'packages/nx-docker-release'), {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}e2e${path.sep}`) && !src.includes(`${path.sep}node_modules`),
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  linkNested(path.join(root, 'packages/nx-docker-release/node_modules'));
  write(root, '.gitignore', 'node_modules\n.nx\ndist\n');
  write(root, 'nx.json', JSON.stringify({ analytics: false, defaultBase: 'main' }));
  for (const [file, text] of Object.entries(files)) write(root, file, text);
  git(root, 'init', '-q', '--initial-branch=main');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'bench');
  return root;
}

/** Builds the compiled plugin inside the workspace (the form a consumer installs). */
function buildPlugin(root) {
  timed(path.join(root, 'node_modules/.bin/nx'), ['run', 'nx-docker-release:build'], root);
  linkNested(path.join(root, 'dist/packages/nx-docker-release/node_modules'));
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'built plugin', '--allow-empty');
}

/** One whole-process run; the executor's own time, CPU, RSS and blob count from its log. */
function timed(file, args, cwd, extraEnv = {}) {
  const start = process.hrtime.bigint();
  const res = spawnSync(file, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${file} ${args.join(' ')} failed:\n${res.stdout}\n${res.stderr}`);
  const inner = /(\w[\w-]*) in (\d+) ms \(facts \d+ ms, cpu (\d+) ms user, peak rss (\d+) MB\)/.exec(res.stdout);
  const blobs = /(\d+) blob\(s\) uploaded/.exec(res.stdout);
  return {
    ms,
    out: res.stdout,
    source: inner?.[1],
    inner: inner ? Number(inner[2]) : undefined,
    cpu: inner ? Number(inner[3]) : undefined,
    rss: inner ? Number(inner[4]) : undefined,
    uploaded: blobs ? Number(blobs[1]) : 0,
  };
}

/**
 * A tarball of about `mb` MB of real, compressible files (copies of the Go toolchain tree), to
 * `docker import` as a base image: nothing can be pulled here.
 */
function baseTarball(dir, mb) {
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const tree = path.join(dir, 'tree');
  const goMb = Number(execFileSync('du', ['-sm', goroot], { encoding: 'utf8' }).split('\t')[0]);
  const copies = Math.max(1, Math.round(mb / goMb));
  for (let i = 0; i < copies; i++) fs.cpSync(goroot, path.join(tree, `opt/toolchain-${i}`), { recursive: true, verbatimSymlinks: true });
  const tar = path.join(dir, 'base.tar');
  execFileSync('tar', ['-C', tree, '-cf', tar, '.']);
  fs.rmSync(tree, { recursive: true, force: true });
  return { tar, what: `${copies} copies of ${goroot} (${goMb} MB)` };
}

/**
 * A cold CI runner: a fresh clone of `root` (its built plugin copied in), a new HOME, BuildKit's
 * cache pruned (the engine keeps the base it pulled, the registry what it holds); `run(clone,
 * env)` runs there and its value is returned; the clone and HOME are removed after.
 */
function coldRunner(root, run) {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-clone-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-home-'));
  git(os.tmpdir(), 'clone', '-q', root, clone);
  if (!fs.existsSync(path.join(clone, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  fs.cpSync(path.join(root, 'dist'), path.join(clone, 'dist'), { recursive: true, verbatimSymlinks: true });
  execFileSync('docker', ['builder', 'prune', '-af'], { stdio: 'ignore' });
  try {
    return run(clone, { HOME: home });
  } finally {
    fs.rmSync(clone, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

module.exports = { ROOT, env, median, git, write, startRegistry, linkNested, pluginWorkspace, buildPlugin, timed, baseTarball, coldRunner };
