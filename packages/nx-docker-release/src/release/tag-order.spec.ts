import { commitOf, floatingTagMove, isFloatingTag, isVersionTag } from './tag-order';

const OURS = { revision: 'a'.repeat(40), created: '2026-12-07T10:00:00Z' };

describe('isFloatingTag', () => {
  it('latest, branches and pull-request tags float; the commit tag and versions do not', () => {
    const sha = 'abcdef1234567890';
    expect(['latest', 'main', 'pr-12', 'edge'].filter((t) => isFloatingTag(t, 'sha-abcdef1', sha))).toEqual(['latest', 'main', 'pr-12', 'edge']);
    expect(['sha-abcdef1', '1.2.3', 'v1.2', '2.0.0-rc.1', 'main-abcdef1'].filter((t) => isFloatingTag(t, 'sha-abcdef1', sha))).toEqual([]);
    expect(isVersionTag('1.2.3')).toBe(true);
    expect(isVersionTag('latest')).toBe(false);
  });
});

describe('floatingTagMove', () => {
  it('git says the tag holds a later commit: kept, with both commits named', () => {
    const decision = floatingTagMove('latest', OURS, { revision: 'b'.repeat(40) + '-dirty' }, 'theirs-newer');
    expect(decision).toEqual({ move: false, reason: `kept: latest holds an image of ${'b'.repeat(12)}, a later commit than ${'a'.repeat(12)} (rewindFloatingTags moves it anyway)` });
  });

  it('an older or the same commit: the tag moves, whatever the clocks say', () => {
    const later = { revision: 'b'.repeat(40), created: '2027-01-01T00:00:00Z' };
    expect(floatingTagMove('latest', OURS, later, 'theirs-older')).toEqual({ move: true });
    expect(floatingTagMove('latest', OURS, later, 'same')).toEqual({ move: true });
  });

  it('history unknown (a shallow clone) or diverged: the creation times decide', () => {
    const later = { revision: 'b'.repeat(40), created: '2026-12-07T11:00:00Z' };
    const earlier = { revision: 'b'.repeat(40), created: '2026-12-07T09:00:00Z' };
    expect(floatingTagMove('main', OURS, later, 'unknown')).toMatchObject({ move: false, reason: expect.stringContaining('built 2026-12-07T11:00:00Z from bbbbbbbbbbbb') });
    expect(floatingTagMove('main', OURS, later, 'diverged').move).toBe(false);
    expect(floatingTagMove('main', OURS, earlier, 'unknown')).toEqual({ move: true });
    expect(floatingTagMove('main', OURS, {}, 'unknown')).toEqual({ move: true });
    expect(floatingTagMove('main', { revision: OURS.revision }, later, 'unknown')).toEqual({ move: true });
  });

  it('reads a revision label only when it is a commit', () => {
    expect(commitOf('abc1234-dirty')).toBe('abc1234');
    expect(commitOf('v1.2.3')).toBeUndefined();
    expect(commitOf(undefined)).toBeUndefined();
  });
});
