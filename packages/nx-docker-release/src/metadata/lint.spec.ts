import { computeMetadata } from './compute-metadata';
import { duplicateTags, lintTagRules } from './lint';

const SEED = ['type=sha', 'type=raw,value=latest,event=push', 'type=semver,pattern={{version}},event=tag'];

describe('lintTagRules', () => {
  test('the seed config: two ignored event= keys, an unconditional latest, and a duplicate latest', () => {
    const warnings = lintTagRules(SEED, []);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toContain('tags "type=raw,value=latest,event=push": event= has no effect');
    expect(warnings[0]).toContain('only on type=ref');
    expect(warnings[1]).toContain('tags "type=semver,pattern={{version}},event=tag": event= has no effect');
    expect(warnings[2]).toContain('tags every build "latest", pull requests and prereleases included');
    expect(warnings[3]).toContain('"latest" twice on release tags');
  });

  test.each<[string, string[], string[], string[]]>([
    ['clean config', ['type=ref,event=branch', 'type=semver,pattern={{version}}', 'type=sha,format=long'], [], []],
    ['event on ref is meaningful', ['type=ref,event=pr'], [], []],
    ['conditional raw latest', ['type=raw,value=latest,enable={{is_default_branch}}'], [], []],
    ['bare latest is a raw latest', ['latest'], [], ['tags every build "latest"']],
    ['latest=false flavor: no duplicate warning', ['type=raw,value=latest', 'type=semver,pattern={{version}}'], ['latest=false'], ['tags every build "latest"']],
    ['typo in a key', ['type=ref,event=tag,evnet=tag'], [], ['evnet= has no effect (type=ref reads only enable, priority, prefix, suffix, event)']],
    ['value on sha', ['type=sha,value=x'], [], ['value= has no effect']],
    ['pattern on raw', ['type=raw,value=x,pattern=y'], [], ['pattern= has no effect']],
    ['non-numeric priority', ['type=raw,value=x,priority=high'], [], ['priority=high is not a number']],
    ['unparsable entries are left to computeMetadata', ['type=bogus', 'type=raw'], [], []],
    ['flavor value cut at second =', [], ['prefix=a=b-'], ['keeps only "a"']],
    ['flavor onlatest without affix', [], ['onlatest=true,prefix=x-'], ['onlatest= has no effect']],
    ['flavor latest=true', [], ['latest=true'], ['pull requests and prereleases included']],
  ])('%s', (_name, tags, flavor, expected) => {
    const warnings = lintTagRules(tags, flavor);
    expect(warnings).toHaveLength(expected.length);
    expected.forEach((text, i) => expect(warnings[i]).toContain(text));
  });
});

describe('duplicateTags', () => {
  test.each<[string[], string[]]>([
    [[], []],
    [['a', 'b'], []],
    [
      ['a', 'b', 'a', 'a', 'b', 'c'],
      ['a', 'b'],
    ],
  ])('%j', (tags, expected) => {
    expect(duplicateTags(tags)).toEqual(expected);
  });

  test('the seed config on a stable tag yields latest twice', () => {
    const output = computeMetadata({
      context: { eventName: 'push', ref: 'refs/tags/1.2.3', sha: '0123456789abcdef0123456789abcdef01234567', payload: {} },
      images: ['user/app'],
      tags: SEED,
      flavor: [],
      labels: [],
      annotations: [],
      now: new Date(0),
    });
    expect(duplicateTags(output.tags)).toEqual(['user/app:latest']);
  });
});

describe('template variables upstream does not know', () => {
  it('names a typo in a semver pattern and in a raw value, with what is known there', () => {
    const warnings = lintTagRules(['type=semver,pattern={{verison}}', 'type=raw,value={{brnach}}-x', 'type=semver,pattern=v{{major}}.{{minor}}', "type=raw,value={{date 'YYYYMMDD'}}"], []);
    expect(warnings).toEqual([
      'tags "type=semver,pattern={{verison}}": {{verison}} in pattern= is not a template variable upstream knows, so it renders empty (known here: raw, version, major, minor, patch, branch, tag, sha, base_ref, is_default_branch, is_not_default_branch, date, commit_date)',
      'tags "type=raw,value={{brnach}}-x": {{brnach}} in value= is not a template variable upstream knows, so it renders empty (known here: branch, tag, sha, base_ref, is_default_branch, is_not_default_branch, date, commit_date)',
    ]);
  });

  it('the version parts are unknown outside a semver/pep440 pattern', () => {
    expect(lintTagRules(['type=raw,value={{version}}'], [])).toHaveLength(1);
    expect(lintTagRules(['type=sha,prefix={{branch}}-,enable={{is_default_branch}}'], [])).toEqual([]);
  });
});

describe('rules that render empty on a release tag', () => {
  it('names an enabled rule whose value is empty on a tag push, and only that one', () => {
    const warnings = lintTagRules(['type=raw,value={{branch}}', 'type=semver,pattern={{version}}', 'type=ref,event=branch'], []);
    expect(warnings).toEqual(['tags "type=raw,value={{branch}}": renders an empty tag on a release tag (rehearsed on 1.2.3), so it adds no tag to a release']);
  });

  it('a rule switched off on tags, or one that does not apply to tags, is not an empty render', () => {
    expect(lintTagRules(['type=raw,value={{branch}},enable={{is_default_branch}}', 'type=edge', 'type=ref,event=pr'], [])).toEqual([]);
  });

  it('an empty render after the flavor affixes still counts; a prefix that fills it does not', () => {
    expect(lintTagRules(['type=raw,value={{base_ref}}'], [])).toHaveLength(1);
    expect(lintTagRules(['type=raw,value={{base_ref}}'], ['prefix=rel-'])).toEqual([]);
  });

  it('a typo is reported once, as a typo, not again as an empty render', () => {
    const warnings = lintTagRules(['type=semver,pattern={{verison}}'], []);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('not a template variable');
  });

  it('an invalid enable= is left to computeMetadata', () => {
    expect(lintTagRules(['type=raw,value=x,enable=maybe'], [])).toEqual([]);
  });
});
