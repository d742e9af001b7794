import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/** The executor's two descriptions of its options, schema.json (Nx validates with it) and the TypeScript type, agree. */
const schema = JSON.parse(readFileSync(join(__dirname, 'schema.json'), 'utf8')) as { properties: Record<string, { type?: string | string[]; items?: { type?: string } }>; required?: string[] };

/** Property names of an interface in release/options.ts, with whether each is optional. */
function interfaceProperties(name: string): Map<string, { optional: boolean; type: string }> {
  const file = join(__dirname, '../../release/options.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = new Map<string, { optional: boolean; type: string }>();
  // Type aliases of the file (BuilderChoice = 'auto' | ...) read as what they stand for.
  const aliases = new Map<string, string>();
  source.forEachChild((node) => {
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type.getText(source));
  });
  const expand = (text: string) => text.replace(/\b[A-Z]\w*\b/g, (n) => aliases.get(n) ?? n);
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.name && ts.isIdentifier(member.name)) {
          found.set(member.name.text, { optional: member.questionToken !== undefined, type: expand(member.type?.getText(source) ?? '') });
        }
      }
    }
  });
  return found;
}

describe('docker-release schema.json and DockerReleaseOptions', () => {
  const typed = interfaceProperties('DockerReleaseOptions');

  it('name the same options', () => {
    expect(typed.size).toBeGreaterThan(30);
    expect([...typed.keys()].sort()).toEqual(Object.keys(schema.properties).sort());
  });

  it('agree on what is required', () => {
    const required = [...typed]
      .filter(([, p]) => !p.optional)
      .map(([k]) => k)
      .sort();
    expect(required).toEqual([...(schema.required ?? [])].sort());
  });

  it('agree on the basic type of each option', () => {
    const jsonTypes = (t: string): string[] => {
      const out = new Set<string>();
      if (/\bstring\b|'[^']*'/.test(t)) out.add('string');
      if (/\bboolean\b|\btrue\b|\bfalse\b/.test(t)) out.add('boolean');
      if (/\bnumber\b/.test(t)) out.add('number');
      if (/\[\]|Array</.test(t)) out.add('array');
      if (/Record<|Options\b|\{/.test(t)) out.add('object');
      return [...out].sort();
    };
    for (const [name, prop] of typed) {
      const declared = schema.properties[name]!;
      const types =
        declared.type === undefined
          ? undefined
          : [declared.type]
              .flat()
              .map((t) => (t === 'integer' ? 'number' : t))
              .sort();
      // oneOf/anyOf properties (login, sign) carry no top-level type: their shapes are checked by Nx.
      if (types === undefined) continue;
      for (const t of types) expect({ name, type: t, in: jsonTypes(prop.type).includes(t) }).toEqual({ name, type: t, in: true });
    }
  });
});
