import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempWorkspace, type TempWorkspace } from './support/workspace';

interface GraphFile {
  graph: { dependencies: Record<string, Array<{ source: string; target: string; type: string }>> };
}
interface FileMapCache {
  fileMap: { projectFileMap: Record<string, Record<string, { file: string; deps?: unknown[] }>> };
}

/**
 * Like nx-go's project-graph e2e: the real nx CLI loads the plugin from source in a copy of this
 * workspace and `nx graph --file` must show the edges the plugin infers, bound to the file that
 * declares them.
 */
describe('project graph (nx graph --file)', () => {
  let ws: TempWorkspace;
  let graph: GraphFile['graph'];

  beforeAll(() => {
    ws = createTempWorkspace();
    const res = ws.nx(['graph', `--file=${join(ws.root, 'graph.json')}`]);
    if (res.status !== 0) throw new Error(res.output);
    graph = (JSON.parse(readFileSync(join(ws.root, 'graph.json'), 'utf8')) as GraphFile).graph;
  });
  afterAll(() => ws.remove());

  const edge = (source: string, target: string) => graph.dependencies[source]?.find((d) => d.target === target);
  const fileDeps = (project: string, file: string): unknown[] | undefined => {
    const cache = JSON.parse(readFileSync(join(ws.root, '.nx/workspace-data/file-map.json'), 'utf8')) as FileMapCache;
    return Object.values(cache.fileMap.projectFileMap[project] ?? {}).find((f) => f.file === file)?.deps;
  };

  it('backend -> assistant-shared, from the go.mod replace directive', () => {
    expect(edge('backend', 'assistant-shared')).toEqual({ source: 'backend', target: 'assistant-shared', type: 'static' });
    expect(fileDeps('backend', 'assistant/backend/go.mod')).toEqual(['assistant-shared']);
  });

  it('notifier -> assistant-config, from a COPY in the Dockerfile', () => {
    expect(edge('notifier', 'assistant-config')).toEqual({ source: 'notifier', target: 'assistant-config', type: 'static' });
    expect(fileDeps('notifier', 'services/notifier/Dockerfile')).toEqual(['assistant-config']);
  });

  it('release projects depend on the plugin that runs their release', () => {
    expect(edge('notifier', 'nx-docker-release')).toMatchObject({ type: 'static' });
  });

  it('no edge the files do not declare', () => {
    expect(edge('backend', 'assistant-config')).toBeUndefined();
    expect(edge('notifier', 'assistant-shared')).toBeUndefined();
    expect(graph.dependencies['assistant-shared']).toEqual([]);
  });

  it('infers the notifier release target and keeps the backend explicit one', () => {
    const show = (project: string) => {
      const res = ws.nx(['show', 'project', project, '--json']);
      return JSON.parse(res.output.slice(res.output.indexOf('{'))) as { targets: Record<string, { executor?: string; options?: Record<string, unknown>; inputs?: string[] }> };
    };
    const notifier = show('notifier').targets['release'];
    expect(notifier?.executor).toBe('nx-docker-release:docker-release');
    expect(notifier?.options).toMatchObject({ images: ['ghcr.io/kyma-project/kyma-companion/notifier'], context: '.', file: 'services/notifier/Dockerfile' });
    expect(notifier?.inputs).toContain('{workspaceRoot}/assistant/config/channels.json');
    const backend = show('backend').targets['release'];
    expect(backend?.options).toMatchObject({
      images: ['ghcr.io/kyma-project/kyma-companion/ai-backend'],
      releaseTagPattern: '{version}',
      login: { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
    });
  });
});
