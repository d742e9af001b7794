import { parseArgDefaults, substituteArgs } from './substitute-args';

describe('substituteArgs', () => {
  const args = new Map([
    ['A', 'alpha'],
    ['EMPTY', ''],
  ]);
  it.each([
    ['no variables', 'x/y:1', 'x/y:1'],
    ['$NAME', '$A/img', 'alpha/img'],
    ['${NAME}', '${A}img', 'alphaimg'],
    ['${NAME:-default} when set', '${A:-d}', 'alpha'],
    ['${NAME:-default} when empty', '${EMPTY:-d}', 'd'],
    ['${NAME:-default} when unset', '${NOPE:-d}', 'd'],
    ['${NAME:+alt} when set', '${A:+alt}', 'alt'],
    ['${NAME:+alt} when unset', '${NOPE:+alt}', ''],
    ['unset variable', '$NOPE/img', undefined],
  ])('%s', (_name, text, want) => {
    expect(substituteArgs(text, args)).toBe(want);
  });
});

describe('parseArgDefaults', () => {
  it('reads names, defaults and quoted values', () => {
    expect(parseArgDefaults('A=1 B D="quoted"')).toEqual([
      ['A', '1'],
      ['B', undefined],
      ['D', 'quoted'],
    ]);
  });
});
