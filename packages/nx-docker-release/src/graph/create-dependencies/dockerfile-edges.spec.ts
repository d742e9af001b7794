import { parseDockerfile } from '../../dockerfile/parse-dockerfile';
import type { ProjectRoots } from '../paths/project-roots';
import { dockerfileEdges } from './dockerfile-edges';
import type { ReleaseTarget } from './release-targets';

const roots: ProjectRoots = [
  ['backend', 'assistant/backend'],
  ['shared', 'assistant/shared'],
  ['config', 'assistant/config'],
  ['notifier', 'services/notifier'],
  ['base', 'images/base'],
];

const target = (over: Partial<ReleaseTarget>): ReleaseTarget => ({
  project: 'notifier',
  root: 'services/notifier',
  context: 'services/notifier',
  dockerfile: 'services/notifier/Dockerfile',
  images: ['ghcr.io/acme/notifier'],
  registry: undefined,
  buildArgs: {},
  buildContexts: {},
  ...over,
});
const baseImage = target({ project: 'base', root: 'images/base', context: 'images/base', dockerfile: 'images/base/Dockerfile', images: ['ghcr.io/acme/base'] });

const cases: Array<{ name: string; target: ReleaseTarget; dockerfile: string; want: Array<[string, string]> }> = [
  {
    name: 'context = project root: own files only, no edge',
    target: target({}),
    dockerfile: 'FROM scratch\nCOPY bin/notifier /n\nCOPY . /src\n',
    want: [],
  },
  {
    name: 'wider context: a file in another project',
    target: target({ context: '.' }),
    dockerfile: 'FROM scratch\nCOPY services/notifier/bin/notifier /n\nCOPY assistant/config/channels.json /etc/\n',
    want: [['config', 'COPY assistant/config/channels.json (services/notifier/Dockerfile:3)']],
  },
  {
    name: 'a directory above several projects reaches them all',
    target: target({ context: '.' }),
    dockerfile: 'FROM scratch\nADD assistant /src\n',
    want: [
      ['backend', 'ADD assistant (services/notifier/Dockerfile:2)'],
      ['shared', 'ADD assistant (services/notifier/Dockerfile:2)'],
      ['config', 'ADD assistant (services/notifier/Dockerfile:2)'],
    ],
  },
  {
    name: 'a glob reaches the project owning its static prefix',
    target: target({ context: 'assistant' }),
    dockerfile: 'FROM scratch\nCOPY config/*.json /etc/\n',
    want: [['config', 'COPY assistant/config/*.json (services/notifier/Dockerfile:2)']],
  },
  {
    name: 'a context relative path that leaves the workspace is ignored',
    target: target({ context: '.' }),
    dockerfile: 'FROM scratch\nCOPY ../elsewhere /x\n',
    want: [],
  },
  {
    name: 'FROM and COPY --from an image another project releases',
    target: target({}),
    dockerfile: 'FROM ghcr.io/acme/base:1.2 AS base\nFROM scratch\nCOPY --from=ghcr.io/acme/base /etc/ssl /etc/ssl\nCOPY --from=base /x /x\n',
    want: [
      ['base', 'FROM ghcr.io/acme/base:1.2 (services/notifier/Dockerfile:1)'],
      ['base', 'COPY --from ghcr.io/acme/base (services/notifier/Dockerfile:3)'],
    ],
  },
  {
    name: 'an image nobody in the workspace releases is no edge',
    target: target({}),
    dockerfile: 'FROM ghcr.io/other/base:1\n',
    want: [],
  },
  {
    name: 'a Dockerfile kept in another project',
    target: target({ dockerfile: 'images/base/Dockerfile.notifier' }),
    dockerfile: 'FROM scratch\n',
    want: [['base', 'Dockerfile images/base/Dockerfile.notifier']],
  },
  {
    name: 'COPY --from a named build context directory: its sources, resolved in that directory',
    target: target({ buildContexts: { shared: 'assistant/shared', cfg: 'assistant' } }),
    dockerfile: 'FROM scratch\nCOPY --from=shared httpx /src/httpx\nCOPY --from=cfg config/channels.json /etc/\n',
    want: [
      ['shared', 'COPY --from=shared assistant/shared/httpx (build context shared=assistant/shared, services/notifier/Dockerfile:2)'],
      ['config', 'COPY --from=cfg assistant/config/channels.json (build context cfg=assistant, services/notifier/Dockerfile:3)'],
    ],
  },
  {
    name: 'a named context standing for an image another project releases; remote sources are no edge',
    target: target({ buildContexts: { base: 'docker-image://ghcr.io/acme/base:2', tools: 'https://example.com/tools.tar' } }),
    dockerfile: 'FROM base\nCOPY --from=tools /bin/tool /bin/\n',
    want: [['base', 'FROM ghcr.io/acme/base:2 (services/notifier/Dockerfile:1)']],
  },
];

describe('dockerfileEdges', () => {
  it.each(cases)('$name', ({ target: t, dockerfile, want }) => {
    const edges = dockerfileEdges(t, parseDockerfile(dockerfile), roots, [t, baseImage]);
    expect(edges.map((e) => [e.target, e.reason])).toEqual(want);
    for (const edge of edges) expect(edge).toMatchObject({ source: 'notifier', files: [t.dockerfile] });
  });

  it('matches an image pushed through the registry option', () => {
    const mirrored = { ...baseImage, registry: 'localhost:5000' };
    const edges = dockerfileEdges(target({}), parseDockerfile('FROM localhost:5000/acme/base\n'), roots, [mirrored]);
    expect(edges.map((e) => e.target)).toEqual(['base']);
  });
});
