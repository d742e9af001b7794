/**
 * The GitHub Actions expression language (the text inside `${{ }}`), parsed into a tree.
 * Grammar and precedence from GitHub's documentation: literals (null, booleans, numbers,
 * single-quoted strings with '' as the escape), property access (`a.b`, `a['b']`, `a.*`),
 * function calls, `!`, `< <= > >=`, `== !=`, `&&`, `||`, parentheses.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */
export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'context'; name: string }
  | { kind: 'property'; object: Expr; key: Expr }
  | { kind: 'star'; object: Expr }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'not'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=';

export class ExpressionError extends Error {}

type Token = { t: 'punct'; v: string } | { t: 'ident'; v: string } | { t: 'string'; v: string } | { t: 'number'; v: number };

const PUNCT = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '!', '(', ')', '[', ']', '.', ',', '*'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new ExpressionError(`unterminated string in "${source}"`);
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += source[i++];
      }
      tokens.push({ t: 'string', v: value });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^-?(0x[0-9a-f]+|[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?)/i.exec(source.slice(i))!;
      tokens.push({ t: 'number', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))!;
      tokens.push({ t: 'ident', v: m[0] });
      i += m[0].length;
    } else {
      const p = PUNCT.find((x) => source.startsWith(x, i));
      if (!p) throw new ExpressionError(`unexpected "${c}" in "${source}"`);
      tokens.push({ t: 'punct', v: p });
      i += p.length;
    }
  }
  return tokens;
}

/** Parses one expression; the whole text must be consumed. */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (v: string): boolean => tokens[pos]?.t === 'punct' && tokens[pos]!.v === v;
  const expect = (v: string): void => {
    if (!peek(v)) throw new ExpressionError(`expected "${v}" in "${source}"`);
    pos++;
  };
  const binary = (ops: BinaryOp[], next: () => Expr) => (): Expr => {
    let left = next();
    for (let op = ops.find(peek); op; op = ops.find(peek)) {
      pos++;
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  };
  const primary = (): Expr => {
    const token = tokens[pos++];
    if (!token) throw new ExpressionError(`unexpected end of "${source}"`);
    if (token.t === 'string' || token.t === 'number') return { kind: 'literal', value: token.v };
    if (token.t === 'punct' && token.v === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (token.t !== 'ident') throw new ExpressionError(`unexpected "${token.v}" in "${source}"`);
    const word = token.v;
    if (peek('(')) {
      pos++;
      const args: Expr[] = [];
      while (!peek(')')) {
        args.push(or());
        if (!peek(')')) expect(',');
      }
      pos++;
      return { kind: 'call', name: word, args };
    }
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
    if (word === 'null') return { kind: 'literal', value: null };
    return { kind: 'context', name: word };
  };
  const postfix = (): Expr => {
    let e = primary();
    for (;;) {
      if (peek('.')) {
        pos++;
        const next = tokens[pos++];
        if (next?.t === 'punct' && next.v === '*') e = { kind: 'star', object: e };
        else if (next?.t === 'ident') e = { kind: 'property', object: e, key: { kind: 'literal', value: next.v } };
        else throw new ExpressionError(`expected a property name after "." in "${source}"`);
      } else if (peek('[')) {
        pos++;
        if (peek('*')) {
          pos++;
          e = { kind: 'star', object: e };
        } else {
          e = { kind: 'property', object: e, key: or() };
        }
        expect(']');
      } else {
        return e;
      }
    }
  };
  const unary = (): Expr => {
    if (peek('!')) {
      pos++;
      return { kind: 'not', operand: unary() };
    }
    return postfix();
  };
  const comparison = binary(['<=', '>=', '<', '>'], unary);
  const equality = binary(['==', '!='], comparison);
  const and = binary(['&&'], equality);
  const or = binary(['||'], and);
  const tree = or();
  if (pos < tokens.length) throw new ExpressionError(`unexpected "${String(tokens[pos]!.v)}" in "${source}"`);
  return tree;
}

/** The expression as source text again (for what stays to be evaluated later). */
export function printExpression(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return typeof e.value === 'string' ? `'${e.value.split("'").join("''")}'` : String(e.value);
    case 'context':
      return e.name;
    case 'property':
      return e.key.kind === 'literal' && typeof e.key.value === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(e.key.value)
        ? `${wrapOperand(e.object)}.${e.key.value}`
        : `${wrapOperand(e.object)}[${printExpression(e.key)}]`;
    case 'star':
      return `${wrapOperand(e.object)}.*`;
    case 'call':
      return `${e.name}(${e.args.map(printExpression).join(', ')})`;
    case 'not':
      return `!${wrap(e.operand)}`;
    case 'binary':
      return `${wrap(e.left)} ${e.op} ${wrap(e.right)}`;
  }
}

const wrap = (e: Expr): string => (e.kind === 'binary' ? `(${printExpression(e)})` : printExpression(e));
/** The object of a property access keeps its parentheses when it is an operation. */
const wrapOperand = (e: Expr): string => (e.kind === 'binary' || e.kind === 'not' ? `(${printExpression(e)})` : printExpression(e));

/** The contexts an expression reads (`github`, `env`, `matrix`...). */
export function contextNames(e: Expr): string[] {
  switch (e.kind) {
    case 'literal':
      return [];
    case 'context':
      return [e.name];
    case 'property':
      return [...contextNames(e.object), ...contextNames(e.key)];
    case 'star':
      return contextNames(e.object);
    case 'call':
      return e.args.flatMap(contextNames);
    case 'not':
      return contextNames(e.operand);
    case 'binary':
      return [...contextNames(e.left), ...contextNames(e.right)];
  }
}
