import { buildContextImage, localBuildContexts } from '../../release/build-contexts';
import type { DockerfileFacts } from '../../dockerfile/parse-dockerfile';
import { imageRepository } from '../../release/image-ref';
import { releaseRepositories } from '../images/release-images';
import { sourcePattern } from '../paths/glob-prefix';
import { ownerOf, projectsUnder, type ProjectRoots } from '../paths/project-roots';
import { resolveWorkspacePath } from '../paths/workspace-path';
import type { EdgeCandidate } from './edge-candidate';
import type { ReleaseTarget } from './release-targets';

/**
 * Edges from one release target's Dockerfile: COPY/ADD sources (resolved against the build
 * context) that lie in, or contain, another project; FROM / COPY --from images that another
 * workspace project releases; and the Dockerfile itself when another project owns it.
 */
export function dockerfileEdges(target: ReleaseTarget, facts: DockerfileFacts, roots: ProjectRoots, allTargets: readonly ReleaseTarget[]): EdgeCandidate[] {
  const edges: EdgeCandidate[] = [];
  const seen = new Set<string>();
  const add = (to: string | undefined, reason: string): void => {
    if (to !== undefined && to !== target.project && !seen.has(`${to}\0${reason}`)) {
      seen.add(`${to}\0${reason}`);
      edges.push({ source: target.project, target: to, files: [target.dockerfile], reason });
    }
  };
  add(ownerOf(target.dockerfile, roots), `Dockerfile ${target.dockerfile}`);
  for (const copy of facts.copies) {
    for (const source of copy.sources) {
      const path = resolveWorkspacePath(target.context, source);
      if (path === undefined) continue;
      const { prefix } = sourcePattern(path);
      const reason = `${copy.keyword} ${path === '' ? '.' : path} (${target.dockerfile}:${copy.line})`;
      add(ownerOf(prefix, roots), reason);
      for (const nested of projectsUnder(prefix, roots)) add(nested, reason);
    }
  }
  const localContexts = new Map(localBuildContexts(target.buildContexts));
  for (const { image: ref, via, line, sources } of facts.images) {
    // A named build context shadows an image of the same name: a directory, or another image.
    const named = target.buildContexts[ref];
    const dir = localContexts.get(ref);
    if (dir !== undefined) {
      for (const source of via === 'FROM' ? ['.'] : (sources ?? [])) {
        const path = resolveWorkspacePath(dir, source);
        if (path === undefined) continue;
        const { prefix } = sourcePattern(path);
        const reason = `${via}=${ref} ${path === '' ? '.' : path} (build context ${ref}=${dir}, ${target.dockerfile}:${line})`;
        add(ownerOf(prefix, roots), reason);
        for (const nested of projectsUnder(prefix, roots)) add(nested, reason);
      }
      continue;
    }
    const image = named === undefined ? ref : buildContextImage(named);
    if (image === undefined) continue; // oci-layout, URL or git source: nothing in the workspace
    const repository = imageRepository(image);
    for (const other of allTargets) {
      if (releaseRepositories(other).includes(repository)) add(other.project, `${via} ${image} (${target.dockerfile}:${line})`);
    }
  }
  return edges;
}
