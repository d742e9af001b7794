import { programAvailable, runInfo } from './run-facts';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { resolveGitContext } from './git/resolve-context';
import { buildxAvailable } from './buildx-available';
import { cacheBuilder } from './cache-builder';
import { activeCaches, ghaRuntime } from '../release/cache-checks';
import { contentKey, sentToBuild } from './content-key';
import { hostPlatform } from './host-platform';
import { sourceProblems } from './source-problems';
import { emulationWarnings } from '../release/emulation-warnings';
import { contextReads, sourceMatcher } from '../dockerfile/context-reads';
import { parseDockerfile } from '../dockerfile/parse-dockerfile';
import { localBuildContexts } from '../release/build-contexts';
import { expressionEnvNames } from '../release/expressions/run-time';
import type { Runner } from '../release/runner';
import type { ReleaseFacts } from '../release/types';
import type { DockerReleaseOptions } from '../release/options';
import type { GitContext } from '../release/git-context';
import { resolveOptions, type ResolvedOptions } from '../release/resolve-options';
import { CACHE_REGISTRY_ENV } from '../release/layer-cache';

export interface ProjectInfo {
  name: string;
  root: string;
  description?: string;
  /** Directories the tasks the release depends on read (a build whose output the image copies): their uncommitted files count too. */
  inputRoots?: string[];
}

/**
 * The release's options resolved and its facts gathered: the commit first (expressions read it),
 * then the options evaluated once (release/resolve-options), then every other fact from those.
 */
export async function resolveRelease(
  raw: DockerReleaseOptions,
  project: ProjectInfo,
  workspaceRoot: string,
  env: Record<string, string | undefined>,
  run: Runner,
): Promise<{ options: ResolvedOptions; facts: ReleaseFacts }> {
  const git = await resolveGitContext(env, run, workspaceRoot, usesCommitDate(raw));
  const { dockerfile } = buildPaths(raw, project, workspaceRoot);
  const text = isFile(dockerfile) ? readFileSync(dockerfile, 'utf8') : undefined;
  const options = resolveOptions(raw, { git, projectName: project.name, env: expressionEnv(raw, env), ...(text === undefined ? {} : { dockerfile: text }) });
  return { options, facts: await gatherFacts(options, git, project, workspaceRoot, env, run) };
}

