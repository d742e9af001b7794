import { parseDockerfile, type DockerfileFacts } from './parse-dockerfile';

const cases: Array<{ name: string; dockerfile: string; buildArgs?: Record<string, string>; want: DockerfileFacts }> = [
  {
    name: 'plain COPY and ADD from the context',
    dockerfile: 'FROM scratch\nCOPY bin/app /app\nADD static /srv/static\n',
    want: {
      images: [],
      copies: [
        { keyword: 'COPY', sources: ['bin/app'], line: 2 },
        { keyword: 'ADD', sources: ['static'], line: 3 },
      ],
    },
  },
  {
    name: 'several sources, --chown/--chmod/--link flags, lowercase keyword',
    dockerfile: 'FROM scratch\ncopy --chown=65532:65532 --chmod=0644 --link a.json b.json /etc/app/\n',
    want: { images: [], copies: [{ keyword: 'COPY', sources: ['a.json', 'b.json'], line: 2 }] },
  },
  {
    name: 'JSON-array form keeps spaces in paths',
    dockerfile: 'FROM scratch\nCOPY ["my dir/file one.txt", "other.txt", "/dst/"]\n',
    want: { images: [], copies: [{ keyword: 'COPY', sources: ['my dir/file one.txt', 'other.txt'], line: 2 }] },
  },
  {
    name: 'line continuations, with a comment and an empty line inside',
    dockerfile: 'FROM scratch\nCOPY \\\n  # the binary\n  bin/app \\\n\n  /app\nUSER 1\n',
    want: { images: [], copies: [{ keyword: 'COPY', sources: ['bin/app'], line: 2 }] },
  },
  {
    name: 'escape directive switches the continuation character',
    dockerfile: '# escape=`\nFROM scratch\nCOPY a `\n  b /dst\n',
    want: { images: [], copies: [{ keyword: 'COPY', sources: ['a', 'b'], line: 3 }] },
  },
  {
    name: 'comments and globs',
    dockerfile: '# COPY ignored /x\nFROM scratch\n  # COPY also-ignored /y\nCOPY config/*.json /etc/\nCOPY **/*.go /src/\n',
    want: {
      images: [],
      copies: [
        { keyword: 'COPY', sources: ['config/*.json'], line: 4 },
        { keyword: 'COPY', sources: ['**/*.go'], line: 5 },
      ],
    },
  },
  {
    name: 'multi-stage: stage names and indexes are not images, scratch is not an image',
    dockerfile: [
      'FROM golang:1.22 AS Build',
      'COPY . /src',
      'FROM scratch',
      'COPY --from=build /src/app /app',
      'COPY --from=0 /src/app /app2',
      'COPY --from=ghcr.io/acme/tools:1.0 /bin/tool /tool',
    ].join('\n'),
    want: {
      images: [
        { image: 'golang:1.22', via: 'FROM', line: 1 },
        { image: 'ghcr.io/acme/tools:1.0', via: 'COPY --from', line: 6, sources: ['/bin/tool'] },
      ],
      copies: [{ keyword: 'COPY', sources: ['.'], line: 2 }],
    },
  },
  {
    name: 'FROM a previous stage, with --platform',
    dockerfile: 'FROM --platform=$BUILDPLATFORM ghcr.io/acme/base:1 AS base\nFROM base AS final\n',
    want: { images: [{ image: 'ghcr.io/acme/base:1', via: 'FROM', line: 1 }], copies: [] },
  },
  {
    name: 'global ARG defaults, overridden by build args, unresolved variables skipped',
    dockerfile: 'ARG REGISTRY=docker.io\nARG TAG\nFROM ${REGISTRY}/acme/base:${TAG:-latest}\nFROM $UNKNOWN/x\n',
    buildArgs: { REGISTRY: 'ghcr.io' },
    want: { images: [{ image: 'ghcr.io/acme/base:latest', via: 'FROM', line: 3 }], copies: [] },
  },
  {
    name: 'ADD URLs and git sources and heredocs are not context paths',
    dockerfile: [
      'FROM scratch',
      'ADD https://example.com/a.tgz /a.tgz',
      'ADD git@github.com:acme/repo.git /repo',
      'COPY <<EOF /etc/motd',
      'COPY this-is-heredoc-text /nope',
      'EOF',
      'COPY real /real',
    ].join('\n'),
    want: { images: [], copies: [{ keyword: 'COPY', sources: ['real'], line: 7 }] },
  },
  {
    name: 'a COPY without destination copies nothing; RUN and other instructions are ignored',
    dockerfile: 'FROM scratch\nCOPY onlyone\nRUN cp a b\nWORKDIR /x\n',
    want: { images: [], copies: [] },
  },
];

describe('parseDockerfile', () => {
  it.each(cases)('$name', ({ dockerfile, buildArgs, want }) => {
    expect(parseDockerfile(dockerfile, buildArgs)).toEqual(want);
  });
});
