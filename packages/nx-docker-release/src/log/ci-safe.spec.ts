import { createLogger } from './redacting-logger';
import { withoutWorkflowCommands } from './ci-safe';

describe('no output line can be a GitHub Actions workflow command', () => {
  it.each([
    ['::warning::pwned', ':\u200b:warning::pwned'],
    ['  ::stop-commands::token', '  :\u200b:stop-commands::token'],
    ['label\n::add-mask::x\r\n\t::error::y', 'label\n:\u200b:add-mask::x\r\n\t:\u200b:error::y'],
    ['version: 1.2.3', 'version: 1.2.3'],
    ['a::b (not at the start)', 'a::b (not at the start)'],
    ['##[warning]old form', '#\u200b#[warning]old form'],
    ['## a heading', '## a heading'],
  ])('%j', (input, output) => {
    expect(withoutWorkflowCommands(input)).toBe(output);
  });

  it('the logger escapes what it prints: a build arg echoed by docker, a registry error body', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l));
    log.info('#5 [2/2] RUN echo\n::set-output name=x::y');
    log.error('registry said: \n::warning file=a::owned');
    expect(
      lines
        .join('\n')
        .split('\n')
        .filter((l) => /^\s*::/.test(l)),
    ).toEqual([]);
    expect(lines[0]).toContain('set-output name=x::y');
  });
});
