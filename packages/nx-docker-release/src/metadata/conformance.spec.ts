import casesFile from './fixtures/metadata-cases.json';
import { computeMetadata, computeMetadataDetailed } from './compute-metadata';
import { MetadataError } from './metadata-error';
import type { MetadataInput, MetadataJson, RepoInfo } from './types';

/** One `metadata-cases.json` vector (`fixtures/README.md` describes the fields). */
interface ConformanceVector {
  name: string;
  kind: string;
  now: string;
  env: Record<string, string>;
  event: {
    eventName: string;
    ref: string;
    sha: string;
    defaultBranch: string | null;
    repo: RepoInfo | null;
    commitDate: string;
    payload_extras?: Record<string, unknown>;
  };
  inputs: { images: string[]; tags: string[]; flavor: string[]; labels: string[]; annotations: string[] };
  annotationLevels?: string[];
  expected: {
    version?: string;
    versionDetail?: { main: string | null; partial: string[]; latest: boolean };
    tags?: string[];
    tagNames?: string[];
    labels?: string[];
    annotations?: string[];
    json?: MetadataJson;
    errorContains?: string;
  };
}

function vectorToInput(vector: ConformanceVector): MetadataInput {
  const { event } = vector;
  const payload: Record<string, unknown> = { ...event.payload_extras };
  if (event.defaultBranch !== null) {
    payload['repository'] = { default_branch: event.defaultBranch };
  }
  const env = { ...vector.env };
  if (vector.annotationLevels !== undefined) {
    env['DOCKER_METADATA_ANNOTATIONS_LEVELS'] = vector.annotationLevels.join(',');
  }
  return {
    context: { eventName: event.eventName, ref: event.ref, sha: event.sha, payload, commitDate: event.commitDate },
    repo: event.repo,
    ...vector.inputs,
    env,
    now: new Date(vector.now),
  };
}

const cases = (casesFile as unknown as { cases: ConformanceVector[] }).cases;
// The README allows skipping these: they test files and separators this engine does not emit.
const SKIPPED_KINDS = new Set(['bakeFile', 'bakeFileTagsLabels', 'sepTags']);
const byKind = (kind: string): Array<[string, ConformanceVector]> => cases.filter((c) => c.kind === kind).map((c) => [c.name, c]);
const metaCases = byKind('meta');
const jsonCases = byKind('json');
const errorCases = byKind('error');
let executed = 0;

describe('docker/metadata-action conformance vectors', () => {
  afterAll(() => {
    // Every runnable vector must have run: a filter that silently drops one fails here.
    expect(executed).toBe(metaCases.length + jsonCases.length + errorCases.length);
  });

  test('every vector is either run or of a skippable kind', () => {
    const unknownKinds = cases.filter((c) => !SKIPPED_KINDS.has(c.kind) && !['meta', 'json', 'error'].includes(c.kind));
    expect(unknownKinds.map((c) => c.name)).toEqual([]);
    expect(cases).toHaveLength(148);
    expect([metaCases.length, jsonCases.length, errorCases.length]).toEqual([115, 7, 16]);
  });

  test.each(metaCases)('meta %s', (_name, vector) => {
    executed++;
    const { output, version } = computeMetadataDetailed(vectorToInput(vector));
    const { expected } = vector;
    expect(output.version).toBe(expected.version);
    expect(output.tags).toEqual(expected.tags);
    expect(output.labels).toEqual(expected.labels);
    expect(output.annotations).toEqual(expected.annotations);
    if (expected.tagNames !== undefined) {
      expect(output.tagNames).toEqual(expected.tagNames);
    }
    const detail = expected.versionDetail;
    expect(detail).toBeDefined();
    expect({ main: version.main ?? null, partial: version.partial, latest: version.latest }).toEqual(detail);
  });

  test.each(jsonCases)('json %s', (_name, vector) => {
    executed++;
    expect(computeMetadata(vectorToInput(vector)).json).toEqual(vector.expected.json);
  });

  test.each(errorCases)('error %s', (_name, vector) => {
    executed++;
    const expectedText = vector.expected.errorContains;
    expect(expectedText).toBeTruthy();
    const run = (): unknown => computeMetadata(vectorToInput(vector));
    expect(run).toThrow(MetadataError);
    expect(run).toThrow(expectedText);
  });
});
