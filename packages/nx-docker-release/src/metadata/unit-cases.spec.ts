import unitFile from './fixtures/metadata-unit-cases.json';
import { parseFlavor } from './flavor';
import { parseImages } from './images';
import { parseInputList } from './input-list';
import { MetadataError } from './metadata-error';
import { parseTagEntry } from './tag-entry';
import { parseTagRules } from './tag-rules';
import { isRawStatement } from './template';

/** Parse-level vectors from docker/metadata-action's unit tests (fixtures/README.md). */
interface Vector<I, E> {
  source: string;
  input: I;
  expected: E | { error: true };
}
interface UnitFile {
  tagParse: Array<Vector<string, unknown>>;
  tagTransform: Array<Vector<string[], unknown[]>>;
  flavor: Array<Vector<string[], unknown>>;
  image: Array<Vector<string[], unknown[]>>;
  isRawStatement: Array<Vector<string, boolean>>;
  inputList: Array<Vector<string, string[]>>;
}

const unit = unitFile as unknown as UnitFile;
const rows = <I, E>(vectors: Array<Vector<I, E>>): Array<[string, Vector<I, E>]> => vectors.map((v) => [v.source, v]);
const isError = (expected: unknown): boolean => typeof expected === 'object' && expected !== null && (expected as { error?: unknown }).error === true;

/** Runs `fn`, then checks it threw a MetadataError or returned `expected`. */
function check<I, E>(vector: Vector<I, E>, fn: (input: I) => unknown): void {
  if (isError(vector.expected)) {
    expect(() => fn(vector.input)).toThrow(MetadataError);
  } else {
    expect(fn(vector.input)).toEqual(vector.expected);
  }
}

const shape = (entry: { type: string; attrs: Record<string, string> }): unknown => ({
  type: entry.type,
  attrs: { ...entry.attrs },
});

test('the fixture holds every group of parse-level vectors', () => {
  const counts = [unit.tagParse, unit.tagTransform, unit.flavor, unit.image, unit.isRawStatement, unit.inputList].map((group) => group.length);
  expect(counts).toEqual([31, 1, 14, 9, 5, 10]);
});

test.each(rows(unit.tagParse))('tag parse %s', (_source, vector) => {
  check(vector, (input) => shape(parseTagEntry(input)));
});

test.each(rows(unit.tagTransform))('tag transform %s', (_source, vector) => {
  check(vector, (input) => parseTagRules(input).map(shape));
});

test.each(rows(unit.flavor))('flavor %s', (_source, vector) => {
  check(vector, parseFlavor);
});

test.each(rows(unit.image))('image %s', (_source, vector) => {
  check(vector, parseImages);
});

test.each(rows(unit.isRawStatement))('isRawStatement %s', (_source, vector) => {
  check(vector, isRawStatement);
});

test.each(rows(unit.inputList))('input list %s', (_source, vector) => {
  check(vector, parseInputList);
});
