import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentKey, type ContentKeyInput } from './content-key';

function context(files: Record<string, string>): ContentKeyInput {
  const dir = mkdtempSync(join(tmpdir(), 'content-key-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { context: dir, dockerfile: join(dir, 'Dockerfile'), buildArgs: {}, platforms: ['linux/amd64'], secretIds: [] };
}

const BASE = { Dockerfile: 'FROM scratch\nCOPY bin/app /app\n', '.dockerignore': '*\n!bin/app\n', 'bin/app': 'binary-1', 'main.go': 'package main' };

describe('contentKey', () => {
  it('is stable for the same inputs', () => {
    expect(contentKey(context(BASE))).toBe(contentKey(context(BASE)));
  });

  it.each<[string, (i: ContentKeyInput) => ContentKeyInput]>([
    ['a file the build sends', (i) => (writeFileSync(join(i.context, 'bin/app'), 'binary-2'), i)],
    ['the Dockerfile', (i) => (writeFileSync(i.dockerfile, 'FROM scratch\n'), i)],
    ['a build arg', (i) => ({ ...i, buildArgs: { A: '1' } })],
    ['the platforms', (i) => ({ ...i, platforms: ['linux/arm64'] })],
    ['the target', (i) => ({ ...i, target: 'prod' })],
    ['the secret ids', (i) => ({ ...i, secretIds: ['token'] })],
  ])('changes with %s', (_what, change) => {
    expect(contentKey(change(context(BASE)))).not.toBe(contentKey(context(BASE)));
  });

  it('prefers <Dockerfile>.dockerignore and skips ignored directories', () => {
    const input = context({ Dockerfile: 'FROM scratch\n', 'Dockerfile.dockerignore': '*\n!svc/bin\n', 'svc/bin/app': 'a', 'huge/x': 'x' });
    const before = contentKey(input);
    writeFileSync(join(input.context, 'huge/x'), 'changed');
    expect(contentKey(input)).toBe(before);
    writeFileSync(join(input.context, 'svc/bin/app'), 'b');
    expect(contentKey(input)).not.toBe(before);
  });

  it('ignores files .dockerignore keeps out of the context', () => {
    const changed = context({ ...BASE, 'main.go': 'package main // edited', 'README.md': 'new' });
    expect(contentKey(changed)).toBe(contentKey(context(BASE)));
  });

  it('covers named build contexts: their files and remote sources, and leaves other keys as they were', () => {
    const plain = contentKey(context(BASE));
    const lib = mkdtempSync(join(tmpdir(), 'named-context-'));
    writeFileSync(join(lib, 'util.go'), 'package util');
    const withDir = (i: ContentKeyInput): ContentKeyInput => ({ ...i, namedContexts: { directories: { lib }, remote: {} } });
    expect(contentKey({ ...context(BASE), namedContexts: { directories: {}, remote: {} } })).toBe(plain);
    const before = contentKey(withDir(context(BASE)));
    expect(before).not.toBe(plain);
    writeFileSync(join(lib, 'util.go'), 'package util // edited');
    expect(contentKey(withDir(context(BASE)))).not.toBe(before);
    const remote = (image: string): string => contentKey({ ...context(BASE), namedContexts: { directories: {}, remote: { base: image } } });
    expect(remote('docker-image://alpine:3.20')).not.toBe(remote('docker-image://alpine:3.21'));
  });

  it('changes with what BuildKit copies besides bytes: symlink targets, permission bits, empty directories', () => {
    const files = { Dockerfile: 'FROM scratch\nCOPY . /app\n', 'app.sh': 'echo hi\n', 'conf/a.yml': 'a: 1\n' };
    const input = context(files);
    const base = contentKey(input);
    symlinkSync('conf/a.yml', join(input.context, 'current.yml'));
    const linked = contentKey(input);
    expect(linked).not.toBe(base);
    unlinkSync(join(input.context, 'current.yml'));
    symlinkSync('app.sh', join(input.context, 'current.yml'));
    const relinked = contentKey(input);
    expect(relinked).not.toBe(linked); // same name, another target
    unlinkSync(join(input.context, 'current.yml'));
    expect(contentKey(input)).toBe(base);
    chmodSync(join(input.context, 'conf/a.yml'), 0o600); // not an executable bit: the old key missed it
    const privateMode = contentKey(input);
    expect(privateMode).not.toBe(base);
    chmodSync(join(input.context, 'conf/a.yml'), 0o644);
    expect(contentKey(input)).toBe(base);
    mkdirSync(join(input.context, 'data'));
    expect(contentKey(input)).not.toBe(base);
  });
});

describe('contentKey: an ignored directory is still walked when an exception reaches into it', () => {
  it('a source under `!lib/**/*.go` moves the key (a shared Go module under a `*` context); a test file does not', () => {
    const files = {
      Dockerfile: 'FROM scratch\nCOPY lib/ /src/lib/\n',
      '.dockerignore': '*\n!lib/go.mod\n!lib/**/*.go\n**/*_test.go\n',
      'lib/go.mod': 'module lib',
      'lib/httpx/httpx.go': 'package httpx',
      'lib/httpx/httpx_test.go': 'package httpx',
    };
    const before = contentKey({ ...context(files), sources: ['lib/'] });
    const changed = context(files);
    writeFileSync(join(changed.context, 'lib/httpx/httpx.go'), 'package httpx // changed');
    expect(contentKey({ ...changed, sources: ['lib/'] })).not.toBe(before);
    const test = context(files);
    writeFileSync(join(test.context, 'lib/httpx/httpx_test.go'), 'package httpx // changed');
    expect(contentKey({ ...test, sources: ['lib/'] })).toBe(before);
  });
});

describe('contentKey of a root context: only what the built stages read', () => {
  const ROOT = {
    Dockerfile: 'FROM scratch\nCOPY services/api services/api\nCOPY libs/gokit libs/gokit\n',
    'services/api/main.go': 'package main',
    'services/web/index.js': 'web',
    'libs/gokit/kit.go': 'package kit',
    '.git/index': 'index-1',
    'node_modules/x/index.js': 'x',
  };
  const selected = (i: ContentKeyInput): ContentKeyInput => ({ ...i, sources: ['services/api', 'libs/gokit'] });

  it('files nobody copies (.git, node_modules, another service) do not move the key; a copied one does', () => {
    const input = selected(context(ROOT));
    const before = contentKey(input);
    writeFileSync(join(input.context, '.git/index'), 'index-2');
    writeFileSync(join(input.context, '.git/index.lock'), 'lock');
    writeFileSync(join(input.context, 'services/web/index.js'), 'web-2');
    mkdirSync(join(input.context, '.nx/cache'), { recursive: true });
    writeFileSync(join(input.context, '.nx/cache/run.json'), '{}');
    expect(contentKey(input)).toBe(before);
    writeFileSync(join(input.context, 'libs/gokit/kit.go'), 'package kit // changed');
    expect(contentKey(input)).not.toBe(before);
  });

  it('the same files in another checkout give the same key', () => {
    expect(contentKey(selected(context(ROOT)))).toBe(contentKey(selected(context({ ...ROOT, '.git/index': 'another clone' }))));
  });

  it('without sources (a source the build args do not determine) the whole context counts', () => {
    const input = context(ROOT);
    const before = contentKey(input);
    writeFileSync(join(input.context, 'services/web/index.js'), 'web-2');
    expect(contentKey(input)).not.toBe(before);
  });
});
