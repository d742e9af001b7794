import type HandlebarsNs from 'handlebars';
import { lazy } from './lazy';
import { TemplateError } from './metadata-error';
import { renderSimple, simplePieces } from './simple-template';

/**
 * A private Handlebars environment: same built-in helpers and HTML escaping as the global one
 * upstream uses, but isolated from helpers other code might register globally.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const handlebars = lazy(() => (require('handlebars') as typeof HandlebarsNs).create());

/**
 * Renders a template against a scope object, as upstream's `handlebars.compile(val)(scope)`.
 * Output is HTML-escaped (`&` becomes `&amp;`), unknown names render '' (docker/metadata-action `src/meta.ts › setGlobalExp`).
 * Parse errors and errors thrown by helpers surface as a one-line TemplateError.
 */
export function renderTemplate(template: string, scope: object): string {
  try {
    const pieces = simplePieces(template);
    return pieces ? renderSimple(pieces, scope) : handlebars().compile(template)(scope);
  } catch (err) {
    throw templateError(template, err);
  }
}

/** Whether a template parses, without rendering it: the TemplateError it would raise, if any. */
export function templateProblem(template: string): TemplateError | undefined {
  if (simplePieces(template)) return undefined;
  try {
    handlebars().parse(template);
    return undefined;
  } catch (err) {
    return templateError(template, err);
  }
}

/**
 * Handlebars' parse errors span four lines (the message, the text, a caret, the expected
 * tokens); a log line gets the line, the text near the error and the token found instead.
 */
function templateError(template: string, err: unknown): TemplateError {
  const message = err instanceof Error ? err.message : String(err);
  // The second line is the text around the error (Handlebars cuts it to 20 characters each side).
  const parse = /^Parse error on line (\d+):\n([^\n]*)\n-*\^\n.*got '([^']*)'$/s.exec(message);
  const text = parse ? `Parse error on line ${parse[1]} near "${parse[2]}": got '${parse[3]}'` : message.replace(/\s*\n\s*/g, ' ');
  return new TemplateError(`template "${template}": ${text}`, { cause: err });
}

/**
 * `Meta.isRawStatement`: the pattern is exactly one mustache whose path is `raw`
 * (`{{raw}}`, `{{ raw }}`). Unparseable patterns are not raw statements.
 */
export function isRawStatement(pattern: string): boolean {
  const pieces = simplePieces(pattern);
  if (pieces) {
    const [only] = pieces;
    return pieces.length === 1 && only !== undefined && 'name' in only && only.name === 'raw';
  }
  let program: hbs.AST.Program;
  try {
    program = handlebars().parseWithoutProcessing(pattern);
  } catch {
    return false;
  }
  const [only, ...rest] = program.body;
  if (only === undefined || rest.length > 0 || only.type !== 'MustacheStatement') {
    return false;
  }
  const path = (only as hbs.AST.MustacheStatement).path;
  return path.type === 'PathExpression' && (path as hbs.AST.PathExpression).parts.join('.') === 'raw';
}
