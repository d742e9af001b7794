import { markdownText } from './markdown';
import { runSummaryMarkdown } from './run-summary';

describe('values in the step summary are text', () => {
  it('HTML, links, code spans, cell breaks and newlines are escaped', () => {
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdownText('[click](https://evil.example)')).toBe('\\[click\\](https://evil.example)');
    expect(markdownText('a | b\n| c')).toBe('a \\| b \\| c');
    expect(markdownText('`code` & more')).toBe('\\`code\\` &amp; more');
  });

  it('a registry error body in a row reason cannot add HTML or rows', () => {
    const md = runSummaryMarkdown([{ project: 'svc', outcome: 'failed', version: '1.0.0', tags: [], digest: '', reason: 'HTTP 500: <script>x</script>\n| evil | row |' }]);
    expect(md).not.toContain('<script>');
    expect(md.split('\n').filter((l) => l.includes('evil'))).toHaveLength(1);
    expect(md).toContain('&lt;script&gt;x&lt;/script&gt; \\| evil \\| row \\|');
  });
});
