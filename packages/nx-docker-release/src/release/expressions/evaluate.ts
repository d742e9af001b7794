import { ExpressionError, parseExpression, printExpression, type Expr } from './parse';
import { mapExpressions, templatePieces } from './template';

/** A value of the expression language. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | Later;

/** A part that is known only later (at run time): kept as an expression. */
export class Later {
  constructor(readonly expr: Expr) {}
}

/**
 * The contexts an evaluation can read. A context missing from `values` is not known yet: with
 * `strict`, reading it is an error; otherwise the expression is kept for a later evaluation.
 */
export interface Scope {
  values: Record<string, Value>;
  strict?: boolean;
  /** Contexts read as another one later (`vars` -> `env`: a repository variable becomes an environment variable). */
  aliases?: Record<string, string>;
  /** Contexts whose absent properties are not null but known later (`env` set by an earlier step). */
  open?: string[];
}

const isLater = (v: Value): v is Later => v instanceof Later;
const later = (e: Expr): Later => new Later(e);
const asExpr = (v: Value): Expr => (isLater(v) ? v.expr : { kind: 'literal', value: typeof v === 'object' && v !== null ? JSON.stringify(v) : v });

export function evaluate(e: Expr, scope: Scope): Value {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'context': {
      const alias = scope.aliases?.[e.name];
      if (alias !== undefined) return later({ kind: 'context', name: alias });
      if (e.name in scope.values) return scope.values[e.name]!;
      if (scope.strict) throw new ExpressionError(`the ${e.name} context is not available here`);
      return later(e);
    }
    case 'property': {
      const object = evaluate(e.object, scope);
      const key = evaluate(e.key, scope);
      if (isLater(object) || isLater(key)) return later({ kind: 'property', object: asExpr(object), key: asExpr(key) });
      const found = index(object, key);
      if (found === null && e.object.kind === 'context' && scope.open?.includes(e.object.name)) return later(e);
      return found;
    }
    case 'star': {
      const object = evaluate(e.object, scope);
      if (isLater(object)) return later({ kind: 'star', object: object.expr });
      const items = Array.isArray(object) ? object : object !== null && typeof object === 'object' ? Object.values(object) : [];
      return filtered(FILTERED.has(object as Value[]) ? items.flatMap((i) => (Array.isArray(i) ? i : [i])) : items);
    }
    case 'not': {
      const v = evaluate(e.operand, scope);
      return isLater(v) ? later({ kind: 'not', operand: v.expr }) : !truthy(v);
    }
    case 'binary': {
      const left = evaluate(e.left, scope);
      if (e.op === '||' || e.op === '&&') {
        if (isLater(left)) {
          const right = evaluate(e.right, scope);
          return later({ kind: 'binary', op: e.op, left: left.expr, right: asExpr(right) });
        }
        const takeLeft = e.op === '||' ? truthy(left) : !truthy(left);
        return takeLeft ? left : evaluate(e.right, scope);
      }
      const right = evaluate(e.right, scope);
      if (isLater(left) || isLater(right)) return later({ kind: 'binary', op: e.op, left: asExpr(left), right: asExpr(right) });
      return compare(e.op, left, right);
    }
    case 'call': {
      const args = e.args.map((a) => evaluate(a, scope));
      const fn = FUNCTIONS[e.name.toLowerCase()];
      if (args.some(isLater) || !fn) {
        if (scope.strict) throw new ExpressionError(`${e.name}() cannot be evaluated here`);
        return later({ kind: 'call', name: e.name, args: args.map(asExpr) });
      }
      return fn(args as Exclude<Value, Later>[]);
    }
  }
}

/** Arrays made by a `.*` filter: a property of one is read from every element (misses dropped). */
const FILTERED = new WeakSet<Value[]>();
function filtered(items: Value[]): Value[] {
  FILTERED.add(items);
  return items;
}

function index(object: Value, key: Value): Value {
  if (object === null || typeof object !== 'object' || isLater(object)) return null;
  if (Array.isArray(object)) {
    if (FILTERED.has(object)) return filtered(object.map((item) => index(item, key)).filter((v) => v !== null));
    const n = typeof key === 'number' ? key : typeof key === 'string' && key.trim() !== '' ? Number(key) : Number.NaN;
    return Number.isFinite(n) ? (object[Math.floor(n)] ?? null) : null;
  }
  const name = String(key).toLowerCase();
  const found = Object.keys(object).find((k) => k.toLowerCase() === name);
  return found === undefined ? null : object[found]!;
}

export function truthy(v: Value): boolean {
  if (v === null || v === false || v === '') return false;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return true;
}

function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return Number.NaN;
}

