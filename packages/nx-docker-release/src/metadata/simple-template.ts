/**
 * The common templates (`{{sha}}`, `{{version}}`, `v{{major}}.{{minor}}`, `{{is_default_branch}}`)
 * rendered without Handlebars, which costs ~30 ms to load on every run. Only text with no
 * braces or backslashes and mustaches holding one plain identifier qualify; anything else
 * (helpers with arguments, paths, literals, whitespace control, escapes) goes to Handlebars.
 * The result is the same as Handlebars' (a property test compares both).
 */
type Piece = { text: string } | { name: string };

const TOKEN = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
// Handlebars' literals and built-in helpers mean something other than a scope lookup.
const RESERVED = new Set(['true', 'false', 'null', 'undefined', 'this', 'if', 'unless', 'each', 'with', 'lookup', 'log', 'helperMissing', 'blockHelperMissing']);

/** The template's pieces, or undefined when it is not a simple template. */
export function simplePieces(template: string): Piece[] | undefined {
  const pieces: Piece[] = [];
  let at = 0;
  for (const match of template.matchAll(TOKEN)) {
    const name = match[1] ?? '';
    if (RESERVED.has(name) || !plainText(template.slice(at, match.index))) return undefined;
    if (match.index > at) pieces.push({ text: template.slice(at, match.index) });
    pieces.push({ name });
    at = match.index + match[0].length;
  }
  if (!plainText(template.slice(at))) return undefined;
  if (at < template.length) pieces.push({ text: template.slice(at) });
  return pieces;
}

/** Renders a simple template as Handlebars would (own properties only, values escaped). */
export function renderSimple(pieces: Piece[], scope: object): string {
  return pieces.map((p) => ('text' in p ? p.text : escape(lookup(scope, p.name)))).join('');
}

function plainText(text: string): boolean {
  return !/[{}\\]/.test(text);
}

function lookup(scope: object, name: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(scope, name)) return undefined;
  const value: unknown = (scope as Record<string, unknown>)[name];
  // A function in the scope is called as a helper with no arguments, only the options object.
  return typeof value === 'function' ? (value as (o: object) => unknown).call(scope, { name, hash: {}, data: {} }) : value;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };

/** Handlebars.escapeExpression. */
function escape(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return text.replace(/[&<>"'`=]/g, (c) => ENTITIES[c] ?? c);
}
