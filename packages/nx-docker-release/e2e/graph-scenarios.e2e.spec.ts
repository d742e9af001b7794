import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changedFiles, graphSelection, pathFilterSelection, tagSelection } from './support/affected';
import { createTempWorkspace, type TempWorkspace } from './support/workspace';

interface Scenario {
  name: string;
  /** Makes the change and commits it (a tag scenario also tags HEAD). */
  change(ws: TempWorkspace): void;
  /** The services whose image inputs really changed: a selection without one of them is a missed release. */
  needs: string[];
  /** What the project graph selects (asserted, so docs/graph.md's table is checked). */
  graph: string[];
  /** What the path filters select. */
  path: string[];
  /** A tag push: the change tags HEAD with this tag. */
  tag?: string;
}

const append = (ws: TempWorkspace, file: string, text: string): void => appendFileSync(join(ws.root, file), text);
const edit = (ws: TempWorkspace, file: string, from: string, to: string): void => ws.write(file, readFileSync(join(ws.root, file), 'utf8').replace(from, to));

const scenarios: Scenario[] = [
  {
    name: "backend's own code",
    change: (ws) => edit(ws, 'assistant/backend/main.go', 'addr = ":8080"', 'addr = ":8080" // default port'),
    needs: ['backend'],
    graph: ['backend'],
    path: ['backend'],
  },
  {
    name: "backend's Dockerfile",
    change: (ws) => edit(ws, 'assistant/backend/Dockerfile', 'EXPOSE 8080', 'EXPOSE 8080/tcp'),
    needs: ['backend'],
    graph: ['backend'],
    path: ['backend'],
  },
  {
    name: "backend's tests only",
    change: (ws) => append(ws, 'assistant/backend/server_test.go', '\n// a comment in a test file\n'),
    needs: [],
    graph: ['backend'],
    path: ['backend'],
  },
  {
    name: 'the shared Go module',
    change: (ws) => edit(ws, 'assistant/shared/httpx/httpx.go', 'const HealthBody = "ok\\n"', 'const HealthBody = "ok\\n" // probes match on it'),
    needs: ['backend'],
    graph: ['backend'],
    path: [],
  },
  {
    name: 'a file the Dockerfile copies from another project',
    change: (ws) => edit(ws, 'assistant/config/channels.json', '"pager"', '"opsgenie"'),
    needs: ['notifier'],
    graph: ['notifier'],
    path: [],
  },
  {
    name: 'the second service',
    change: (ws) => edit(ws, 'services/notifier/main.go', '":8081"', '":8082"'),
    needs: ['notifier'],
    graph: ['notifier'],
    path: ['notifier'],
  },
  {
    name: 'the plugin itself (executor code)',
    change: (ws) => append(ws, 'packages/nx-docker-release/src/release/plan.ts', '\n// executor change\n'),
    needs: ['backend', 'notifier'],
    graph: ['backend', 'notifier'],
    path: [],
  },
  {
    name: 'root config: nx.json',
    change: (ws) => edit(ws, 'nx.json', '"analytics": false', '"analytics": false,\n  "parallel": 2'),
    needs: [],
    graph: ['backend', 'notifier'],
    path: [],
  },
  {
    name: 'root config: lockfile',
    change: (ws) => edit(ws, 'package-lock.json', '"version": "0.0.0"', '"version": "0.0.1"'),
    needs: [],
    graph: ['backend', 'notifier'],
    path: [],
  },
  {
    name: 'docs only',
    change: (ws) => ws.write('docs/notes.md', '# Notes\n'),
    needs: [],
    graph: [],
    path: [],
  },
  {
    name: 'a rename inside the backend',
    change: (ws) => ws.git('mv', 'assistant/backend/server.go', 'assistant/backend/http.go'),
    needs: ['backend'],
    graph: ['backend'],
    path: ['backend'],
  },
  {
    name: 'a deletion in the shared module',
    change: (ws) => ws.git('rm', '--quiet', 'assistant/shared/httpx/httpx_test.go'),
    needs: [],
    graph: ['backend'],
    path: [],
  },
  {
    name: 'a new base image project, and the notifier builds FROM it',
    change: (ws) => {
      ws.write('images/base/project.json', '{ "name": "base-image" }\n');
      ws.write('images/base/Dockerfile', 'FROM scratch\nCOPY rootfs/ /\n');
      ws.write('images/base/rootfs/etc/motd', 'assistant\n');
      edit(ws, 'services/notifier/Dockerfile', '\nFROM scratch\n', '\nFROM ghcr.io/kyma-project/kyma-companion/base-image:latest\n');
    },
    needs: ['base-image', 'notifier'],
    graph: ['base-image', 'notifier'],
    path: ['base-image', 'notifier'],
  },
  {
    name: 'the base image another service builds FROM',
    change: (ws) => ws.write('images/base/rootfs/etc/motd', 'kyma assistant\n'),
    needs: ['base-image', 'notifier'],
    graph: ['base-image', 'notifier'],
    path: ['base-image'],
  },
  {
    name: 'tag push 1.2.3 (plain pattern)',
    change: (ws) => ws.git('tag', '1.2.3'),
    needs: ['backend', 'base-image'],
    graph: ['backend', 'base-image'],
    path: ['backend'],
    tag: '1.2.3',
  },
  {
    name: 'tag push notifier@0.2.0',
    change: (ws) => ws.git('tag', 'notifier@0.2.0'),
    needs: ['notifier'],
    graph: ['notifier'],
    path: ['backend'],
    tag: 'notifier@0.2.0',
  },
];

/**
 * Each scenario is one commit in a temporary copy of this workspace. The graph's selection
 * (`nx show projects --affected -t release`, or the tag rule for tag pushes) is compared with
 * the seed's path filters; a release the change needs and the graph does not select fails.
 */
describe('affected releases: project graph vs path filters', () => {
  let ws: TempWorkspace;
  const rows: string[] = [];

  beforeAll(() => {
    ws = createTempWorkspace();
  });
  afterAll(() => {
    ws.remove();
    // Printed so docs/graph.md can be refreshed from a run.
    console.log(['| scenario | needs | graph | path filter |', '| --- | --- | --- | --- |', ...rows].join('\n'));
  });

  it.each(scenarios)('$name', (scenario) => {
    let graph: string[];
    let path: string[];
    if (scenario.tag) {
      // Seed: path filters are not evaluated for tag pushes, so the workflow built the backend on every tag.
      append(ws, 'docs/notes.md', `${scenario.name}\n`);
      ws.commit(`release ${scenario.name}`);
      scenario.change(ws);
      graph = tagSelection(ws, scenario.tag, ['backend', 'base-image', 'notifier']);
      path = ['backend'];
    } else {
      scenario.change(ws);
      ws.commit(scenario.name);
      graph = graphSelection(ws);
      path = pathFilterSelection(changedFiles(ws));
    }
    rows.push(`| ${scenario.name} | ${list(scenario.needs)} | ${list(graph)} | ${list(path)} |`);
    expect(scenario.needs.filter((project) => !graph.includes(project))).toEqual([]);
    expect({ graph, path }).toEqual({ graph: scenario.graph, path: scenario.path });
  });
});

function list(projects: readonly string[]): string {
  return projects.length === 0 ? '–' : projects.join(', ');
}
