import { parseGoWork, type GoWork } from './parse-go-work';

const cases: Array<{ name: string; text: string; want: GoWork }> = [
  {
    name: 'single-line use',
    text: 'go 1.19\nuse ./apps/api\n',
    want: { uses: [{ path: './apps/api', line: 2 }], replaces: [] },
  },
  {
    name: 'use block with comments, and a workspace replace',
    text: ['go 1.19', '', 'use (', '\t./apps/api // the api', '\t// ./disabled', '\t./libs/shared', ')', '', 'replace example.com/tools => ./tools'].join('\n'),
    want: {
      uses: [
        { path: './apps/api', line: 4 },
        { path: './libs/shared', line: 6 },
      ],
      replaces: [{ module: 'example.com/tools', localPath: './tools', line: 9 }],
    },
  },
  { name: 'empty', text: '', want: { uses: [], replaces: [] } },
];

describe('parseGoWork', () => {
  it.each(cases)('$name', ({ text, want }) => {
    expect(parseGoWork(text)).toEqual(want);
  });
});
