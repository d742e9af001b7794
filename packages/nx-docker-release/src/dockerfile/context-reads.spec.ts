import { contextReads, exceptionReaches, sourceMatcher } from './context-reads';

const MULTI = [
  'ARG GO=127.0.0.1:5000/golang:1.19',
  'FROM ${GO} AS build',
  'WORKDIR /src',
  'COPY libs/gokit libs/gokit',
  'COPY ["services/api", "services/api"]',
  'RUN --mount=type=cache,target=/root/.cache --mount=type=bind,source=go.work,target=/src/go.work ["go", "build", "./services/api"]',
  'FROM ${GO} AS test',
  'COPY tests tests',
  'FROM build AS lint',
  'COPY .golangci.yml .',
  'FROM scratch',
  'COPY --from=build /out/api /api',
  'COPY LICENSE /LICENSE',
].join('\n');

describe('what the built stages read of the context', () => {
  it('the target stage and the stages it needs; a stage nothing needs is not built', () => {
    expect(contextReads(MULTI)).toEqual({ all: false, sources: ['libs/gokit', 'services/api', 'go.work', 'LICENSE'] });
  });

  it('a target builds its own chain only (FROM a stage counts as needing it)', () => {
    expect(contextReads(MULTI, {}, 'test')).toEqual({ all: false, sources: ['tests'] });
    expect(contextReads(MULTI, {}, 'lint')).toEqual({ all: false, sources: ['libs/gokit', 'services/api', 'go.work', '.golangci.yml'] });
  });

  it('stages named by index, bind mounts from a stage, COPY --from an image or a named context', () => {
    const text = 'FROM scratch\nCOPY a.txt /\nFROM scratch\nCOPY b.txt /\nRUN --mount=type=bind,from=0,target=/x true\nCOPY --from=docs /site /site\nCOPY --from=alpine:3 /bin/sh /sh\n';
    expect(contextReads(text)).toEqual({ all: false, sources: ['a.txt', 'b.txt'] });
    expect(contextReads('FROM scratch\nRUN --mount=type=bind,target=/src true\n')).toEqual({ all: false, sources: ['.'] });
  });

  it('sources with $VARs: from build args, global and stage ARG defaults; unknown ones make the whole context count', () => {
    const text = 'ARG SVC=api\nFROM scratch\nARG SVC\nARG FILE=main.go\nCOPY services/${SVC}/${FILE} /\n';
    expect(contextReads(text)).toEqual({ all: false, sources: ['services/api/main.go'] });
    expect(contextReads(text, { SVC: 'web' })).toEqual({ all: false, sources: ['services/web/main.go'] });
    expect(contextReads('FROM scratch\nCOPY services/$NOPE /\n')).toEqual({ all: true, reason: 'the source services/$NOPE depends on a value the build args do not give' });
  });

  it('automatic platform args: without a default the value is per platform (unknown); a default wins, as BuildKit does', () => {
    expect(contextReads('FROM scratch\nARG TARGETARCH\nCOPY bin/app-${TARGETARCH} /app\n')).toEqual({
      all: true,
      reason: 'the source bin/app-${TARGETARCH} depends on a value the build args do not give',
    });
    // Measured (buildx 0.13, --platform linux/amd64): the COPY reads bin/app-foo.
    expect(contextReads('FROM scratch\nARG TARGETARCH=foo\nCOPY bin/app-${TARGETARCH} /app\n')).toEqual({ all: false, sources: ['bin/app-foo'] });
  });

  it('URLs, git sources and heredocs are not context reads', () => {
    expect(contextReads('FROM scratch\nADD https://example.com/x.tgz /x\nADD git@github.com:o/r.git /r\nCOPY <<EOF /f\nhello\nEOF\nCOPY real /real\n')).toEqual({ all: false, sources: ['real'] });
  });
});

describe('sourceMatcher', () => {
  it.each<[string[], string, boolean]>([
    [['services/api'], 'services/api/main.go', true],
    [['services/api'], 'services/api', true],
    [['services/api'], 'services/apix/main.go', false],
    [['./services/api/'], 'services/api/a/b.go', true],
    [['*.go'], 'main.go', true],
    [['*.go'], 'sub/main.go', false],
    [['services/*/go.mod'], 'services/web/go.mod', true],
    [['file[0-9].txt'], 'file7.txt', true],
    [['file[!0-9].txt'], 'file7.txt', false],
    [['.'], '.git/HEAD', true],
    [['/'], 'anything', true],
  ])('%j reads %s: %s', (sources, path, expected) => {
    expect(sourceMatcher(sources).reads(path)).toBe(expected);
  });

  it('walks only directories that can hold a source', () => {
    const m = sourceMatcher(['services/*/go.mod', 'libs/gokit']);
    expect(['services', 'services/api', 'libs', 'libs/gokit', 'libs/gokit/x', 'node_modules', '.git', 'libs/other'].filter((d) => m.enters(d))).toEqual([
      'services',
      'services/api',
      'libs',
      'libs/gokit',
      'libs/gokit/x',
    ]);
  });
});

describe('exceptionReaches: can a !pattern re-include something inside an ignored directory?', () => {
  it.each([
    ['assistant/shared/**/*.go', 'assistant/shared/httpx', true],
    ['assistant/shared/**/*.go', 'assistant', true],
    ['assistant/*/go.mod', 'assistant/shared', true],
    ['assistant/backend/*.go', 'assistant/shared', false],
    ['assistant', 'assistant/shared/httpx', true],
    ['services/notifier/bin/notifier', 'assistant', false],
    ['**/*.go', 'anything/below', true],
  ])('%s into %s: %s', (exception, dir, reaches) => {
    expect(exceptionReaches(exception, dir)).toBe(reaches);
  });
});
