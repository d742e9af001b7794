import { evaluate, renderTemplate, templateValue, toText, type Scope } from './evaluate';
import { githubContext } from './github-context';
import { ExpressionError, parseExpression, printExpression } from './parse';
import { expressionEnvNames, resolveRunTimeExpressions } from './run-time';
import { templatePieces } from './template';
import { ReleaseError } from '../release-error';
import type { GitContext } from '../git-context';

const run = (source: string, scope: Scope) => toText(evaluate(parseExpression(source), scope));

describe('GitHub expressions', () => {
  const known: Scope = { strict: true, values: { env: { REGISTRY: 'ghcr.io', EMPTY: '' }, github: { event_name: 'push', ref: 'refs/heads/main', repository: 'Acme/App' } } };

  it.each([
    ["github.event_name != 'pull_request'", 'true'],
    ["github.ref == format('refs/heads/{0}', 'MAIN')", 'true'],
    ["env.EMPTY || 'docker.io'", 'docker.io'],
    ["env.REGISTRY || 'docker.io'", 'ghcr.io'],
    ["env.MISSING && 'x'", ''],
    ["github.event_name == 'push' && 'yes' || 'no'", 'yes'],
    ["!(github.ref == 'refs/heads/dev')", 'true'],
    ["startsWith(github.ref, 'refs/heads/')", 'true'],
    ['contains(fromJSON(\'["a","b"]\'), \'B\')', 'true'],
    ["format('{0}/{1}', env.REGISTRY, github.repository)", 'ghcr.io/Acme/App'],
    ["format('{{literal}} {0}', 1)", '{literal} 1'],
    ["github['event_name']", 'push'],
    ['1 == true', 'true'],
    ["'' == 0", 'true'],
    ["'it''s'", "it's"],
    ['0x10 > 15', 'true'],
    // Review findings, against GitHub's evaluator: filters, array access, string order.
    ['toJSON(fromJSON(\'[{"a":1},{"b":2}]\').*.a)', '[\n  1\n]'],
    ["join(fromJSON('[[1,2],[3]]').*.*, '-')", '1-2-3'],
    ['fromJSON(\'[{"a":1}]\').a', ''],
    ["fromJSON('[5,6]')['1']", '6'],
    ["'_' < 'a'", 'false'],
  ])('%s -> %s', (source, expected) => expect(run(source, known)).toBe(expected));

  it.each(["format('{0', 'x')", "format('a}b')", "format('{x}', 1)", "format('{0}}', 1)"])('%s is an invalid format string, as GitHub says', (source) => {
    expect(() => run(source, known)).toThrow(/is not a valid format string/);
  });

  it('keeps what is not known yet, reduced, and prints it back as an expression', () => {
    const scope: Scope = { values: { env: { REGISTRY: 'ghcr.io' } } };
    expect(renderTemplate('${{ env.REGISTRY }}/${{ github.repository }}', scope)).toBe('ghcr.io/${{ github.repository }}');
    expect(renderTemplate("${{ vars.NAME || format('{0}/app', env.REGISTRY) }}", scope)).toBe("${{ vars.NAME || 'ghcr.io/app' }}");
    expect(renderTemplate("type=raw,value=latest,enable=${{ github.ref == 'refs/heads/main' }}", scope)).toBe("type=raw,value=latest,enable=${{ github.ref == 'refs/heads/main' }}");
    // A template value (an env entry holding ${{ }}) used inside another template.
    const inner = templateValue('${{ env.REGISTRY }}/${{ github.repository_owner }}/app', scope);
    expect(renderTemplate('${{ env.IMAGE }}', { values: { env: { IMAGE: inner } } })).toBe('ghcr.io/${{ github.repository_owner }}/app');
    expect(printExpression(parseExpression("a.b['c d'] == !x || y.*"))).toBe("(a.b['c d'] == !x) || y.*");
    expect(printExpression(parseExpression('(a || b).c'))).toBe('(a || b).c');
    expect(printExpression(parseExpression('(!a).b'))).toBe('(!a).b');
  });

  it('refuses broken expressions and, when strict, unknown contexts', () => {
    expect(() => parseExpression("github.ref == 'x")).toThrow(ExpressionError);
    expect(() => parseExpression('a ==')).toThrow('unexpected end');
    expect(() => run('matrix.service', known)).toThrow('the matrix context is not available here');
    expect(() => run("hashFiles('**/go.sum')", known)).toThrow('hashFiles() cannot be evaluated here');
  });
});

describe('the ${{ }} parts of a string, as GitHub reads them', () => {
  it('a }} inside a string literal does not close the expression; a doubled quote stays inside the literal', () => {
    expect(templatePieces("a-${{ format('{0}}}', 'x') }}-b")).toEqual([
      { kind: 'text', value: 'a-' },
      { kind: 'expression', source: " format('{0}}}', 'x') ", raw: "${{ format('{0}}}', 'x') }}" },
      { kind: 'text', value: '-b' },
    ]);
    expect(templatePieces("${{ 'it''s }}' }}${{ env.A }}").map((p) => (p.kind === 'expression' ? p.source.trim() : p.value))).toEqual(["'it''s }}'", 'env.A']);
    expect(renderTemplate("v${{ format('{0}}}', 'x') }}", { values: {} })).toBe('vx}');
  });

  it('a ${{ never closed is an error, as GitHub refuses the workflow; text without one is one piece', () => {
    expect(() => templatePieces('ghcr.io/${{ github.repository')).toThrow(ExpressionError);
    expect(() => templatePieces("${{ 'open }}")).toThrow(ExpressionError);
    expect(templatePieces('plain {{ text }}')).toEqual([{ kind: 'text', value: 'plain {{ text }}' }]);
  });
});

