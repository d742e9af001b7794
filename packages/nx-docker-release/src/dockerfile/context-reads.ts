import { builtStages, parseStages } from './build-stages';

/**
 * What the build reads of its context: `all` (the whole context, after .dockerignore), or the
 * source paths (context-relative, as written, wildcards allowed) of the COPY/ADD instructions and
 * `RUN --mount=type=bind` mounts of the stages BuildKit actually builds for the target.
 */
export type ContextReads = { all: true; reason: string } | { all: false; sources: string[] };

/**
 * Reads the Dockerfile as BuildKit plans it: the target stage (the last one without `target`)
 * and every stage it needs, transitively; stages nothing needs are not built, so what they copy
 * does not count. `$VAR` in a source is expanded from the build args, the global ARG defaults and
 * the stage's own ARG defaults; a source that cannot be known makes the whole context count.
 */
export function contextReads(text: string, buildArgs: Readonly<Record<string, string>> = {}, target?: string): ContextReads {
  const built = builtStages(parseStages(text, buildArgs), target);
  const unknown = built.map((s) => s.unknown).find((u) => u !== undefined);
  if (unknown !== undefined) return { all: true, reason: `the source ${unknown} depends on a value the build args do not give` };
  return { all: false, sources: [...new Set(built.flatMap((s) => s.reads.map((r) => r.source)))] };
}

/**
 * Whether a context path (relative, `/`-separated) is read by a source: the source names it or a
 * directory above it. A source's segments match as Go's filepath.Match does (`*`, `?`, `[...]`,
 * none crossing `/`); `.` (or `/`) is the whole context. `partial`: whether a directory could
 * hold a path some source names (it must be walked).
 */
export function sourceMatcher(sources: readonly string[]): { reads(path: string): boolean; enters(dir: string): boolean } {
  const patterns = sources.map((s) =>
    s
      .split('/')
      .filter((seg) => seg !== '' && seg !== '.')
      .map(segmentPattern),
  );
  const segs = (path: string): string[] => path.split('/').filter((s) => s !== '');
  const prefixMatches = (pattern: RegExp[], parts: string[], n: number): boolean => pattern.slice(0, n).every((re, i) => re.test(parts[i] ?? ''));
  return {
    reads(path) {
      const parts = segs(path);
      return patterns.some((p) => p.length <= parts.length && prefixMatches(p, parts, p.length));
    },
    enters(dir) {
      const parts = segs(dir);
      return patterns.some((p) => prefixMatches(p, parts, Math.min(p.length, parts.length)));
    },
  };
}

/** One path segment of a glob (`*`, `?`, `[...]`, `\\x`) as a whole-segment expression. */
export function segmentPattern(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] ?? '';
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < segment.length) re += escape(segment[++i] ?? '');
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        const body = segment.slice(i + 1, close);
        re += `[${body.startsWith('^') || body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Whether a `.dockerignore` exception (`!pattern`) could re-include something inside directory
 * `dir` (both relative to the context): its leading segments match `dir`'s, a `**` reaching any
 * depth, or the exception names `dir` or one of its parents. Used to decide when an ignored
 * directory must still be walked, as BuildKit does.
 */
export function exceptionReaches(exception: string, dir: string): boolean {
  const pattern = exception.split('/').filter((seg) => seg !== '' && seg !== '.');
  const parts = dir.split('/').filter((seg) => seg !== '');
  for (let i = 0; i < parts.length; i++) {
    const seg = pattern[i];
    if (seg === undefined) return true; // the exception names a parent of dir: all of it comes back
    if (seg === '**') return true;
    if (!segmentPattern(seg).test(parts[i] ?? '')) return false;
  }
  return true;
}
