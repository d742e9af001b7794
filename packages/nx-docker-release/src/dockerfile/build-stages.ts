import { logicalLines } from './logical-lines';
import { splitArgs } from './split-args';
import { parseArgDefaults, substituteArgs } from './substitute-args';

/** A path of the build context one instruction reads, `$VAR`s expanded; `line` is 1-based. */
export interface ContextRead {
  source: string;
  line: number;
  via: 'COPY' | 'ADD' | 'RUN --mount';
}

/** One `FROM` stage as BuildKit plans it. */
export interface BuildStage {
  index: number;
  name?: string;
  /** The FROM reference, global ARGs applied, lower-cased: an image or an earlier stage's name. */
  base: string;
  /** `FROM --platform=...` as written (`$BUILDPLATFORM`), when given. */
  platform?: string;
  /** The FROM line. */
  line: number;
  /** The stages (or images, named contexts) this one needs: its FROM, COPY --from and RUN --mount from=. */
  needs: string[];
  reads: ContextRead[];
  /** A source this stage reads that the build args do not determine. */
  unknown?: string;
  /** The lines of its RUN instructions. */
  runs: number[];
  /** The global ARGs in effect (build args applied): what `--platform` may name besides the automatic ones. */
  globalArgs: ReadonlyMap<string, string>;
}

/**
 * The stages of a Dockerfile: what each builds on, needs, reads of the context and runs. `$VAR`
 * in a source is expanded from the build args, the global ARG defaults and the stage's own ARG
 * defaults; a source that cannot be known is recorded as `unknown`.
 */
export function parseStages(text: string, buildArgs: Readonly<Record<string, string>> = {}): BuildStage[] {
  const global = new Map<string, string>();
  const stages: BuildStage[] = [];
  let stageArgs = new Map<string, string>();
  for (const { keyword, args: rest, line } of logicalLines(text)) {
    const stage = stages[stages.length - 1];
    if (keyword === 'ARG') {
      for (const [name, value] of parseArgDefaults(rest)) {
        const resolved = buildArgs[name] ?? value ?? global.get(name);
        if (resolved === undefined) continue;
        (stage ? stageArgs : global).set(name, resolved);
      }
    } else if (keyword === 'FROM') {
      const { flags, words } = splitArgs(rest);
      const [ref = '', as, name] = words;
      const base = (substituteArgs(ref, global) ?? ref).toLowerCase();
      stages.push({
        index: stages.length,
        ...(as?.toLowerCase() === 'as' && name ? { name: name.toLowerCase() } : {}),
        base,
        ...(flags['platform'] !== undefined ? { platform: flags['platform'] } : {}),
        line,
        needs: [base],
        reads: [],
        runs: [],
        globalArgs: new Map(global),
      });
      stageArgs = new Map();
    } else if (stage && (keyword === 'COPY' || keyword === 'ADD')) {
      const { flags, words } = splitArgs(rest);
      if (flags['from'] !== undefined) {
        stage.needs.push(flags['from'].toLowerCase());
        continue;
      }
      for (const source of words.slice(0, -1).filter(isContextPath)) read(stage, { source, line, via: keyword }, new Map([...global, ...stageArgs]));
    } else if (stage && keyword === 'RUN') {
      stage.runs.push(line);
      for (const mount of runMounts(rest)) {
        if ((mount.get('type') ?? 'bind') !== 'bind') continue;
        const from = mount.get('from');
        if (from !== undefined) stage.needs.push(from.toLowerCase());
        else read(stage, { source: mount.get('source') ?? mount.get('src') ?? '.', line, via: 'RUN --mount' }, new Map([...global, ...stageArgs]));
      }
    }
  }
  return stages;
}

/** The stage a reference names (an earlier stage's name or index), if any: otherwise it is an image or a named context. */
export function stageNamed(stages: readonly BuildStage[], ref: string): BuildStage | undefined {
  return /^\d+$/.test(ref) ? stages[Number(ref)] : stages.find((s) => s.name === ref);
}

/** The target stage (the last one without `target`) and every stage it needs, transitively, in file order. */
export function builtStages(stages: readonly BuildStage[], target: string | undefined): BuildStage[] {
  const start = target === undefined ? undefined : stageNamed(stages, target.toLowerCase());
  const seen = new Set<BuildStage>();
  const visit = (stage: BuildStage | undefined): void => {
    if (!stage || seen.has(stage)) return;
    seen.add(stage);
    stage.needs.map((ref) => stageNamed(stages, ref)).forEach(visit);
  };
  visit(start ?? stages[stages.length - 1]);
  return stages.filter((s) => seen.has(s));
}

function read(stage: BuildStage, entry: ContextRead, args: ReadonlyMap<string, string>): void {
  const value = entry.source.includes('$') ? substituteArgs(entry.source, args) : entry.source;
  if (value === undefined) stage.unknown ??= entry.source;
  else stage.reads.push({ ...entry, source: value });
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
