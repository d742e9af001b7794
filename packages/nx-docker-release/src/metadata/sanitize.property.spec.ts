import fc from 'fast-check';
import { computeMetadata } from './compute-metadata';
import { MetadataError } from './metadata-error';
import { OCI_TAG_PATTERN } from './oci-tag';
import { sanitizeTag } from './sanitize';
import type { MetadataInput, MetadataOutput } from './types';

/** Strings that exercise templates, versions, quoting and the sanitiser more than random text. */
const fragment = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '{{branch}}',
    '{{tag}}',
    '{{sha}}',
    '{{base_ref}}',
    '{{is_default_branch}}',
    "{{date 'YYYYMMDD'}}",
    "{{commit_date 'YYYY' tz='Asia/Tokyo'}}",
    '{{raw}}',
    '{{version}}',
    '{{major}}.{{minor}}',
    '{{',
    'true',
    'false',
    'latest',
    'v1.2.3',
    '1.0.0-rc.1',
    '1.1beta2',
    '.hidden',
    '-dash',
    'a&b=c',
    '"',
    '#',
    '/',
    '',
    'x'.repeat(130),
  ),
);
const text = fc.array(fragment, { maxLength: 3 }).map((parts) => parts.join(''));
const key = fc.oneof(fc.constantFrom('type', 'value', 'pattern', 'match', 'group', 'event', 'branch', 'format', 'prefix', 'suffix', 'enable', 'priority'), fc.string({ maxLength: 6 }));
const type = fc.constantFrom('schedule', 'semver', 'pep440', 'match', 'edge', 'ref', 'raw', 'sha', 'bogus');
const tagEntry = fc.oneof(
  fc.tuple(type, fc.array(fc.tuple(key, text), { maxLength: 4 })).map(([t, attrs]) => [`type=${t}`, ...attrs.map(([k, v]) => `${k}=${v}`)].join(',')),
  text,
);
const flavorLine = fc.oneof(
  fc.tuple(fc.constantFrom('latest', 'prefix', 'suffix', 'onlatest', 'x'), text).map(([k, v]) => `${k}=${v}`),
  fc.constantFrom('prefix=dev-,onlatest=true', 'suffix=-{{branch}}', 'latest=true', 'latest=false'),
);
const ref = fc.oneof(
  fc.tuple(fc.constantFrom('refs/heads/', 'refs/tags/', 'refs/pull/', ''), text).map(([p, s]) => p + s),
  fc.string(),
);

const input: fc.Arbitrary<MetadataInput> = fc.record({
  context: fc.record({
    eventName: fc.oneof(fc.constantFrom('push', 'pull_request', 'pull_request_target', 'schedule', 'release', ''), fc.string()),
    ref,
    sha: fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), fc.constant(''), fc.string()),
    payload: fc.record({
      number: fc.oneof(fc.integer(), fc.string()),
      base_ref: fc.option(text),
      pull_request: fc.record({ base: fc.record({ ref: text }), head: fc.record({ sha: fc.string() }) }),
      repository: fc.record({ default_branch: text }),
    }),
    commitDate: fc.oneof(fc.constant('2020-01-10T00:30:00.000Z'), fc.string()),
  }),
  repo: fc.option(fc.record({ name: fc.string(), default_branch: text, html_url: fc.string() })),
  images: fc.array(fc.oneof(fc.constantFrom('user/app', 'ghcr.io/Org/App', 'a/b,c/d', 'name=x/y,enable=false'), fc.string()), { maxLength: 2 }),
  tags: fc.array(tagEntry, { maxLength: 4 }),
  flavor: fc.array(flavorLine, { maxLength: 2 }),
  labels: fc.array(text, { maxLength: 2 }),
  annotations: fc.array(text, { maxLength: 2 }),
  env: fc.record({
    DOCKER_METADATA_SHORT_SHA_LENGTH: fc.oneof(fc.constant(''), fc.integer({ min: -2, max: 50 }).map(String), fc.string({ maxLength: 3 })),
    DOCKER_METADATA_PR_HEAD_SHA: fc.constantFrom('true', 'false', ''),
  }),
  now: fc.constant(new Date('2020-01-10T00:30:00.000Z')),
});

/** Runs the engine; a MetadataError is an accepted outcome, anything else propagates and fails. */
function run(value: MetadataInput): MetadataOutput | undefined {
  try {
    return computeMetadata(value);
  } catch (err) {
    if (err instanceof MetadataError) {
      return undefined;
    }
    throw err;
  }
}

describe('tag sanitisation and validation (property)', () => {
  test('sanitizeTag keeps tag characters, replaces the rest and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (raw) => {
        const tag = sanitizeTag(raw);
        expect(tag).toMatch(/^[A-Za-z0-9._-]*$/);
        expect(sanitizeTag(tag)).toBe(tag);
        // Valid characters survive in order; only invalid runs are replaced, each by one '-'.
        expect(tag.replace(/-/g, '')).toBe(raw.replace(/[^A-Za-z0-9._]/g, ''));
        expect(tag.length).toBeLessThanOrEqual(raw.length);
      }),
    );
  });

  test('every produced tag is a valid OCI tag, or the engine throws a MetadataError', () => {
    let produced = 0;
    fc.assert(
      fc.property(input, (value) => {
        const out = run(value);
        if (out === undefined) {
          return;
        }
        produced += out.tagNames.length;
        for (const name of out.tagNames) {
          expect(name).toMatch(OCI_TAG_PATTERN);
        }
        for (const full of out.tags) {
          expect(out.tagNames).toContain(full.slice(full.lastIndexOf(':') + 1));
        }
      }),
      { numRuns: 400 },
    );
    // Guard against a generator that only ever hits errors.
    expect(produced).toBeGreaterThan(0);
  });

  test('arbitrary raw strings in every list input fail only with MetadataError', () => {
    const lists = fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 });
    fc.assert(
      fc.property(lists, lists, lists, lists, fc.string(), (images, tags, flavor, labels, ref) => {
        run({
          context: { eventName: 'push', ref, sha: '0123456789abcdef0123456789abcdef01234567', payload: {} },
          images,
          tags,
          flavor,
          labels,
          annotations: labels,
          now: new Date(0),
        });
      }),
      { numRuns: 300 },
    );
  });

  test('a branch name becomes its sanitised form or is rejected as an invalid tag', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 140 }), (branch) => {
        const base = { eventName: 'push', ref: `refs/heads/${branch}`, sha: '', payload: {} };
        const value: MetadataInput = {
          context: base,
          images: [],
          tags: ['type=ref,event=branch'],
          flavor: [],
          labels: [],
          annotations: [],
          now: new Date(0),
        };
        const expected = sanitizeTag(branch);
        if (OCI_TAG_PATTERN.test(expected)) {
          expect(computeMetadata(value).tags).toEqual([expected]);
        } else {
          expect(() => computeMetadata(value)).toThrow(MetadataError);
        }
      }),
    );
  });
});
