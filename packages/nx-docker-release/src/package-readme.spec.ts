import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// The package README is read inside the npm tarball (and on the registry's page): a link must reach
// a file the tarball holds, or be absolute. Sources name no path of a particular machine.

const packageRoot = join(__dirname, '..');

/** Every link target of a Markdown text: inline links and images, reference definitions, HTML href/src. */
function linkTargets(markdown: string): string[] {
  const inline = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const references = [...markdown.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]);
  const html = [...markdown.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]);
  return [...inline, ...references, ...html];
}

// What tools/pack.sh keeps out of the tarball, and TypeScript sources (shipped compiled).
const NOT_SHIPPED = /(^|\/)(corpus|e2e|spec-support|node_modules|fixtures)\/|\.spec\.|(?<!\.d)\.ts$/;

/** The targets that do not work inside the tarball, each with the reason. */
function brokenInTarball(markdown: string, root: string, exists: (path: string) => boolean): string[] {
  return linkTargets(markdown).flatMap((target) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return [];
    const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
    const inside = relative(root, resolve(root, path));
    if (inside.startsWith('..') || path.startsWith('/')) return [`${target}: outside the package`];
    if (NOT_SHIPPED.test(inside)) return [`${target}: not in the tarball`];
    if (!exists(resolve(root, path))) return [`${target}: no such file`];
    return [];
  });
}

describe('brokenInTarball', () => {
  const exists = (path: string): boolean => ['/pkg/LICENSE', '/pkg/src/schema.json', '/pkg/corpus/seed.yml', '/pkg/src/index.ts'].includes(path);

  it.each([
    ['absolute URLs and anchors', 'see [docs](https://example.com/docs/a.md), [up](#install), [mail](mailto:a@b.c)', []],
    ['a file of the package', '[license](LICENSE) and [schema](./src/schema.json#/properties)', []],
    ['a link up and out of the package', '[root](../../README.md#the-executor)', ['../../README.md#the-executor: outside the package']],
    ['an absolute path', '[x](/work/docs/a.md)', ['/work/docs/a.md: outside the package']],
    ['a reference definition leaving it', 'see [design][d]\n\n[d]: ../../docs/design.md', ['../../docs/design.md: outside the package']],
    ['an HTML image leaving it', '<img src="../../docs/logo.png">', ['../../docs/logo.png: outside the package']],
    ['a fixture the tarball leaves out', '[seed](corpus/seed.yml)', ['corpus/seed.yml: not in the tarball']],
    ['TypeScript source (shipped compiled)', '[index](src/index.ts)', ['src/index.ts: not in the tarball']],
    ['a file that does not exist', '[gone](docs/gone.md)', ['docs/gone.md: no such file']],
  ])('%s', (_what, markdown, expected) => {
    expect(brokenInTarball(markdown, '/pkg', exists)).toEqual(expected);
  });
});

describe('packages/nx-docker-release/README.md', () => {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');

  it('links only to files the npm tarball holds, or to absolute URLs', () => {
    expect(brokenInTarball(readme, packageRoot, existsSync)).toEqual([]);
  });

  it('names further from-workflow targets as the generator does: release-<image>', () => {
    expect(readme).toContain('`release-<image>`');
    expect(readme).not.toMatch(/second\s+target of the same project is named `release-2`/);
  });
});

describe('sources', () => {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'files' ? [] : files(join(dir, e.name))) : [join(dir, e.name)]));

  it('name no path of a particular machine (/work/, /root/, /home/ in code or docs)', () => {
    const shipped = files(join(packageRoot, 'src')).filter((f) => /\.(ts|md)$/.test(f) && !/\.spec\.ts$/.test(f));
    expect(shipped.length).toBeGreaterThan(50);
    const found = shipped.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/(?<![\w.~-])\/(work|root|home|Users)\/\w/.test(line) ? [`${relative(packageRoot, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
