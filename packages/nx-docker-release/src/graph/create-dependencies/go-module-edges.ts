import { posix } from 'node:path';
import type { GoMod } from '../go/parse-go-mod';
import type { GoWork } from '../go/parse-go-work';
import { ownerOf, type ProjectRoots } from '../paths/project-roots';
import { resolveFromFile } from '../paths/workspace-path';
import type { EdgeCandidate } from './edge-candidate';

export interface GoModFile {
  /** Workspace-relative path of the go.mod. */
  file: string;
  mod: GoMod;
}

export interface GoWorkFile {
  file: string;
  work: GoWork;
}

/**
 * Module-level Go edges, resolved as the go command does: a go.mod `replace` with a local path
 * wins; otherwise, for a module listed in go.work's `use`, a `require` of another used module
 * (or of a module go.work replaces with a local path) resolves inside the workspace. A `require`
 * alone would be downloaded, so it is not an edge. https://go.dev/ref/mod#workspaces
 */
export function goModuleEdges(mods: readonly GoModFile[], work: GoWorkFile | undefined, roots: ProjectRoots): EdgeCandidate[] {
  const edges: EdgeCandidate[] = [];
  const dirByModule = new Map(mods.flatMap(({ file, mod }) => (mod.module ? [[mod.module, dirOf(file)] as const] : [])));
  const used = new Set((work?.work.uses ?? []).map((use) => resolveFromFile(work?.file ?? 'go.work', use.path)));
  for (const { file, mod } of mods) {
    const source = ownerOf(file, roots);
    if (source === undefined) continue;
    const add = (dir: string | undefined, reason: string): void => {
      const target = dir === undefined ? undefined : ownerOf(dir, roots);
      if (target !== undefined && target !== source) edges.push({ source, target, files: [file], reason });
    };
    const replaced = new Set<string>();
    for (const replace of mod.replaces) {
      replaced.add(replace.module);
      if (replace.localPath !== undefined) {
        add(resolveFromFile(file, replace.localPath), `replace ${replace.module} => ${replace.localPath} (${file}:${replace.line})`);
      }
    }
    if (!work || !used.has(dirOf(file))) continue;
    const workReplaces = new Map(work.work.replaces.map((r) => [r.module, r]));
    for (const require of mod.requires) {
      if (replaced.has(require.module)) continue;
      const workReplace = workReplaces.get(require.module);
      if (workReplace?.localPath !== undefined) {
        add(resolveFromFile(work.file, workReplace.localPath), `${work.file} replace ${require.module} (${file}:${require.line})`);
        continue;
      }
      const dir = dirByModule.get(require.module);
      if (dir !== undefined && used.has(dir)) add(dir, `${work.file} use ${dir} + require ${require.module} (${file}:${require.line})`);
    }
  }
  return edges;
}

function dirOf(file: string): string {
  const dir = posix.dirname(file);
  return dir === '.' ? '' : dir;
}
