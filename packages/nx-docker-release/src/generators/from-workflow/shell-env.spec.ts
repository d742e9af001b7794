import { shellEnv } from './shell-env';

describe('shellEnv: the $GITHUB_ENV idioms the generator reads', () => {
  it.each([
    ["echo REPOSITORY=$(echo ${{ github.repository }} | tr '[:upper:]' '[:lower:]') >> $GITHUB_ENV", { name: 'REPOSITORY', value: '${{ github.repository }}', lower: true }],
    ['echo "IMAGE=${GITHUB_REPOSITORY,,}" >> "$GITHUB_ENV"', { name: 'IMAGE', value: '${{ github.repository }}', lower: true }],
    ['echo "REGISTRY=ghcr.io" >> $GITHUB_ENV', { name: 'REGISTRY', value: 'ghcr.io', lower: false }],
    ['echo "OWNER=$GITHUB_REPOSITORY_OWNER" >> ${GITHUB_ENV}', { name: 'OWNER', value: '${{ github.repository_owner }}', lower: false }],
  ])('%s', (line, expected) => expect(shellEnv(`set -e\n${line}\n`)).toEqual([expected]));

  it.each([['echo "VERSION=${GITHUB_REF_NAME#v}" >> $GITHUB_ENV'], ['echo "DATE=$(date +%s)" >> $GITHUB_ENV'], ['echo "X=`cat version`" >> $GITHUB_ENV'], ['echo "TAGS=a" >> $GITHUB_OUTPUT']])(
    'leaves shell it cannot read: %s',
    (line) => expect(shellEnv(line)).toEqual([]),
  );
});

describe("shellEnv: the step's own variables", () => {
  it('a $NAME of the env given is its template; the default variables come first; shell text is not read', () => {
    const v = (value: string, lower = false) => ({ value, lower });
    const env = { REPO: v('${{ github.repository }}'), PLAIN: v('ghcr.io'), SHELL_TEXT: v('$(date)'), GITHUB_SHA: v('not-the-runner-one'), OWNER: v('${{ github.repository_owner }}', true) };
    expect(shellEnv('echo "A=$PLAIN/${REPO}" >> $GITHUB_ENV', 'GITHUB_ENV', env)).toEqual([{ name: 'A', value: 'ghcr.io/${{ github.repository }}', lower: false }]);
    expect(shellEnv('echo "B=$GITHUB_SHA" >> $GITHUB_ENV', 'GITHUB_ENV', env)).toEqual([{ name: 'B', value: '${{ github.sha }}', lower: false }]);
    expect(shellEnv('echo "C=$SHELL_TEXT" >> $GITHUB_ENV', 'GITHUB_ENV', env)).toEqual([]);
    expect(shellEnv('echo "D=$UNSET" >> $GITHUB_ENV', 'GITHUB_ENV', env)).toEqual([]);
    // A variable an earlier write lower-cases at run time makes what is built from it lower-cased too.
    expect(shellEnv('echo "E=ghcr.io/$OWNER/app" >> $GITHUB_ENV', 'GITHUB_ENV', env)).toEqual([{ name: 'E', value: 'ghcr.io/${{ github.repository_owner }}/app', lower: true }]);
  });
});
