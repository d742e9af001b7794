import { logicalLines } from './logical-lines';
import { splitArgs } from './split-args';
import { parseArgDefaults, substituteArgs } from './substitute-args';

/** An image the Dockerfile pulls: a `FROM` base or a `COPY --from=<image>` source. */
export interface ImageReference {
  image: string;
  via: 'FROM' | 'COPY --from';
  line: number;
  /** For COPY --from: the paths copied, relative to that image or named build context. */
  sources?: string[];
}

/** A COPY/ADD that reads from the build context (no `--from`). Sources are context-relative. */
export interface ContextCopy {
  keyword: 'COPY' | 'ADD';
  sources: string[];
  line: number;
}

export interface DockerfileFacts {
  images: ImageReference[];
  copies: ContextCopy[];
}

/**
 * What decides a Dockerfile's image beyond its own text: the images it builds on and the
 * build-context paths it copies. Stage names (`FROM base AS build` ... `COPY --from=build`),
 * stage indexes, `scratch`, URLs, git sources and heredocs are not dependencies.
 * `buildArgs` are the target's values, which override the Dockerfile's global ARG defaults.
 */
export function parseDockerfile(text: string, buildArgs: Readonly<Record<string, string>> = {}): DockerfileFacts {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const facts: DockerfileFacts = { images: [], copies: [] };
  let sawFrom = false;
  for (const { keyword, args: rest, line } of logicalLines(text)) {
    if (keyword === 'ARG' && !sawFrom) {
      for (const [name, value] of parseArgDefaults(rest)) {
        const resolved = buildArgs[name] ?? value;
        if (resolved !== undefined) args.set(name, resolved);
      }
    } else if (keyword === 'FROM') {
      sawFrom = true;
      const { words } = splitArgs(rest);
      const [ref = '', as, name] = words;
      const image = substituteArgs(ref, args);
      if (image !== undefined && !isStageOrScratch(image, stages)) facts.images.push({ image, via: 'FROM', line });
      if (as?.toLowerCase() === 'as' && name) stages.add(name.toLowerCase());
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const { flags, words } = splitArgs(rest);
      const sources = words.slice(0, -1).filter(isContextPath);
      const from = flags['from'];
      if (keyword === 'COPY' && from !== undefined) {
        const image = substituteArgs(from, args);
        if (image !== undefined && !isStageOrScratch(image, stages)) facts.images.push({ image, via: 'COPY --from', line, sources });
      } else if (sources.length > 0) {
        facts.copies.push({ keyword, sources, line });
      }
    }
  }
  return facts;
}

function isStageOrScratch(ref: string, stages: ReadonlySet<string>): boolean {
  const lower = ref.toLowerCase();
  return lower === 'scratch' || stages.has(lower) || /^\d+$/.test(lower);
}

/** ADD also fetches URLs and git repositories; heredoc sources are inline files. */
function isContextPath(source: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !source.startsWith('git@') && !source.startsWith('<<');
}
