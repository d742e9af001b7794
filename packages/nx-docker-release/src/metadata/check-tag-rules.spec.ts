import { checkTagRules } from './check-tag-rules';
import { computeMetadata } from './compute-metadata';
import { MetadataError } from './metadata-error';

/** The message of the MetadataError fn throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof MetadataError) return err.message;
    throw err;
  }
  throw new Error('no error');
}

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('checkTagRules: every rule, whatever the event, one line naming it', () => {
  it.each([
    [['type=match,pattern=(,group=1'], [], 'rule "type=match,pattern=(,group=1": pattern: Invalid regular expression: /(/: Unterminated group'],
    [['type=match,pattern=/a[/i'], [], 'rule "type=match,pattern=/a[/i": pattern: Invalid regular expression: /a[/i: Unterminated character class'],
    [['type=sha', 'type=raw,value={{#if}'], [], `rule "type=raw,value={{#if}": template "{{#if}": Parse error on line 1 near "{{#if}": got 'INVALID'`],
    [['type=semver,pattern={{major}'], [], `rule "type=semver,pattern={{major}": template "{{major}": Parse error on line 1 near "{{major}": got 'INVALID'`],
    [['type=sha,prefix={{x'], [], `rule "type=sha,prefix={{x": template "{{x": Parse error on line 1 near "{{x": got 'INVALID'`],
    [['type=sha'], ['suffix=-{{x'], `flavor suffix: template "-{{x": Parse error on line 1 near "-{{x": got 'INVALID'`],
  ])('%j %j', (tags, flavor, line) => {
    expect(messageOf(() => checkTagRules(tags, flavor))).toBe(line);
  });

  it('accepts rules that parse, templates with helpers included', () => {
    expect(() =>
      checkTagRules(['type=match,pattern=v(\\d+),group=1', "type=raw,value={{date 'YYYYMMDD'}}", 'type=semver,pattern={{major}}.{{minor}}', 'type=sha,enable={{is_default_branch}}'], ['prefix=x-']),
    ).not.toThrow();
  });
});

describe('a template that fails while rendering names its rule, on one line', () => {
  it('Missing helper', () => {
    const run = () =>
      computeMetadata({
        context: { eventName: 'push', ref: 'refs/heads/main', sha: SHA, payload: {} },
        repo: null,
        images: ['ghcr.io/acme/app'],
        tags: ['type=raw,value={{foo bar}}'],
        flavor: [],
        labels: [],
        annotations: [],
      });
    expect(messageOf(run)).toBe('rule "type=raw,value={{foo bar}}": template "{{foo bar}}": Missing helper: "foo"');
  });
});