function compare(op: string, a: Value, b: Value): boolean {
  const bothStrings = typeof a === 'string' && typeof b === 'string';
  const sameObject = typeof a === 'object' && a !== null && a === b;
  if (op === '==' || op === '!=') {
    const equal = sameObject || (bothStrings ? a.toLowerCase() === b.toLowerCase() : typeof a === typeof b && typeof a === 'object' ? a === b : toNumber(a) === toNumber(b));
    return op === '==' ? equal : !equal;
  }
  // GitHub orders strings ignoring case as upper-cased ordinals ('_' sorts before 'A').
  const [x, y] = bothStrings ? [a.toUpperCase(), b.toUpperCase()] : [toNumber(a), toNumber(b)];
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

/** The text GitHub puts in place of `${{ value }}`. */
export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return isLater(v) ? `\${{ ${printExpression(v.expr)} }}` : JSON.stringify(v);
  return String(v);
}

type Known = Exclude<Value, Later>;
const FUNCTIONS: Record<string, (args: Known[]) => Value> = {
  contains: ([hay, needle]) =>
    Array.isArray(hay)
      ? hay.some((item) => compare('==', item!, needle ?? null))
      : toText(hay ?? null)
          .toLowerCase()
          .includes(toText(needle ?? null).toLowerCase()),
  startswith: ([s, p]) =>
    toText(s ?? null)
      .toLowerCase()
      .startsWith(toText(p ?? null).toLowerCase()),
  endswith: ([s, p]) =>
    toText(s ?? null)
      .toLowerCase()
      .endsWith(toText(p ?? null).toLowerCase()),
  format: ([template, ...args]) =>
    formatString(
      toText(template ?? null),
      args.map((a) => toText(a)),
    ),
  join: ([list, sep]) => (Array.isArray(list) ? list.map(toText).join(sep === undefined ? ',' : toText(sep)) : toText(list ?? null)),
  tojson: ([v]) => JSON.stringify(v ?? null, null, 2),
  fromjson: ([v]) => {
    try {
      return JSON.parse(toText(v ?? null)) as Value;
    } catch {
      throw new ExpressionError(`fromJSON: "${toText(v ?? null)}" is not JSON`);
    }
  },
};

/** format('{0}/{1}', a, b); `{{` and `}}` stand for braces, any other brace is an error (as GitHub's). */
export function formatString(template: string, args: string[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)\}|[{}]/g, (m, n: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    if (n === undefined) throw new ExpressionError(`format: "${template}" is not a valid format string (write a brace as {{ or }})`);
    const value = args[Number(n)];
    if (value === undefined) throw new ExpressionError(`format: "${template}" has no argument ${n}`);
    return value;
  });
}

/**
 * A string with `${{ }}` parts, evaluated as far as the scope allows: known parts become text,
 * the rest stay as `${{ expression }}` (reduced), for a later evaluation.
 */
export function renderTemplate(text: string, scope: Scope): string {
  return mapExpressions(text, (source) => {
    const value = evaluate(parseExpression(source.trim()), scope);
    return isLater(value) ? laterText(value.expr) : toText(value);
  });
}

/** A value written back as template text: known values as text, the rest as `${{ expression }}`. */
export function templateOf(value: Value): string {
  return isLater(value) ? laterText(value.expr) : toText(value);
}

/** A kept `format('lit{0}', x)` is written back as `lit${{ x }}`: what a person would write. */
function laterText(e: Expr): string {
  if (e.kind === 'call' && e.name.toLowerCase() === 'format' && e.args[0]?.kind === 'literal' && typeof e.args[0].value === 'string') {
    const args = e.args.slice(1).map((a) => (a.kind === 'literal' ? toText(a.value) : `\${{ ${printExpression(a)} }}`));
    try {
      return formatString(e.args[0].value, args);
    } catch (err) {
      // An invalid format string stays the call it is: the run reports it where it is evaluated.
      if (!(err instanceof ExpressionError)) throw err;
    }
  }
  return `\${{ ${printExpression(e)} }}`;
}

/** A template string as one value: text when all of it is known, else a Later (format of the parts). */
export function templateValue(text: string, scope: Scope): Value {
  const literal: string[] = [];
  const args: Expr[] = [];
  for (const piece of templatePieces(text)) {
    if (piece.kind === 'text') {
      literal.push(escapeBraces(piece.value));
      continue;
    }
    const value = evaluate(parseExpression(piece.source.trim()), scope);
    if (isLater(value)) {
      literal.push(`{${args.length}}`);
      args.push(value.expr);
    } else {
      literal.push(escapeBraces(toText(value)));
    }
  }
  if (args.length === 0) return formatString(literal.join(''), []);
  const whole = literal.join('');
  if (whole === '{0}') return later(args[0]!);
  return later({ kind: 'call', name: 'format', args: [{ kind: 'literal', value: whole }, ...args] });
}

const escapeBraces = (s: string): string => s.replace(/[{}]/g, (c) => c + c);
