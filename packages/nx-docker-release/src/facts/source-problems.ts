import dockerignore from '@balena/dockerignore';
import { lstatSync, readFileSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { builtStages, parseStages } from '../dockerfile/build-stages';
import { exceptionReaches } from '../dockerfile/context-reads';
import { ignoreRules } from './content-key';

export interface SourceCheckInput {
  workspaceRoot: string;
  /** Absolute build context directory. */
  context: string;
  /** Absolute Dockerfile path. */
  dockerfile: string;
  text: string;
  buildArgs: Readonly<Record<string, string>>;
  target?: string;
}

/** What the build would not find: `refusal` when certain, `missing` when a task before the release may still make it. */
export interface SourceProblems {
  /** A source the ignore file excludes, or one that is not in the context but at the workspace root (the wrong context). */
  refusal?: string;
  /** A source that does not exist (yet): a build output the release's dependencies make, or a wrong path. */
  missing?: string;
}

/**
 * The COPY/ADD sources of the built stages (target closure) that the build would not find, each as
 * one line naming the Dockerfile line, the source and why: excluded by the ignore file BuildKit
 * reads (naming the file and its rule), or missing from the context. Only sources that can be
 * known are checked: wildcards, unresolved `$VAR`s, `..` and the whole context are left to the
 * build; `COPY --from` reads a stage, an image or a named context, not this context.
 */
export function sourceProblems(input: SourceCheckInput): SourceProblems {
  const reads = builtStages(parseStages(input.text, input.buildArgs), input.target).flatMap((s) => s.reads.filter((r) => r.via !== 'RUN --mount'));
  if (reads.length === 0) return {};
  const { file, patterns } = ignoreRules(input.context, input.dockerfile);
  const ig = dockerignore({ ignorecase: false }).add(patterns);
  const exceptions = patterns.filter((p) => p.trim().startsWith('!')).map((p) => p.trim().slice(1).replace(/^\/+/, ''));
  const shown = (path: string): string => relative(input.workspaceRoot, path).split(sep).join('/') || '.';
  const found: SourceProblems = {};
  for (const read of reads) {
    const rel = knowablePath(read.source);
    if (rel === undefined) continue;
    const where = `${shown(input.dockerfile)}:${read.line} ${read.via} ${read.source}`;
    const stat = lstat(join(input.context, rel));
    if (!stat) {
      if (input.context !== input.workspaceRoot && lstat(join(input.workspaceRoot, rel)) && !rootGitignored(input.workspaceRoot, rel)) {
        return {
          refusal: `context: ${where}: not in the build context ${shown(input.context)}, but the workspace root holds it: set the release target's context to "." (nx g nx-docker-release:configuration picks it)`,
        };
      }
      found.missing ??= `context: ${where}: not in the build context ${shown(input.context)} (${shown(join(input.context, rel))} does not exist): a task the release depends on must make it, or the path or the context is wrong`;
      continue;
    }
    // A directory some exception re-includes part of is sent (with that part).
    const reincluded = stat.isDirectory() && exceptions.some((e) => exceptionReaches(e, rel));
    if (file !== undefined && ig.ignores(rel) && !reincluded) {
      const rule = [...patterns].reverse().find((p) => !p.trim().startsWith('!') && dockerignore({ ignorecase: false }).add([p]).ignores(rel));
      return {
        refusal: `context: ${where}: excluded by ${shown(file)}${rule === undefined ? '' : ` (rule "${rule.trim()}")`}, so the build would not find it; add !${rel} to that file or change the ${read.via}`,
      };
    }
  }
  return found;
}

/** The context-relative path a source names, or undefined when only the build can tell (wildcards, `..`, the whole context). */
function knowablePath(source: string): string | undefined {
  if (/[*?[\\]/.test(source)) return undefined;
  const parts = source.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return undefined;
  return parts.join('/');
}

/**
 * Whether the workspace's .gitignore names a path (a build output such as dist/ that only a build
 * made): then the root's copy says nothing about the context. Patterns without an inner `/` match
 * at any depth, as in git.
 */
function rootGitignored(workspaceRoot: string, rel: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(workspaceRoot, '.gitignore'), 'utf8');
  } catch {
    return false;
  }
  const patterns = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negated = l.startsWith('!');
      const body = (negated ? l.slice(1) : l).replace(/\/+$/, '');
      const anchored = body.includes('/') ? body.replace(/^\/+/, '') : `**/${body}`;
      return `${negated ? '!' : ''}${anchored}`;
    });
  return dockerignore({ ignorecase: false }).add(patterns).ignores(rel);
}

function lstat(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
