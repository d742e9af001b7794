import { joinPathFragments, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { parseDockerfile } from '../../dockerfile/parse-dockerfile';
import { cleanPath, holdsSource } from './context-source';

/** Where a build context was found, for the log line. */
export type ContextOrigin = 'project' | 'root' | 'target';

export interface BuildContextChoice {
  /** The existing Dockerfile, workspace-relative. */
  dockerfile: string;
  /** Workspace-relative; `.` is the workspace root. */
  context: string;
  origin: ContextOrigin;
  /** The Dockerfile's COPY/ADD sources (no --from), context-relative, each once. */
  sources: string[];
  /** Sources that no candidate context holds: the build would fail on them. */
  missing: string[];
}

/**
 * The build context that holds every COPY/ADD source of an existing Dockerfile: the project
 * directory, else the workspace root (a Dockerfile written for `docker build -f <project>/Dockerfile .`).
 * A context the release target already sets is the only candidate.
 */
export function chooseBuildContext(tree: Tree, dockerfile: string, projectRoot: string, targetContext?: string): BuildContextChoice {
  const copies = parseDockerfile(tree.read(dockerfile, 'utf-8') ?? '').copies;
  const sources = [...new Set(copies.flatMap((copy) => copy.sources.map(cleanPath)))];
  const candidates: [string, ContextOrigin][] =
    targetContext === undefined
      ? [
          [cleanPath(projectRoot), 'project'],
          ['.', 'root'],
        ]
      : [[cleanPath(targetContext), 'target']];
  for (const [context, origin] of candidates) {
    if (sources.every((source) => holdsSource(tree, context, source))) return { dockerfile, context, origin, sources, missing: [] };
  }
  const [[context, origin]] = candidates as [[string, ContextOrigin]];
  const missing = sources.filter((source) => candidates.every(([dir]) => !holdsSource(tree, dir, source)));
  return { dockerfile, context, origin, sources, missing };
}

/** The project's own Dockerfile (the release target's `file`, else `<root>/Dockerfile`) and its context, when it has one. */
export function existingBuildContext(tree: Tree, project: ProjectConfiguration, targetName = 'release'): BuildContextChoice | undefined {
  const options: Record<string, unknown> = project.targets?.[targetName]?.options ?? {};
  const dockerfile = typeof options['file'] === 'string' ? cleanPath(options['file']) : joinPathFragments(project.root, 'Dockerfile');
  if (!tree.exists(dockerfile)) return undefined;
  return chooseBuildContext(tree, dockerfile, project.root, typeof options['context'] === 'string' ? options['context'] : undefined);
}

const FROM: Record<ContextOrigin, string> = { project: 'the project directory', root: 'the workspace root', target: "the release target's context" };

/** One line: what the Dockerfile copies, the context that holds it, and `done` (the .dockerignore). */
export function describeContext({ dockerfile, context, origin, sources, missing }: BuildContextChoice, done: string): string {
  if (missing.length === 0) return `configuration: ${dockerfile} copies ${sources.join(', ') || 'nothing'} from ${FROM[origin]}: context "${context}"; ${done}`;
  const where = origin === 'target' ? `the release target's context "${context}" does not hold` : 'neither the project directory nor the workspace root holds';
  return `configuration: ${dockerfile} copies ${missing.join(', ')}, which ${where}: context "${context}" kept, the build will fail until they exist; ${done}`;
}
