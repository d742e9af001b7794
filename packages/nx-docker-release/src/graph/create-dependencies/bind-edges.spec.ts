import { DependencyType, type FileMap } from '@nx/devkit';
import { bindEdges } from './bind-edges';
import { executorEdges } from './executor-edges';
import { releaseTargets } from './release-targets';

const fileMap: FileMap = {
  projectFileMap: {
    backend: [
      { file: 'assistant/backend/Dockerfile', hash: '1' },
      { file: 'assistant/backend/project.json', hash: '2' },
    ],
    notifier: [{ file: 'services/notifier/Dockerfile', hash: '3' }],
  },
  nonProjectFiles: [],
};

describe('bindEdges', () => {
  it('binds a static edge to the first declaring file the source owns, de-duplicated', () => {
    const edge = { source: 'backend', target: 'shared', reason: 'r', files: ['elsewhere/Dockerfile', 'assistant/backend/Dockerfile'] };
    expect(bindEdges([edge, { ...edge, reason: 'other' }], fileMap)).toEqual([{ source: 'backend', target: 'shared', sourceFile: 'assistant/backend/Dockerfile', type: DependencyType.static }]);
  });

  it('falls back to an implicit edge when the source owns none of the files', () => {
    expect(bindEdges([{ source: 'notifier', target: 'x', reason: 'r', files: ['libs/x/Dockerfile'] }], fileMap)).toEqual([{ source: 'notifier', target: 'x', type: DependencyType.implicit }]);
  });
});

describe('releaseTargets', () => {
  it('finds docker-release targets and applies the executor defaults for context and file', () => {
    const targets = releaseTargets({
      backend: { root: 'assistant/backend', targets: { release: { executor: 'nx-docker-release:docker-release', options: { images: ['a'] } } } },
      notifier: {
        root: 'services/notifier',
        targets: {
          ship: {
            executor: 'nx-docker-release:docker-release',
            options: { context: '.', file: 'services/notifier/Dockerfile', buildArgs: { A: '1', N: 1 }, buildContexts: { shared: 'libs/shared' } },
          },
        },
      },
      lib: { root: 'libs/lib', targets: { build: { executor: 'nx:run-commands' } } },
    });
    expect(targets).toEqual([
      { project: 'backend', root: 'assistant/backend', context: 'assistant/backend', dockerfile: 'assistant/backend/Dockerfile', images: ['a'], registry: undefined, buildArgs: {}, buildContexts: {} },
      {
        project: 'notifier',
        root: 'services/notifier',
        context: '.',
        dockerfile: 'services/notifier/Dockerfile',
        images: undefined,
        registry: undefined,
        buildArgs: { A: '1' },
        buildContexts: { shared: 'libs/shared' },
      },
    ]);
  });
});

describe('executorEdges', () => {
  const targets = releaseTargets({
    backend: { root: 'assistant/backend', targets: { release: { executor: 'nx-docker-release:docker-release' } } },
  });
  it('links release projects to the plugin when it is a workspace project', () => {
    expect(executorEdges(targets, new Set(['backend', 'nx-docker-release']))).toEqual([
      {
        source: 'backend',
        target: 'nx-docker-release',
        files: ['assistant/backend/project.json', 'assistant/backend/package.json', 'assistant/backend/Dockerfile'],
        reason: 'executor nx-docker-release:docker-release',
      },
    ]);
  });
  it('adds nothing when the plugin comes from npm', () => {
    expect(executorEdges(targets, new Set(['backend']))).toEqual([]);
  });
});