/** Gathers everything the planner needs from the filesystem, git/CI and the environment, for resolved options. */
export async function gatherFacts(options: ResolvedOptions, git: GitContext, project: ProjectInfo, workspaceRoot: string, env: Record<string, string | undefined>, run: Runner): Promise<ReleaseFacts> {
  const { context, dockerfile } = buildPaths(options, project, workspaceRoot);
  const inputs = [options.context ?? project.root, relative(workspaceRoot, dockerfile), ...localBuildContexts(options.buildContexts).map(([, path]) => path)];
  const dockerfileExists = isFile(dockerfile);
  const text = dockerfileExists ? readFileSync(dockerfile, 'utf8') : undefined;
  // What the built stages read of the context; only that, after .dockerignore, decides the image.
  const reads = text === undefined ? undefined : contextReads(text, options.buildArgs ?? {}, options.target);
  const sources = reads && !reads.all ? reads.sources : undefined;
  const sent = dockerfileExists ? sentToBuild(context, dockerfile) : () => true;
  const read = sources ? sourceMatcher(sources) : { reads: () => true };
  const taskInputs = (project.inputRoots ?? []).map((r) => resolve(workspaceRoot, r));
  const under = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}${sep}`);
  const changedPending = uncommittedFiles(run, workspaceRoot, [...inputs, ...(project.inputRoots ?? [])], env).then((files) =>
    files.filter((file) => {
      const path = resolve(workspaceRoot, file);
      const rel = relative(context, path).split(sep).join('/');
      return path === dockerfile || taskInputs.some((dir) => under(path, dir)) || rel.startsWith('..') || (sent(rel) && read.reads(rel));
    }),
  );
  // Started now: the processes run while the content key is hashed.
  const builderPending = exportsCache(options, env) ? cacheBuilder(options.docker ?? env.DOCKER_RELEASE_DOCKER ?? 'docker', options.buildxBuilder, env, run) : undefined;
  const contextIsDirectory = isDirectory(context);
  const local = localBuildContexts(options.buildContexts).map(([name, path]) => [name, resolve(workspaceRoot, path)] as const);
  const missingBuildContexts = local.filter(([, dir]) => !isDirectory(dir)).map(([name]) => name);
  const localNames = new Set(local.map(([name]) => name));
  const key =
    contextIsDirectory && dockerfileExists && missingBuildContexts.length === 0 && options.push !== false
      ? contentKey({
          context,
          dockerfile,
          buildArgs: options.buildArgs ?? {},
          // A split release builds each platform on another machine: the key names the inputs, each
          // image's config names its platform (and the merged index checks the set).
          platforms: options.split ? [] : (options.platforms ?? []),
          target: options.target,
          ...(sources ? { sources } : {}),
          secretIds: Object.keys(options.secrets ?? {}),
          namedContexts: {
            directories: Object.fromEntries(local),
            remote: Object.fromEntries(Object.entries(options.buildContexts ?? {}).filter(([name]) => !localNames.has(name))),
          },
        })
      : undefined;
  const baseImages = text === undefined ? [] : parseDockerfile(text, options.buildArgs ?? {}).images.map((i) => i.image);
  // A source the build would not find is refused before any docker call (a merge run builds nothing).
  const sourceCheck =
    text !== undefined && contextIsDirectory && options.split !== 'merge'
      ? sourceProblems({ workspaceRoot, context, dockerfile, text, buildArgs: options.buildArgs ?? {}, target: options.target })
      : {};
  const factWarnings = contextIsDirectory && (!sources || sources.some(wholeContext)) ? unwantedInContext(context, sent) : [];
  const engineLocal = engineIsLocal(options.dockerHost ? { ...env, DOCKER_HOST: options.dockerHost } : env);
  const host = hostPlatform(engineLocal);
  // A merge run builds nothing; the others build `platforms` on this engine.
  if (text !== undefined && host !== undefined && options.split !== 'merge') {
    const label = relative(workspaceRoot, dockerfile).split(sep).join('/');
    factWarnings.push(...emulationWarnings(label, text, { buildArgs: options.buildArgs ?? {}, target: options.target, platforms: options.platforms ?? [], host }));
  }
  const changedFiles = await changedPending;
  const builder = await builderPending;
  return {
    projectName: project.name,
    projectDescription: project.description ?? packageDescription(resolve(workspaceRoot, project.root)),
    projectRoot: project.root,
    git,
    envPresent: new Set(
      Object.entries(env)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k]) => k),
    ),
    envEmpty: new Set(
      Object.entries(env)
        .filter(([, v]) => v === '')
        .map(([k]) => k),
    ),
    expressionEnv: expressionEnv(options, env),
    metadataEnv: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('DOCKER_METADATA_') && e[1] !== undefined)),
    contextIsDirectory,
    missingBuildContexts,
    dockerfileExists,
    buildxAvailable: buildxAvailable(env),
    contentKey: key,
    changedFiles,
    ...(factWarnings.length ? { warnings: factWarnings } : {}),
    baseImages: [...new Set(baseImages)],
    engineIsLocal: engineLocal,
    ...(host ? { hostPlatform: host } : {}),
    ...(sourceCheck.refusal || sourceCheck.missing ? { sourceProblems: sourceCheck } : {}),
    run: runInfo(env),
    ...(builder ? { cacheBuilder: builder } : {}),
    ...(options.sign ? { cosignAvailable: programAvailable(options.cosign ?? 'cosign', env) } : {}),
    now: new Date(),
  };
}

/**
 * Files under the build inputs that are not the commit's: tracked ones that differ from HEAD
 * (staged or not) and untracked ones git does not ignore (a new source file would go into the
 * image). `git status`, one process; files .gitignore names (build outputs such as bin/) are not
 * reported. Outside a git repository, none.
 */
async function uncommittedFiles(run: Runner, cwd: string, paths: string[], env: Record<string, string | undefined>): Promise<string[]> {
  const specs = [...new Set(paths.map((p) => (p === '' ? '.' : p)))];
  const res = await run('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...specs], { cwd, env });
  if (res.exitCode !== 0) return [];
  // Entries: "XY path\0", a rename adds "orig\0" after it.
  const fields = res.stdout.split('\0').filter(Boolean);
  const files: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i] ?? '';
    files.push(entry.slice(3));
    if (/^[RC]/.test(entry)) i++;
  }
  return files;
}

/** `COPY . .`: a source that is the whole context. */
function wholeContext(source: string): boolean {
  return source.split('/').every((seg) => seg === '' || seg === '.');
}

/** What a whole-context copy would put into the image that nobody wants there: named, when .dockerignore lets it through. */
function unwantedInContext(context: string, sent: (rel: string) => boolean): string[] {
  const unwanted = ['.git', 'node_modules', '.nx', 'dist'].filter((name) => existsSync(join(context, name)) && sent(name));
  if (unwanted.length === 0) return [];
  return [
    `context: the build copies the whole context ${context} and no .dockerignore keeps out ${unwanted.join(', ')}: they go into the image and make every run's content key differ; add them to a .dockerignore (or <Dockerfile>.dockerignore)`,
  ];
}

