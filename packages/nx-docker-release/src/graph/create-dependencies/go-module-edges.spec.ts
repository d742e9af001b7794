import { parseGoMod } from '../go/parse-go-mod';
import { parseGoWork } from '../go/parse-go-work';
import type { ProjectRoots } from '../paths/project-roots';
import { goModuleEdges, type GoModFile } from './go-module-edges';

const roots: ProjectRoots = [
  ['api', 'apps/api'],
  ['worker', 'apps/worker'],
  ['shared', 'libs/shared'],
  ['tools', 'tools/gen'],
];
const mod = (file: string, text: string): GoModFile => ({ file, mod: parseGoMod(text) });
const shared = mod('libs/shared/go.mod', 'module example.com/shared\n');
const tools = mod('tools/gen/go.mod', 'module example.com/tools\n');
const work = (text: string) => ({ file: 'go.work', work: parseGoWork(text) });

const cases: Array<{ name: string; mods: GoModFile[]; work?: ReturnType<typeof work>; want: Array<[string, string, string]> }> = [
  {
    name: 'replace with a local path',
    mods: [mod('apps/api/go.mod', 'module example.com/api\nrequire example.com/shared v0.0.0\nreplace example.com/shared => ../../libs/shared\n'), shared],
    want: [['api', 'shared', 'apps/api/go.mod']],
  },
  {
    name: 'a require alone is downloaded, not an edge',
    mods: [mod('apps/api/go.mod', 'module example.com/api\nrequire example.com/shared v1.0.0\n'), shared],
    want: [],
  },
  {
    name: 'replace with another module or outside any project is no edge',
    mods: [mod('apps/api/go.mod', 'module a\nreplace example.com/shared => example.com/fork v1\nreplace x => ../../vendor/x\nreplace y => ../../../../y\n'), shared],
    want: [],
  },
  {
    name: 'go.work use + require of another used module',
    mods: [mod('apps/api/go.mod', 'module example.com/api\nrequire example.com/shared v0.0.0\n'), mod('apps/worker/go.mod', 'module w\nrequire example.com/shared v0.0.0\n'), shared],
    work: work('use (\n\t./apps/api\n\t./libs/shared\n)\n'),
    want: [['api', 'shared', 'apps/api/go.mod']],
  },
  {
    name: 'go.work does not apply to a module it does not use',
    mods: [mod('apps/worker/go.mod', 'module w\nrequire example.com/shared v0.0.0\n'), shared],
    work: work('use ./libs/shared\n'),
    want: [],
  },
  {
    name: 'go.work replace applies to the used modules; go.mod replace wins over go.work',
    mods: [mod('apps/api/go.mod', 'module a\nrequire (\n\texample.com/tools v0.0.0\n\texample.com/shared v0.0.0\n)\nreplace example.com/shared => example.com/fork v1\n'), shared, tools],
    work: work('use ./apps/api\nuse ./libs/shared\nreplace example.com/tools => ./tools/gen\n'),
    want: [['api', 'tools', 'apps/api/go.mod']],
  },
  {
    name: 'a module replacing itself into its own project is no edge',
    mods: [mod('apps/api/go.mod', 'module a\nreplace a/sub => ./sub\n')],
    want: [],
  },
];

describe('goModuleEdges', () => {
  it.each(cases)('$name', ({ mods, work: w, want }) => {
    expect(goModuleEdges(mods, w, roots).map((e) => [e.source, e.target, e.files[0]])).toEqual(want);
  });

  it('explains the edge with the directive and its line', () => {
    const [edge] = goModuleEdges([mod('apps/api/go.mod', 'module a\n\nreplace example.com/shared => ../../libs/shared\n'), shared], undefined, roots);
    expect(edge?.reason).toBe('replace example.com/shared => ../../libs/shared (apps/api/go.mod:3)');
  });
});
