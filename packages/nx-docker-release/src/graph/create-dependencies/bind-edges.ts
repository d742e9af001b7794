import type { DependencyType, FileMap, RawProjectGraphDependency } from '@nx/devkit';
import type { EdgeCandidate } from './edge-candidate';

/**
 * Turns candidates into graph dependencies: `static` with the declaring file as `sourceFile`
 * (Nx then recomputes the edge only when that file changes), or `implicit` when the source
 * project owns none of the declaring files. One edge per source, target and file.
 */
export function bindEdges(candidates: readonly EdgeCandidate[], fileMap: FileMap): RawProjectGraphDependency[] {
  const owned = new Map<string, Set<string>>();
  const filesOf = (project: string): Set<string> => {
    let files = owned.get(project);
    if (!files) {
      files = new Set((fileMap.projectFileMap[project] ?? []).map((f) => f.file));
      owned.set(project, files);
    }
    return files;
  };
  const seen = new Set<string>();
  const result: RawProjectGraphDependency[] = [];
  for (const { source, target, files } of candidates) {
    const sourceFile = files.find((file) => filesOf(source).has(file));
    const key = `${source}\0${target}\0${sourceFile ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(sourceFile !== undefined ? { source, target, sourceFile, type: 'static' as DependencyType.static } : { source, target, type: 'implicit' as DependencyType.implicit });
  }
  return result;
}
