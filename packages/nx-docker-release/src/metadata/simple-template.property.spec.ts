import fc from 'fast-check';
import Handlebars from 'handlebars';
import { MetadataError } from './metadata-error';
import { isRawStatement, renderTemplate } from './template';

// The fast path must be invisible: for any template, renderTemplate answers what Handlebars
// itself answers (same text, or an error in both).
const scope = {
  version: '1.2.3',
  raw: 'v1.2.3-rc.1',
  major: 1,
  zero: 0,
  flag: false,
  html: `a&b<c>"d'e\`f=g`,
  sha: () => 'abc1234',
  is_default_branch: () => 'true',
  date: (...args: unknown[]): string => {
    if (args.length < 2) throw new MetadataError('Missing format argument for date');
    return 'formatted';
  },
  empty: '',
  nothing: null,
};
const names = fc.constantFrom(...Object.keys(scope), 'missing', 'constructor', 'toString', 'true', 'this', 'if', 'log', 'each', 'lookup', 'with', 'raw');
const mustache = fc.tuple(fc.constantFrom('', ' ', '  '), names, fc.constantFrom('', ' ')).map(([a, n, b]) => `{{${a}${n}${b}}}`);
const text = fc.string({ unit: fc.constantFrom('a', '-', '.', ' ', '{', '}', '\\', '&', '<', '"', '=', '@', '~', '#', '/', '!'), maxLength: 4 });
const template = fc.array(fc.oneof(text, mustache, fc.constantFrom('{{{version}}}', '{{~sha~}}', '{{date "YYYY"}}', '{{@index}}', '\\{{sha}}', '{{a.b}}')), { maxLength: 4 }).map((p) => p.join(''));

function viaHandlebars(t: string): { ok: string } | { error: true } {
  try {
    return { ok: Handlebars.create().compile(t)(scope) };
  } catch {
    return { error: true };
  }
}

function viaRender(t: string): { ok: string } | { error: true } {
  try {
    return { ok: renderTemplate(t, scope) };
  } catch {
    return { error: true };
  }
}

describe('simple templates without Handlebars', () => {
  // {{log}} is generated too: Handlebars' log helper prints to console.info.
  beforeAll(() => jest.spyOn(console, 'info').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('render exactly as Handlebars does, errors included', () => {
    fc.assert(
      fc.property(template, (t) => expect(viaRender(t)).toEqual(viaHandlebars(t))),
      { numRuns: 3000 },
    );
  });

  it('recognise {{raw}} statements as the Handlebars parse does', () => {
    const parsedRaw = (t: string): boolean => {
      try {
        const body = Handlebars.parseWithoutProcessing(t).body;
        const only = body[0] as hbs.AST.MustacheStatement | undefined;
        return body.length === 1 && only?.type === 'MustacheStatement' && (only.path as hbs.AST.PathExpression).parts?.join('.') === 'raw';
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(template, (t) => expect(isRawStatement(t)).toBe(parsedRaw(t))),
      { numRuns: 2000 },
    );
  });

  it('renders the usual patterns', () => {
    expect(renderTemplate('v{{major}}.{{ version }}-{{sha}}', scope)).toBe('v1.1.2.3-abc1234');
    expect(renderTemplate('{{html}}', scope)).toBe('a&amp;b&lt;c&gt;&quot;d&#x27;e&#x60;f&#x3D;g');
    expect(() => renderTemplate('{{date}}', scope)).toThrow('Missing format argument for date');
  });
});
