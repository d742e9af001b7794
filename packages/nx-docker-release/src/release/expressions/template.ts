import { ExpressionError } from './parse';

/** A piece of a workflow string: literal text, or the source of one `${{ }}` (as written, with `raw` the whole `${{ ... }}`). */
export type TemplatePiece = { kind: 'text'; value: string } | { kind: 'expression'; source: string; raw: string };

const OPEN = '${{';

/**
 * Splits a string at its `${{ }}` parts as GitHub's template reader does: the first `}}` outside
 * a string literal closes an expression (`'...'`, a quote doubled inside it), so
 * `${{ format('{0}}}', x) }}` is one expression. A `${{` that is never closed is an error, as
 * GitHub refuses such a workflow.
 */
export function templatePieces(text: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let at = 0;
  for (let open = text.indexOf(OPEN); open >= 0; open = text.indexOf(OPEN, at)) {
    if (open > at) pieces.push({ kind: 'text', value: text.slice(at, open) });
    const close = closingBraces(text, open + OPEN.length);
    if (close < 0) throw new ExpressionError(`a \${{ is not closed by }}`);
    pieces.push({ kind: 'expression', source: text.slice(open + OPEN.length, close), raw: text.slice(open, close + 2) });
    at = close + 2;
  }
  if (at < text.length) pieces.push({ kind: 'text', value: text.slice(at) });
  return pieces;
}

/** The index of the `}}` that ends the expression starting at `from`, or -1. */
function closingBraces(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    // A doubled quote inside a literal toggles twice: it stays a literal.
    if (text[i] === "'") inString = !inString;
    else if (!inString && text[i] === '}' && text[i + 1] === '}') return i;
  }
  return -1;
}

/** True when the text holds a `${{ }}` part (a `${{` never closed counts: it is an error to report). */
export const hasExpression = (text: string): boolean => text.includes(OPEN);

/** Each `${{ }}` part replaced by what `replace` returns for it (its source and whole text); the literal text kept. */
export function mapExpressions(text: string, replace: (source: string, raw: string) => string): string {
  return templatePieces(text)
    .map((p) => (p.kind === 'text' ? p.value : replace(p.source, p.raw)))
    .join('');
}
