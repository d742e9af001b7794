import { renderTemplate, type Scope } from '../../release/expressions/evaluate';
import { contextNames, ExpressionError, parseExpression } from '../../release/expressions/parse';
import { mapExpressions, templatePieces, type TemplatePiece } from '../../release/expressions/template';

/**
 * A workflow value as far as the generator can know it. GitHub's expression language is evaluated
 * with the workflow, job and step `env` and the matrix entry; `vars.X`, `secrets.X` and `inputs.X`
 * become the environment variable X. What only the run knows (`github.*`, `env.X` set by an earlier
 * step) stays an expression where the executor evaluates it at run time (images, tag rules, flavor,
 * labels, annotations, build args), and is reported elsewhere. `secrets.X` as a whole value is
 * the name of a variable; `steps.<id>.outputs.<name>` is the metadata-action wiring.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */
export type Resolved = { kind: 'text'; value: string } | { kind: 'secret'; name: string } | { kind: 'step-output'; step: string; output: string } | { kind: 'unresolved'; expression: string };

/** What a step's values are evaluated with. */
export interface StepScope {
  scope: Scope;
}

/** Contexts the executor evaluates at run time. */
const RUN_TIME = new Set(['github', 'env']);

export function resolveExpression(raw: string, step: StepScope, runTime: boolean | 'public' = false): Resolved {
  const whole = wholeExpression(raw);
  if (whole !== undefined) {
    const output = /^steps\.([A-Za-z_][\w-]*)\.outputs\.([\w-]+)$/.exec(whole);
    if (output) return { kind: 'step-output', step: output[1]!, output: output[2]! };
  }
  // A secret, directly or through env (`TOKEN: ${{ secrets.NPM_TOKEN }}` read as `${{ env.TOKEN }}`).
  const secret = SECRET.exec(rendered(raw, step) ?? '')?.[1];
  if (secret !== undefined) return { kind: 'secret', name: secret };
  return substituteEnv(raw, step, runTime);
}

const SECRET = /^\s*\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}\s*$/;

/** The pieces of a string, or none when a `${{` is never closed (GitHub's error, reported where it is evaluated). */
function piecesOf(raw: string): TemplatePiece[] {
  try {
    return templatePieces(raw);
  } catch {
    return [];
  }
}

const expressionsOf = (raw: string) => piecesOf(raw).filter((p) => p.kind === 'expression');

/** The source of the one `${{ }}` a value consists of (whitespace around allowed), else undefined. */
function wholeExpression(raw: string): string | undefined {
  const pieces = piecesOf(raw).filter((p) => p.kind === 'expression' || p.value.trim() !== '');
  const [only] = pieces;
  return pieces.length === 1 && only?.kind === 'expression' ? only.source.trim() : undefined;
}

function rendered(raw: string, step: StepScope): string | undefined {
  try {
    return renderTemplate(raw, step.scope);
  } catch {
    return undefined;
  }
}

/**
 * The text with every expression evaluated; what is left must be only run-time `github`/`env`
 * (when `runTime`) or nothing, else the first expression that needs the run is named.
 */
/**
 * `runTime`: false, nothing may stay; true, `github`/`env` may; `'public'` (image names, which are
 * public), `secrets.X` may too and is read as the variable X.
 */
export function substituteEnv(raw: string, step: StepScope, runTime: boolean | 'public' = false): { kind: 'text'; value: string } | { kind: 'unresolved'; expression: string } {
  let value: string;
  try {
    value = renderTemplate(raw, step.scope);
  } catch (err) {
    if (err instanceof ExpressionError) return { kind: 'unresolved', expression: `${firstPiece(raw)} (${err.message})` };
    throw err;
  }
  for (const piece of expressionsOf(value)) {
    const contexts = contextNames(parseExpression(piece.source.trim()));
    const allowed = (c: string) => RUN_TIME.has(c) || (runTime === 'public' && c === 'secrets');
    if (!runTime || !contexts.every(allowed)) return { kind: 'unresolved', expression: originalPiece(raw, piece.raw) };
  }
  return { kind: 'text', value: runTime === 'public' ? mapExpressions(value, (_source, piece) => piece.replace(/\bsecrets\./g, 'env.')) : value };
}

const firstPiece = (raw: string): string => expressionsOf(raw)[0]?.raw ?? raw;

/** The workflow's own expression behind a left-over piece, for messages (else the piece). */
function originalPiece(raw: string, piece: string): string {
  const pieces = expressionsOf(raw);
  return pieces.length === 1 ? pieces[0]!.raw : piece;
}
