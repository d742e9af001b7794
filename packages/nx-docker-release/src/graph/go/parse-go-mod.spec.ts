import { parseGoMod, type GoMod } from './parse-go-mod';

const cases: Array<{ name: string; text: string; want: GoMod }> = [
  {
    name: 'module only',
    text: 'module example.com/a\n\ngo 1.19\n',
    want: { module: 'example.com/a', requires: [], replaces: [] },
  },
  {
    name: 'single-line require and local replace, with comments',
    text: ['// header comment', 'module example.com/app // trailing', 'require example.com/shared v0.0.0', 'replace example.com/shared => ../shared // local'].join('\n'),
    want: {
      module: 'example.com/app',
      requires: [{ module: 'example.com/shared', line: 3 }],
      replaces: [{ module: 'example.com/shared', localPath: '../shared', line: 4 }],
    },
  },
  {
    name: 'blocks, indirect requires, versioned and module replacements, quoted paths',
    text: [
      'module "example.com/app"',
      'require (',
      '\texample.com/a v1.0.0',
      '\texample.com/b v1.2.0 // indirect',
      ')',
      'replace (',
      '\texample.com/a v1.0.0 => ./vendor/a',
      '\texample.com/b => example.com/fork/b v1.3.0',
      '\texample.com/c => /abs/c',
      '\texample.com/d => .',
      ')',
    ].join('\n'),
    want: {
      module: 'example.com/app',
      requires: [
        { module: 'example.com/a', line: 3 },
        { module: 'example.com/b', line: 4 },
      ],
      replaces: [
        { module: 'example.com/a', localPath: './vendor/a', line: 7 },
        { module: 'example.com/b', line: 8 },
        { module: 'example.com/c', localPath: '/abs/c', line: 9 },
        { module: 'example.com/d', localPath: '.', line: 10 },
      ],
    },
  },
  {
    name: 'a malformed replace without arrow is ignored',
    text: 'module m\nreplace example.com/a ../a\n',
    want: { module: 'm', requires: [], replaces: [] },
  },
];

describe('parseGoMod', () => {
  it.each(cases)('$name', ({ text, want }) => {
    expect(parseGoMod(text)).toEqual(want);
  });
});
