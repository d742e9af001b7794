import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sourceProblems } from './source-problems';

describe('sourceProblems: COPY/ADD sources of the built stages the build would not find', () => {
  let root: string;
  const write = (path: string, text = 'x'): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const check = (dockerfile: string, context = 'svc', options: { buildArgs?: Record<string, string>; target?: string; file?: string } = {}) => {
    const file = join(root, options.file ?? `${context}/Dockerfile`);
    write(options.file ?? `${context}/Dockerfile`, dockerfile);
    return sourceProblems({ workspaceRoot: root, context: join(root, context), dockerfile: file, text: dockerfile, buildArgs: options.buildArgs ?? {}, target: options.target });
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'source-problems-spec-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a source .dockerignore excludes: refused, naming the Dockerfile line, the ignore file and its rule', () => {
    write('svc/main.go');
    write('svc/libs/kit/kit.go');
    write('svc/.dockerignore', '*\n!bin/svc\n');
    expect(check('FROM scratch\nCOPY libs/kit /kit\n')).toEqual({
      refusal: 'context: svc/Dockerfile:2 COPY libs/kit: excluded by svc/.dockerignore (rule "*"), so the build would not find it; add !libs/kit to that file or change the COPY',
    });
  });

  it('<Dockerfile>.dockerignore wins over the context one; an exception inside a directory re-includes it', () => {
    write('svc/bin/svc');
    write('svc/.dockerignore', 'bin\n');
    write('svc/Dockerfile.dockerignore', '*\n!bin/svc\n');
    expect(check('FROM scratch\nCOPY bin/svc /svc\nCOPY bin /bin\n')).toEqual({});
    write('svc/Dockerfile.dockerignore', 'bin\n');
    expect(check('FROM scratch\nCOPY bin/svc /svc\n').refusal).toMatch(/^context: svc\/Dockerfile:2 COPY bin\/svc: excluded by svc\/Dockerfile\.dockerignore \(rule "bin"\)/);
  });

  it('a source the workspace root holds but the context does not: refused, naming the fix', () => {
    write('libs/kit/kit.go');
    expect(check('FROM scratch\nCOPY libs/kit /kit\n').refusal).toBe(
      'context: svc/Dockerfile:2 COPY libs/kit: not in the build context svc, but the workspace root holds it: set the release target\'s context to "." (nx g nx-docker-release:configuration picks it)',
    );
  });

  it('a source nobody has made yet (a build output) is `missing`, also when only a gitignored root output has that name', () => {
    write('.gitignore', 'dist/\nnode_modules\n');
    write('dist/app.js');
    expect(check('FROM scratch\nCOPY bin/svc /svc\nCOPY dist /app\n')).toEqual({
      missing: 'context: svc/Dockerfile:2 COPY bin/svc: not in the build context svc (svc/bin/svc does not exist): a task the release depends on must make it, or the path or the context is wrong',
    });
  });

  it('what cannot be known is left to the build: wildcards, unresolved $VARs, .., the whole context, COPY --from, URLs', () => {
    write('svc/.dockerignore', '*\n');
    expect(
      check(
        'FROM scratch AS base\nFROM scratch\nARG TARGETARCH\nCOPY *.go /src/\nCOPY bin/app-${TARGETARCH} /app\nCOPY ../up /up\nCOPY . /src\nCOPY --from=base /x /x\nCOPY --from=docs /site /site\nADD https://example.com/a.tgz /a\n',
      ),
    ).toEqual({});
  });

  it('only the stages built for the target; build args expand sources', () => {
    write('svc/present.txt');
    const text = 'FROM scratch AS test\nCOPY tests /tests\nFROM scratch\nARG NAME=present.txt\nCOPY ${NAME} /\n';
    expect(check(text)).toEqual({});
    expect(check(text, 'svc', { buildArgs: { NAME: 'absent.txt' } }).missing).toMatch(/Dockerfile:5 COPY absent\.txt: not in the build context svc \(svc\/absent\.txt does not exist\)/);
    expect(check(text, 'svc', { target: 'test' }).missing).toMatch(/^context: svc\/Dockerfile:2 COPY tests:/);
  });

  it('a root context: sources are workspace paths; a Dockerfile elsewhere is named as given', () => {
    write('services/api/bin/api');
    write('services/api/Dockerfile.dockerignore', '*\n!services/api/bin/api\n');
    expect(check('FROM scratch\nCOPY services/api/bin/api /api\n', '.', { file: 'services/api/Dockerfile' })).toEqual({});
    expect(check('FROM scratch\nCOPY services/api/main.go /\n', '.', { file: 'services/api/Dockerfile' }).missing).toMatch(
      /^context: services\/api\/Dockerfile:2 COPY services\/api\/main\.go: not in the build context \. /,
    );
  });
});