/** A cacheTo built with buildx: the builder is asked whether it can export one. */
function exportsCache(options: DockerReleaseOptions, env: Record<string, string | undefined>): boolean {
  const exported = activeCaches(
    options.cacheTo ?? [],
    ghaRuntime((name) => Boolean(env[name])),
  );
  return exported.length > 0 && options.builder !== 'classic' && (options.builder === 'buildx' || buildxAvailable(env));
}

/** Whether any template may render `{{commit_date}}` (only then is the commit itself read). */
function usesCommitDate(options: DockerReleaseOptions): boolean {
  return JSON.stringify([options.tags, options.flavor, options.labels, options.annotations]).includes('commit_date');
}

/**
 * A unix socket (the default) is taken as an engine on this machine; a tcp:// or ssh:// host or a
 * named context may be elsewhere, where 127.0.0.1 is not this machine. An engine inside a VM
 * behind a local socket is caught at run time (the relay then sees no request; see apply).
 */
function engineIsLocal(env: Record<string, string | undefined>): boolean {
  const host = env.DOCKER_HOST;
  const context = env.DOCKER_CONTEXT;
  return (!host || host.startsWith('unix://')) && (!context || context === 'default');
}

/** The build context and the Dockerfile, absolute: the options' or the project's defaults. */
function buildPaths(options: DockerReleaseOptions, project: ProjectInfo, workspaceRoot: string): { context: string; dockerfile: string } {
  const context = options.context ?? project.root;
  return { context: resolve(workspaceRoot, context), dockerfile: resolve(workspaceRoot, options.file ?? join(context, 'Dockerfile')) };
}

/** The environment variables the options' `${{ env.X }}` expressions read, and NX_DOCKER_CACHE_REGISTRY for a registry cache (set ones only). */
function expressionEnv(options: DockerReleaseOptions, env: Record<string, string | undefined>): Record<string, string> {
  // A registry layer cache goes to Nx Cloud's cache registry when the agent has one.
  const names = [...expressionEnvNames(options), ...(options.cache === 'registry' ? [CACHE_REGISTRY_ENV] : [])];
  return Object.fromEntries(names.flatMap((n) => (env[n] === undefined ? [] : [[n, env[n]!]])));
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function packageDescription(projectDir: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as { description?: unknown };
    return typeof pkg.description === 'string' ? pkg.description : undefined;
  } catch {
    return undefined;
  }
}
