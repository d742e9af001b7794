import { logicalLines } from './logical-lines';
import { splitArgs } from './split-args';
import { parseArgDefaults, substituteArgs } from './substitute-args';

/**
 * What the build reads of its context: `all` (the whole context, after .dockerignore), or the
 * source paths (context-relative, as written, wildcards allowed) of the COPY/ADD instructions and
 * `RUN --mount=type=bind` mounts of the stages BuildKit actually builds for the target.
 */
export type ContextReads = { all: true; reason: string } | { all: false; sources: string[] };

interface Stage {
  name?: string;
  /** The stages this one needs: its FROM stage, COPY --from and RUN --mount from= stages. */
  needs: string[];
  sources: string[];
  /** A source this stage reads that the build args do not determine. */
  unknown?: string;
}

/**
 * Reads the Dockerfile as BuildKit plans it: the target stage (the last one without `target`)
 * and every stage it needs, transitively; stages nothing needs are not built, so what they copy
 * does not count. `$VAR` in a source is expanded from the build args, the global ARG defaults and
 * the stage's own ARG defaults; a source that cannot be known makes the whole context count.
 */
export function contextReads(text: string, buildArgs: Readonly<Record<string, string>> = {}, target?: string): ContextReads {
  const global = new Map<string, string>();
  const stages: Stage[] = [];
  let stageArgs = new Map<string, string>();
  for (const { keyword, args: rest } of logicalLines(text)) {
    const stage = stages[stages.length - 1];
    if (keyword === 'ARG') {
      for (const [name, value] of parseArgDefaults(rest)) {
        const resolved = buildArgs[name] ?? value ?? global.get(name);
        if (resolved === undefined) continue;
        (stage ? stageArgs : global).set(name, resolved);
      }
    } else if (keyword === 'FROM') {
      const { words } = splitArgs(rest);
      const [ref = '', as, name] = words;
      const base = (substituteArgs(ref, global) ?? ref).toLowerCase();
      stages.push({ ...(as?.toLowerCase() === 'as' && name ? { name: name.toLowerCase() } : {}), needs: [base], sources: [] });
      stageArgs = new Map();
    } else if (stage && (keyword === 'COPY' || keyword === 'ADD')) {
      const { flags, words } = splitArgs(rest);
      if (flags['from'] !== undefined) {
        stage.needs.push(flags['from'].toLowerCase());
        continue;
      }
      for (const source of words.slice(0, -1).filter(isContextPath)) read(stage, source, new Map([...global, ...stageArgs]));
    } else if (stage && keyword === 'RUN') {
      for (const mount of runMounts(rest)) {
        if ((mount.get('type') ?? 'bind') !== 'bind') continue;
        const from = mount.get('from');
        if (from !== undefined) stage.needs.push(from.toLowerCase());
        else read(stage, mount.get('source') ?? mount.get('src') ?? '.', new Map([...global, ...stageArgs]));
      }
    }
  }
  const built = builtStages(stages, target);
  const unknown = built.map((s) => s.unknown).find((u) => u !== undefined);
  if (unknown !== undefined) return { all: true, reason: `the source ${unknown} depends on a value the build args do not give` };
  return { all: false, sources: [...new Set(built.flatMap((s) => s.sources))] };
}

function read(stage: Stage, source: string, args: ReadonlyMap<string, string>): void {
  const value = source.includes('$') ? substituteArgs(source, args) : source;
  if (value === undefined) stage.unknown ??= source;
  else stage.sources.push(value);
}

/** The target stage and every stage it needs, by name or index. */
function builtStages(stages: Stage[], target: string | undefined): Stage[] {
  const byRef = (ref: string): Stage | undefined => (/^\d+$/.test(ref) ? stages[Number(ref)] : stages.find((s) => s.name === ref));
  const start = target === undefined ? stages[stages.length - 1] : byRef(target.toLowerCase());
  const seen = new Set<Stage>();
  const visit = (stage: Stage | undefined): void => {
    if (!stage || seen.has(stage)) return;
    seen.add(stage);
    // A stage may only name an earlier one; anything else is an image or a named context.
    stage.needs.map(byRef).forEach(visit);
  };
  visit(start ?? stages[stages.length - 1]);
  return stages.filter((s) => seen.has(s));
}

/** The `--mount=` options of a RUN, each as its key=value fields. */
function runMounts(args: string): Map<string, string>[] {
  const mounts: Map<string, string>[] = [];
  let rest = args.trim();
  for (let flag = /^--([A-Za-z][\w-]*)(?:=(\S*))?(?:\s+|$)/.exec(rest); flag; flag = /^--([A-Za-z][\w-]*)(?:=(\S*))?(?:\s+|$)/.exec(rest)) {
    if (flag[1]?.toLowerCase() === 'mount') {
      mounts.push(
        new Map(
          (flag[2] ?? '').split(',').map((field) => {
            const eq = field.indexOf('=');
            return eq < 0 ? [field.toLowerCase(), 'true'] : [field.slice(0, eq).toLowerCase(), field.slice(eq + 1)];
          }),
        ),
      );
    }
    rest = rest.slice(flag[0].length);
  }
  return mounts;
}

/** ADD also fetches URLs and git repositories; heredoc sources are inline files. */
function isContextPath(source: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !source.startsWith('git@') && !source.startsWith('<<');
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

function segmentPattern(segment: string): RegExp {
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
