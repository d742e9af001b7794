import fc from 'fast-check';
import { collate } from './collate';

const sign = (n: number): number => Math.sign(n);
const simpleKey = fc.string({ unit: fc.constantFrom(...'_-.09azAZ:/ é'.split(''), 'o', 'r', 'g', '1'), maxLength: 8 });

describe('collate', () => {
  it('orders like localeCompare for any pair of keys', () => {
    fc.assert(
      fc.property(simpleKey, simpleKey, (a, b) => expect(sign(collate(a, b))).toBe(sign(a.localeCompare(b)))),
      { numRuns: 5000 },
    );
  });

  it('orders lower-case keys like localeCompare without the collator (dense alphabet)', () => {
    const key = fc.string({ unit: fc.constantFrom(...'_-.0123456789abcdefghijklmnopqrstuvwxyz'.split('')), maxLength: 6 });
    fc.assert(
      fc.property(key, key, (a, b) => expect(sign(collate(a, b))).toBe(sign(a.localeCompare(b)))),
      { numRuns: 5000 },
    );
  });

  it('sorts the OCI keys as upstream does', () => {
    const keys = ['org.opencontainers.image.version', 'dev.nx-docker-release.content-key', 'org.opencontainers.image.created', 'org.opencontainers.image.url'];
    expect([...keys].sort(collate)).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
  });
});
