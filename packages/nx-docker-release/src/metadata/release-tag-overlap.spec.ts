import fc from 'fast-check';
import { MetadataError } from './metadata-error';
import { sharedReleaseTag } from './release-tag-overlap';
import { compileReleaseTagPattern } from './release-tag-pattern';

describe('sharedReleaseTag', () => {
  test.each<[string, string, string, string, string | undefined]>([
    // The trap: an api on v{version} and a web service on {version} no longer share v0.0.9.
    ['api', 'v{version}', 'web', '{version}', undefined],
    ['api', '{version}', 'web', '{version}', '1.2.3'],
    ['api', 'v{version}', 'web', 'v{version}', 'v1.2.3'],
    ['api', '{projectName}@{version}', 'web', '{projectName}@{version}', undefined],
    ['api', '{projectName}@{version}', 'web', '{version}', undefined],
    ['api', '{projectName}/v{version}', 'api', '{projectName}@{version}', undefined],
    ['@org/api', '{projectName}@{version}', 'api', '{projectName}@{version}', undefined],
    // A version may hold - and letters: api-2's tags are api's too, and 1.2.3-web is a version.
    ['api', '{projectName}-{version}', 'api-2', '{projectName}-{version}', 'api-2-1.2.3'],
    ['api', '{projectName}-{version}', 'api-v2', '{projectName}-{version}', undefined],
    ['api', '{version}', 'web', '{version}-{projectName}', '1.2.3-web'],
    ['api', '{version}', 'web', '{projectName}-{version}', undefined],
    // Neither 1.2.3 tag is the other's, yet 1@2 is both (api's version 1, web's version 2).
    ['api', '{version}@2', 'web', '1@{version}', '1@2'],
    ['api', 'rel-{version}', 'web', 'rel-{version}.x', 'rel-1.2.3.x'],
    ['api', 'rel-{version}/a', 'web', 'rel-{version}/b', undefined],
  ])('%s %s and %s %s', (pa, a, pb, b, tag) => {
    expect(sharedReleaseTag({ project: pa, pattern: a }, { project: pb, pattern: b })).toBe(tag);
    expect(sharedReleaseTag({ project: pb, pattern: b }, { project: pa, pattern: a })).toBe(tag);
  });

  it('throws a MetadataError for a malformed pattern', () => {
    expect(() => sharedReleaseTag({ project: 'a', pattern: '{project}@{version}' }, { project: 'b', pattern: '{version}' })).toThrow(MetadataError);
  });

  // Against brute force: every tag up to 6 characters over an alphabet with a representative of each kind of character.
  const chars = ['1', '2', 'v', 'a', '-', '@'];
  const tags: string[] = [''];
  for (let length = 1, last = ['']; length <= 6; length++) {
    last = last.flatMap((t) => chars.map((c) => t + c));
    tags.push(...last);
  }
  const literal = fc.string({ unit: fc.constantFrom(...chars), maxLength: 2 });
  const pattern = fc.tuple(literal, literal).map(([prefix, suffix]) => `${prefix}{version}${suffix}`);

  it('finds a shared tag exactly when one exists, and it matches both patterns', () => {
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        const shared = sharedReleaseTag({ project: 'a', pattern: a }, { project: 'b', pattern: b });
        const [ra, rb] = [compileReleaseTagPattern(a, 'a'), compileReleaseTagPattern(b, 'b')];
        const both = (tag: string): boolean => ra.test(tag) && rb.test(tag);
        const brute = tags.find(both);
        if (brute === undefined) return shared === undefined || shared.length > 6;
        return shared !== undefined && both(shared);
      }),
      { numRuns: 100 },
    );
  });
});