describe('run-time expressions in the options', () => {
  const git = (over: Partial<GitContext> = {}): GitContext => ({
    provider: 'github-actions',
    eventName: 'pull_request_target',
    ref: 'refs/pull/7/merge',
    sha: 'a'.repeat(40),
    payload: { pull_request: { head: { ref: 'feature/x' }, base: { ref: 'main' } } },
    repo: null,
    repository: 'Acme/App',
    tagsAtCommit: [],
    ...over,
  });

  it('builds the github context from the facts (ref_name, owner, PR refs)', () => {
    const github = githubContext(git(), { GITHUB_ACTOR: 'octo' }) as Record<string, unknown>;
    expect(github).toMatchObject({ ref_name: '7/merge', repository_owner: 'Acme', head_ref: 'feature/x', base_ref: 'main', actor: 'octo', ref_type: 'branch' });
    expect(githubContext(git({ ref: 'refs/tags/v1.2.0', repository: 'group/sub/proj', payload: {} }), {})).toMatchObject({
      ref_name: 'v1.2.0',
      ref_type: 'tag',
      repository_owner: 'group/sub',
      head_ref: '',
    });
  });

  it('outside Actions: GITHUB_REPOSITORY names the repository; with nothing to name it, an image part that comes out empty is one line naming the github value', () => {
    const local = git({ provider: 'git', repository: undefined, eventName: 'push', ref: 'refs/heads/main', payload: {} });
    const options = { images: ['ghcr.io/${{ github.repository_owner }}/api'] };
    expect(resolveRunTimeExpressions(options, local, { GITHUB_REPOSITORY: 'Acme/app' }).images).toEqual(['ghcr.io/acme/api']);
    expect(() => resolveRunTimeExpressions(options, local, {})).toThrow(
      'images[0]: "ghcr.io/${{ github.repository_owner }}/api" gave "ghcr.io//api": github.repository_owner is empty here (not in GitHub Actions, and no GitHub origin remote or GITHUB_REPOSITORY=owner/repo to take the repository from)',
    );
    expect(() => resolveRunTimeExpressions({ images: ['${{ env.HUB }}/api'] }, local, { HUB: '' })).toThrow('images[0]: "${{ env.HUB }}/api" gave "/api": an expression in it gave an empty value');
  });

  it('resolves images, tags, labels and build args; leaves options without expressions alone', () => {
    const options = {
      images: ['ghcr.io/${{ github.repository }}', '${{ env.HUB_USER }}/app'],
      tags: ["type=raw,value=pr,enable=${{ github.event_name == 'pull_request_target' }}"],
      labels: ['built.by=${{ github.actor }}'],
      buildArgs: { REF: '${{ github.head_ref }}' },
      cacheFrom: ['type=registry,ref=ghcr.io/${{ github.repository }}:buildcache'],
    };
    expect(expressionEnvNames(options)).toEqual(['HUB_USER']);
    const resolved = resolveRunTimeExpressions(options, git(), { HUB_USER: 'acme', GITHUB_ACTOR: 'octo' });
    expect(resolved).toMatchObject({
      images: ['ghcr.io/acme/app', 'acme/app'],
      tags: ['type=raw,value=pr,enable=true'],
      labels: ['built.by=octo'],
      buildArgs: { REF: 'feature/x' },
      cacheFrom: ['type=registry,ref=ghcr.io/acme/app:buildcache'],
    });
    const plain = { images: ['ghcr.io/acme/app'] };
    expect(resolveRunTimeExpressions(plain, git(), {})).toBe(plain);
  });

  it('refuses an expression that reads a credential variable, before reading it', () => {
    const options = { images: ['ghcr.io/acme/app'], labels: ['t=${{ env.GH_CR_PAT }}'], login: { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' } };
    expect(() => resolveRunTimeExpressions(options, git(), { GH_CR_PAT: 'pat-value' })).toThrow('labels[0]: "t=${{ env.GH_CR_PAT }}" reads GH_CR_PAT, which holds a credential');
    expect(() => resolveRunTimeExpressions({ images: ['a/b'], buildArgs: { X: '${{ env.NPM_TOKEN }}' } }, git(), {})).toThrow('buildArgs.X: "${{ env.NPM_TOKEN }}" reads NPM_TOKEN');
  });

  it('names the option of an expression it cannot evaluate', () => {
    expect(() => resolveRunTimeExpressions({ images: ['ghcr.io/${{ matrix.image }}'] }, git(), {})).toThrow('images[0]: "ghcr.io/${{ matrix.image }}": the matrix context is not available here');
    // An unclosed ${{ is not left in a tag name for the registry to refuse: one line naming the option.
    expect(() => resolveRunTimeExpressions({ images: ['a/b'], tags: ['type=raw,value=${{ github.sha'] }, git(), {})).toThrow(ReleaseError);
    expect(() => resolveRunTimeExpressions({ images: ['a/b'], tags: ['type=raw,value=${{ github.sha'] }, git(), {})).toThrow(/^tags\[0\]: .*is not closed by \}\}$/);
  });
});
