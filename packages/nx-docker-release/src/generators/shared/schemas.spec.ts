import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateOptsAgainstSchema } from 'nx/src/utils/params';

/** generators.json, every schema.json and schema.d.ts checked against each other and against Nx's validator. */
const PACKAGE = join(__dirname, '../../..');
const registry = JSON.parse(readFileSync(join(PACKAGE, 'generators.json'), 'utf8')) as {
  generators: Record<string, { factory: string; schema: string; description: string }>;
};
const entries = Object.entries(registry.generators);
const schemaOf = (path: string) => JSON.parse(readFileSync(join(PACKAGE, path), 'utf8'));

describe('generator registrations and schemas', () => {
  it('registers init, configuration, ci-workflow and from-workflow', () => {
    expect(Object.keys(registry.generators).sort()).toEqual(['ci-workflow', 'configuration', 'from-workflow', 'init']);
  });

  it.each(entries)('%s: the factory exports a generator function as default and the schema exists', async (_name, entry) => {
    const mod = (await import(join(PACKAGE, entry.factory))) as { default: unknown };
    expect(typeof mod.default).toBe('function');
    expect(existsSync(join(PACKAGE, entry.schema))).toBe(true);
    expect(entry.description.length).toBeGreaterThan(10);
  });

  it.each(entries)('%s: schema.json forbids unknown options and schema.d.ts declares exactly its properties', (_name, entry) => {
    const schema = schemaOf(entry.schema);
    expect(schema.additionalProperties).toBe(false);
    const dts = readFileSync(join(PACKAGE, entry.schema.replace(/\.json$/, '.d.ts')), 'utf8');
    const declared = [...dts.matchAll(/^\s+(\w+)(\?)?:/gm)].map((m) => ({ name: m[1], optional: m[2] === '?' }));
    expect(declared.map((d) => d.name).sort()).toEqual(Object.keys(schema.properties).sort());
    expect(
      declared
        .filter((d) => !d.optional)
        .map((d) => d.name)
        .sort(),
    ).toEqual([...(schema.required ?? [])].sort());
  });

  it.each(entries)('%s: Nx rejects an unknown option', (_name, entry) => {
    const schema = schemaOf(entry.schema);
    const required = Object.fromEntries((schema.required ?? []).map((k: string) => [k, 'x']));
    expect(() => validateOptsAgainstSchema({ ...required, frobnicate: true }, schema)).toThrow(/frobnicate/);
    expect(() => validateOptsAgainstSchema(required, schema)).not.toThrow();
  });

  it.each([
    ['configuration', { project: 'a', preset: 'latest-only' }, /preset/],
    ['configuration', { project: 'a', template: 'python' }, /template/],
    ['configuration', {}, /project/],
    ['from-workflow', {}, /workflow/],
    ['ci-workflow', { name: 'a b' }, /name/],
    ['init', { targetName: '' }, /targetName/],
  ])('%s: Nx rejects %j', (name, options, message) => {
    expect(() => validateOptsAgainstSchema(options, schemaOf(registry.generators[name]!.schema))).toThrow(message);
  });
});
