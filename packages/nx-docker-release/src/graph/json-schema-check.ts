/** The part of JSON Schema the executor's schema.json uses. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  oneOf?: JsonSchema[];
  minimum?: number;
  pattern?: string;
}

/**
 * Pure: the first way `value` breaks `schema`, as one line `<path>: <rule>`, or undefined. Enough
 * of JSON Schema for the executor's options, so that the plugin defaults in nx.json are held to the
 * same schema Nx holds a target's options to, with a message that names the key.
 */
export function schemaProblem(value: unknown, schema: JsonSchema, path: string): string | undefined {
  if (schema.oneOf) return oneOfProblem(value, schema.oneOf, path);
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length > 0 && !types.some((t) => hasType(value, t))) return `${path}: must be ${types.map(article).join(' or ')}`;
  if (schema.const !== undefined && value !== schema.const) return `${path}: must be ${JSON.stringify(schema.const)}`;
  if (schema.enum && !schema.enum.includes(value)) return `${path}: must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (schema.minimum !== undefined && typeof value === 'number' && value < schema.minimum) return `${path}: must be at least ${schema.minimum}`;
  if (schema.pattern !== undefined && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) return `${path}: must match ${schema.pattern}`;
  if (Array.isArray(value) && schema.items) {
    for (const [i, item] of value.entries()) {
      const problem = schemaProblem(item, schema.items, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  if (isObject(value)) return objectProblem(value, schema, path);
  return undefined;
}

function objectProblem(value: Record<string, unknown>, schema: JsonSchema, path: string): string | undefined {
  const known = Object.keys(schema.properties ?? {});
  for (const [key, item] of Object.entries(value)) {
    // Own keys only: `constructor` or `__proto__` in nx.json is an unknown option, not Object's.
    const property = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (property) {
      const problem = schemaProblem(item, property, `${path}.${key}`);
      if (problem) return problem;
    } else if (schema.additionalProperties === false) {
      return `${path}: unknown option "${key}"${didYouMean(key, known)}`;
    } else if (typeof schema.additionalProperties === 'object') {
      const problem = schemaProblem(item, schema.additionalProperties, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  const missing = (schema.required ?? []).find((key) => value[key] === undefined);
  return missing === undefined ? undefined : `${path}.${missing}: is required`;
}

/** One branch must hold; when none does, the problem of the branch of the value's own type. */
function oneOfProblem(value: unknown, branches: JsonSchema[], path: string): string | undefined {
  const problems = branches.map((branch) => schemaProblem(value, branch, path));
  if (problems.some((p) => p === undefined)) return undefined;
  const ofType = branches.flatMap((b, i) => ([b.type ?? []].flat().some((t) => hasType(value, t)) ? [problems[i]] : []));
  if (ofType.length === 1) return ofType[0];
  if (ofType.length > 1) return `${path}: matches none of its forms (${ofType.map((p) => p?.slice(path.length + 2)).join('; ')})`;
  const types = [...new Set(branches.flatMap((b) => [b.type ?? []].flat()))];
  return `${path}: must be ${types.map(article).join(' or ')}`;
}

/** ` (did you mean x?)` for the known name a typo is closest to, if any is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean ${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
