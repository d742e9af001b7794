import { createLogger } from './redacting-logger';

describe('createLogger', () => {
  it('replaces every registered secret in every kind of line', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l));
    log.addSecret('s3cr3t-pass');
    log.addSecret('tok');
    log.info('login with s3cr3t-pass ok');
    log.warn('s3cr3t-pass twice s3cr3t-pass');
    log.error('tok is too short to redact');
    expect(lines).toEqual(['login with *** ok', 'warning: *** twice ***', 'error: tok is too short to redact']);
  });

  it('redacts the longer secret first when one contains the other', () => {
    const log = createLogger(() => undefined);
    log.addSecret('abcd');
    log.addSecret('abcdefgh');
    expect(log.redact('x abcdefgh y abcd')).toBe('x *** y ***');
  });
});
