import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// docs/configuration.md is checked against schema.json: every option, its type and its default.

interface SchemaNode {
  type?: string | string[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  oneOf?: SchemaNode[];
  enum?: unknown[];
  default?: unknown;
}

/** The type line the reference shows for an option. */
function typeLine(node: SchemaNode): string {
  if (node.oneOf) return `Type: ${[...new Set(node.oneOf.map((b) => typeLine(b).slice('Type: '.length)))].join(' or ')}`;
  let type: string;
  if (Array.isArray(node.type)) type = node.type.join(' or ');
  else if (node.type === 'array') type = `array of ${node.items?.type === 'object' ? 'objects' : `${node.items?.type ?? 'value'}s`}`;
  else if (node.type === 'object' && typeof node.additionalProperties === 'object') type = `map of ${String(node.additionalProperties.type)}s`;
  else type = String(node.type);
  return `Type: ${type}${node.enum ? `, one of ${node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}` : ''}`;
}

/** Every option by name; the fields of an object option (or of either shape of a oneOf) as `option.field`. */
function schemaOptions(schema: SchemaNode): Map<string, SchemaNode> {
  const options = new Map<string, SchemaNode>();
  for (const [name, node] of Object.entries(schema.properties ?? {})) {
    options.set(name, node);
    for (const shape of node.oneOf ?? [node]) {
      const fields = (shape.type === 'array' ? shape.items : shape)?.properties ?? {};
      for (const [field, child] of Object.entries(fields)) if (!options.has(`${name}.${field}`)) options.set(`${name}.${field}`, child);
    }
  }
  return options;
}

/** The option headings of the reference (### `name` or #### `name.field`), each with its type and default lines. */
function docOptions(markdown: string): Map<string, { type: string; default: string }> {
  const options = new Map<string, { type: string; default: string }>();
  const lines = markdown.split('\n');
  lines.forEach((line, i) => {
    const heading = /^#{3,4} `([^`]+)`\s*$/.exec(line);
    if (!heading) return;
    const [type = '', dflt = ''] = lines
      .slice(i + 1)
      .filter((l) => l.trim() !== '')
      .slice(0, 2)
      .map((l) => l.trim());
    options.set(heading[1], { type, default: dflt });
  });
  return options;
}

/** Options the doc lacks, headings the schema does not know, and options whose type or default lines disagree. */
function compare(schema: SchemaNode, markdown: string): { missing: string[]; unknown: string[]; wrong: string[] } {
  const want = schemaOptions(schema);
  const have = docOptions(markdown);
  const wrong: string[] = [];
  for (const [name, node] of want) {
    const doc = have.get(name);
    if (!doc) continue;
    if (doc.type !== typeLine(node)) wrong.push(`${name}: "${doc.type}", the schema says "${typeLine(node)}"`);
    const dflt = node.default === undefined ? undefined : `Default: \`${JSON.stringify(node.default)}\``;
    if (dflt ? doc.default !== dflt : !/^Default: \S/.test(doc.default)) wrong.push(`${name}: "${doc.default}", the schema says ${dflt ? `"${dflt}"` : 'no default (describe it in words)'}`);
  }
  return {
    missing: [...want.keys()].filter((n) => !have.has(n)),
    unknown: [...have.keys()].filter((n) => !want.has(n)),
    wrong,
  };
}

describe('the comparison', () => {
  const schema: SchemaNode = {
    properties: {
      push: { type: 'boolean', default: true },
      mode: { type: 'string', enum: ['a', 'b'] },
      retry: { type: 'object', properties: { attempts: { type: 'integer', default: 5 } } },
      login: {
        oneOf: [
          { type: 'object', properties: { user: { type: 'string' } } },
          { type: 'array', items: { type: 'object', properties: { user: { type: 'string' } } } },
        ],
      },
    },
  };
  const doc = [
    '### `push`',
    '',
    'Type: boolean  ',
    'Default: `true`',
    '',
    '### `mode`',
    'Type: string, one of `"a"`, `"b"`',
    'Default: none',
    '#### `retry.attempts`',
    'Type: integer',
    'Default: `5`',
    '### `login`',
    'Type: object or array of objects',
    'Default: the docker config',
    '#### `login.user`',
    'Type: string',
    'Default: none',
  ].join('\n');

  it('agrees when every option is there with its type and default', () => {
    expect(compare(schema, `${doc}\n### \`retry\`\nType: object\nDefault: its fields'`)).toEqual({ missing: [], unknown: [], wrong: [] });
  });

  it('names an option the doc lacks, and a heading the schema does not know', () => {
    expect(compare(schema, `${doc}\n### \`cache\`\nType: string\nDefault: none`)).toEqual({ missing: ['retry'], unknown: ['cache'], wrong: [] });
  });

  it('names a wrong default, a wrong type, a missing enum value and a schema default described in words', () => {
    const drifted = doc.replace('Default: `true`', 'Default: `false`').replace('Type: integer', 'Type: string').replace(', `"b"`', '').replace('Default: `5`', 'Default: five');
    expect(compare(schema, `${drifted}\n### \`retry\`\nType: object\nDefault: x`).wrong).toEqual([
      'push: "Default: `false`", the schema says "Default: `true`"',
      'mode: "Type: string, one of `"a"`", the schema says "Type: string, one of `"a"`, `"b"`"',
      'retry.attempts: "Type: string", the schema says "Type: integer"',
      'retry.attempts: "Default: five", the schema says "Default: `5`"',
    ]);
  });
});

describe('docs/configuration.md', () => {
  const schema = JSON.parse(readFileSync(join(__dirname, 'schema.json'), 'utf8')) as SchemaNode;
  const markdown = readFileSync(join(__dirname, '../../../../../docs/configuration.md'), 'utf8');

  it('lists every option of schema.json and nothing else, with the schema type and default', () => {
    expect(compare(schema, markdown)).toEqual({ missing: [], unknown: [], wrong: [] });
  });

  it('reads as a manual: no session or issue numbers', () => {
    expect(markdown.match(/\b(session|issue|wave) \d+/gi)).toBeNull();
  });
});
