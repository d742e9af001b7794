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

  it('redacts the forms a secret travels in: base64 (a Basic header of user:password, a docker config) and URL-encoded', () => {
    const log = createLogger(() => undefined);
    log.addSecret('bot:p@ss/word');
    const basic = Buffer.from('bot:p@ss/word').toString('base64');
    expect(log.redact(`Authorization: Basic ${basic}`)).toBe('Authorization: Basic ***');
    expect(log.redact(`{"auth":"${basic.replace(/=+$/, '')}"}`)).toBe('{"auth":"***"}');
    expect(log.redact(`https://x/?p=${encodeURIComponent('bot:p@ss/word')}`)).toBe('https://x/?p=***');
  });

  it('each line of a multi-line secret (a PEM key printed line by line) is redacted too', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l));
    log.addSecret(['-----BEGIN TEST KEY-----', 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49', '-----END TEST KEY-----'].join('\n'));
    log.info('MIGHAgEAMBMGByqGSM49AgEGCCqGSM49');
    expect(lines).toEqual(['***']);
  });
});
