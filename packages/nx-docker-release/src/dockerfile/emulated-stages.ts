import { builtStages, parseStages, stageNamed, type BuildStage } from './build-stages';
import { substituteArgs } from './substitute-args';

/** A built stage whose RUN steps execute for a platform the build host cannot run natively. */
export interface EmulatedStage {
  /** `build`, or `stage 2` for an unnamed one (0-based, as BuildKit counts). */
  stage: string;
  /** The stage's FROM line. */
  line: number;
  /** The platform its RUN steps run for. */
  platform: string;
  runs: number;
}

export interface EmulationInput {
  buildArgs?: Readonly<Record<string, string>>;
  target?: string;
  /** The platforms built (`--platform`); none: the host's. */
  platforms: readonly string[];
  /** The build host's platform, OCI form (`linux/amd64`). */
  host: string;
}

/**
 * The built stages (target closure) that RUN under emulation: for each target platform the host
 * cannot run, every stage whose platform is that target platform and that has RUN steps. A stage's
 * platform is its `FROM --platform=` (`$BUILDPLATFORM` is the host), else its base stage's, else
 * the target platform. A `--platform` value that cannot be known is not guessed at (no warning).
 * https://docs.docker.com/build/building/multi-platform/#cross-compilation
 */
export function emulatedStages(text: string, input: EmulationInput): EmulatedStage[] {
  const stages = parseStages(text, input.buildArgs ?? {});
  const built = builtStages(stages, input.target);
  const found: EmulatedStage[] = [];
  for (const platform of new Set(input.platforms)) {
    if (runsNatively(platform, input.host)) continue;
    const platformOf = stagePlatforms(stages, platform, input.host);
    for (const stage of built) {
      const runsFor = platformOf(stage);
      if (stage.runs.length === 0 || runsFor === undefined || runsNatively(runsFor, input.host)) continue;
      found.push({ stage: stage.name ?? `stage ${stage.index}`, line: stage.line, platform: runsFor, runs: stage.runs.length });
    }
  }
  return found;
}

/** Each stage's platform for one target platform, memoised along FROM-stage chains. */
function stagePlatforms(stages: readonly BuildStage[], target: string, host: string): (stage: BuildStage) => string | undefined {
  const memo = new Map<BuildStage, string | undefined>();
  const of = (stage: BuildStage): string | undefined => {
    if (memo.has(stage)) return memo.get(stage);
    memo.set(stage, undefined); // a cycle is not a valid Dockerfile: no guess
    let platform: string | undefined;
    // A global ARG with a default wins over BuildKit's automatic value (measured with buildx 0.13).
    if (stage.platform !== undefined) platform = substituteArgs(stage.platform, new Map([...automaticArgs(host, target), ...stage.globalArgs]));
    else {
      const parent = stageNamed(stages.slice(0, stage.index), stage.base);
      platform = parent ? of(parent) : target;
    }
    memo.set(stage, platform);
    return platform;
  };
  return of;
}

/** BuildKit's automatic platform ARGs. https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope */
function automaticArgs(host: string, target: string): Map<string, string> {
  const args = new Map<string, string>();
  for (const [prefix, value] of [
    ['BUILD', host],
    ['TARGET', target],
  ] as const) {
    const [os = '', arch = '', variant = ''] = value.split('/');
    args.set(`${prefix}PLATFORM`, value).set(`${prefix}OS`, os).set(`${prefix}ARCH`, arch).set(`${prefix}VARIANT`, variant);
  }
  return args;
}

/**
 * Whether a host runs a platform's binaries without emulation: the same OS and architecture
 * (any amd64 level), or 386 on amd64 (the kernel runs 32-bit x86). arm/v7 on arm64 is not
 * assumed: many arm64 CPUs (GitHub's arm runners among them) have no 32-bit mode.
 */
export function runsNatively(platform: string, host: string): boolean {
  const [os, arch, variant] = platform.toLowerCase().split('/');
  const [hostOs, hostArch, hostVariant] = host.toLowerCase().split('/');
  if (os !== hostOs) return false;
  if (arch === hostArch) return arch === 'arm' ? (variant ?? 'v7') === (hostVariant ?? 'v7') : true;
  return arch === '386' && hostArch === 'amd64';
}
