import type { CreateDependencies, CreateDependenciesContext } from '@nx/devkit';
import { parseDockerfile } from '../../dockerfile/parse-dockerfile';
import { parseGoMod } from '../go/parse-go-mod';
import { parseGoWork } from '../go/parse-go-work';
import type { ProjectRoots } from '../paths/project-roots';
import type { DockerReleasePluginOptions } from '../plugin-options';
import { workspaceReader, type WorkspaceReader } from '../workspace-reader';
import { bindEdges } from './bind-edges';
import { dockerfileEdges } from './dockerfile-edges';
import type { EdgeCandidate } from './edge-candidate';
import { writeEdgeLog } from './edge-log';
import { executorEdges } from './executor-edges';
import { goModuleEdges, type GoModFile } from './go-module-edges';
import { releaseTargets } from './release-targets';

/**
 * Edges from the files that decide an image: release targets' Dockerfiles, go.mod and go.work.
 * Every run recomputes all of them (a handful of small files): an edge can change because of
 * another project (the images it releases), so only reading `filesToProcess` could keep stale edges.
 */
export const createDependencies: CreateDependencies<DockerReleasePluginOptions> = (_options, context) => {
  const candidates = edgeCandidates(context, workspaceReader(context.workspaceRoot));
  writeEdgeLog(candidates);
  return bindEdges(candidates, context.fileMap);
};

export function edgeCandidates(context: CreateDependenciesContext, read: WorkspaceReader): EdgeCandidate[] {
  const roots: ProjectRoots = Object.entries(context.projects).map(([name, config]) => [name, config.root]);
  const targets = releaseTargets(context.projects);
  const dockerfiles = targets.flatMap((target) => {
    const text = read(target.dockerfile);
    return text === undefined ? [] : dockerfileEdges(target, parseDockerfile(text, target.buildArgs), roots, targets);
  });
  const goWorkText = read('go.work');
  const goWork = goWorkText === undefined ? undefined : { file: 'go.work', work: parseGoWork(goWorkText) };
  return [...dockerfiles, ...goModuleEdges(goModFiles(context, read), goWork, roots), ...executorEdges(targets, new Set(Object.keys(context.projects)))];
}

function goModFiles(context: CreateDependenciesContext, read: WorkspaceReader): GoModFile[] {
  const files = [...Object.values(context.fileMap.projectFileMap).flat(), ...context.fileMap.nonProjectFiles].map((f) => f.file);
  return files
    .filter((file) => file === 'go.mod' || file.endsWith('/go.mod'))
    .flatMap((file) => {
      const text = read(file);
      return text === undefined ? [] : [{ file, mod: parseGoMod(text) }];
    });
}
