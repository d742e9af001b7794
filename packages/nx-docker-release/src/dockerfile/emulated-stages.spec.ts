import { emulatedStages, runsNatively } from './emulated-stages';

const HOST = 'linux/amd64';
const TWO = ['linux/amd64', 'linux/arm64'];

const EMULATED_GO = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app .', 'FROM scratch', 'COPY --from=build /out/app /app'].join('\n');

const CROSS_GO = [
  'ARG GO_IMAGE=golang:1.22',
  'FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build',
  'ARG TARGETOS TARGETARCH',
  'COPY . .',
  'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
  'FROM build AS test',
  'RUN go test ./...',
  'FROM scratch',
  'COPY --from=build /out/app /app',
].join('\n');

describe('emulatedStages', () => {
  it('a build stage without --platform runs its RUN steps for each foreign platform', () => {
    expect(emulatedStages(EMULATED_GO, { platforms: TWO, host: HOST })).toEqual([{ stage: 'build', line: 1, platform: 'linux/arm64', runs: 1 }]);
  });

  it('FROM --platform=$BUILDPLATFORM (and stages built on it) runs natively; stages without RUN never count', () => {
    expect(emulatedStages(CROSS_GO, { platforms: TWO, host: HOST })).toEqual([]);
    expect(emulatedStages(CROSS_GO, { platforms: TWO, host: HOST, target: 'test' })).toEqual([]);
    expect(emulatedStages('FROM scratch\nCOPY app /app\n', { platforms: TWO, host: HOST })).toEqual([]);
  });

  it('only the stages the target needs are built', () => {
    const text = 'FROM alpine AS tools\nRUN apk add curl\nFROM scratch AS app\nCOPY x /x\nFROM tools AS debug\n';
    expect(emulatedStages(text, { platforms: TWO, host: HOST, target: 'app' })).toEqual([]);
    expect(emulatedStages(text, { platforms: TWO, host: HOST })).toEqual([{ stage: 'tools', line: 1, platform: 'linux/arm64', runs: 1 }]);
  });

  it('an unnamed stage, several platforms, an arm64 host, a pinned platform', () => {
    expect(emulatedStages('FROM alpine\nRUN true\nRUN true\n', { platforms: ['linux/arm64', 'linux/arm/v7'], host: HOST })).toEqual([
      { stage: 'stage 0', line: 1, platform: 'linux/arm64', runs: 2 },
      { stage: 'stage 0', line: 1, platform: 'linux/arm/v7', runs: 2 },
    ]);
    expect(emulatedStages(EMULATED_GO, { platforms: TWO, host: 'linux/arm64' })).toEqual([{ stage: 'build', line: 1, platform: 'linux/amd64', runs: 1 }]);
    expect(emulatedStages('FROM --platform=linux/amd64 alpine\nRUN true\n', { platforms: TWO, host: HOST })).toEqual([]);
    expect(emulatedStages('FROM --platform=$TARGETPLATFORM alpine\nRUN true\n', { platforms: TWO, host: HOST })).toEqual([{ stage: 'stage 0', line: 1, platform: 'linux/arm64', runs: 1 }]);
  });

  it('a --platform that cannot be known is not guessed at; no platforms: nothing foreign', () => {
    expect(emulatedStages('FROM --platform=$SOMEWHERE alpine\nRUN true\n', { platforms: TWO, host: HOST })).toEqual([]);
    expect(emulatedStages(EMULATED_GO, { platforms: [], host: HOST })).toEqual([]);
  });

  it('build args pick the --platform and the target chain', () => {
    const text = 'ARG P=linux/amd64\nFROM --platform=$P alpine\nRUN true\n';
    expect(emulatedStages(text, { platforms: TWO, host: HOST })).toEqual([]);
    expect(emulatedStages(text, { platforms: TWO, host: HOST, buildArgs: { P: 'linux/arm64' } })).toEqual([{ stage: 'stage 0', line: 2, platform: 'linux/arm64', runs: 1 }]);
  });
});

describe('runsNatively', () => {
  it.each<[string, string, boolean]>([
    ['linux/amd64', 'linux/amd64', true],
    ['linux/amd64/v3', 'linux/amd64', true],
    ['linux/386', 'linux/amd64', true],
    ['linux/arm64', 'linux/amd64', false],
    ['linux/arm64/v8', 'linux/arm64', true],
    ['linux/arm/v7', 'linux/arm64', false],
    ['linux/arm/v6', 'linux/arm/v7', false],
    ['windows/amd64', 'linux/amd64', false],
  ])('%s on %s: %s', (platform, host, expected) => {
    expect(runsNatively(platform, host)).toBe(expected);
  });
});
