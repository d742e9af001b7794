import { answerVerdict, decodeRegistryErrors, RegistryAuthError, RegistryError, type AnswerVerdict } from './registry-error';
import { isTransient } from './retry';

describe('decodeRegistryErrors', () => {
  it.each([
    ['one error', '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}', [{ code: 'UNAUTHORIZED', message: 'authentication required' }]],
    [
      'several, detail kept, order kept',
      '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"team/app"}},{"code":"DENIED","message":"no"}]}',
      [
        { code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'team/app' } },
        { code: 'DENIED', message: 'no' },
      ],
    ],
    ['a code the spec does not know, no message', '{"errors":[{"code":"QUOTA_EXCEEDED"}]}', [{ code: 'QUOTA_EXCEEDED', message: '' }]],
    [
      'entries without a string code are dropped',
      '{"errors":[{"message":"DENIED"},{"code":7},null,"DENIED",{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}',
      [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }],
    ],
    ['an HTML page from a proxy', '<html><body>401 UNAUTHORIZED</body></html>', []],
    ['JSON without errors', '{"message":"DENIED"}', []],
    ['errors that is not a list', '{"errors":{"code":"DENIED"}}', []],
    ['JSON null', 'null', []],
    ['an empty body (HEAD)', '', []],
  ])('%s', (_what, body, expected) => {
    expect(decodeRegistryErrors(body)).toEqual(expected);
    expect(decodeRegistryErrors(Buffer.from(body))).toEqual(expected);
  });
});

describe('answerVerdict keys on status and code, never on message text', () => {
  const errors = (...codes: string[]): { code: string; message: string }[] => codes.map((code) => ({ code, message: `${code} (message text: DENIED UNAUTHORIZED BLOB_UNKNOWN)` }));
  it.each<[string, number, { code: string; message: string }[], AnswerVerdict]>([
    ['401 without a body', 401, [], 'refused'],
    ['403 without a body', 403, [], 'refused'],
    ['401 UNAUTHORIZED', 401, errors('UNAUTHORIZED'), 'refused'],
    ['DENIED under another status (a registry hiding a repository)', 404, errors('DENIED'), 'refused'],
    ['UNAUTHORIZED under a 5xx is still a refusal', 500, errors('UNAUTHORIZED'), 'refused'],
    ['a refusing code among others', 400, errors('NAME_INVALID', 'DENIED'), 'refused'],
    ['500 without a body', 500, [], 'retry'],
    ['502', 502, [], 'retry'],
    ['503 UNAVAILABLE', 503, errors('UNAVAILABLE'), 'retry'],
    ['408', 408, [], 'retry'],
    ['429 TOOMANYREQUESTS', 429, errors('TOOMANYREQUESTS'), 'retry'],
    ['TOOMANYREQUESTS under 400', 400, errors('TOOMANYREQUESTS'), 'retry'],
    ['a manifest PUT racing its blobs: MANIFEST_BLOB_UNKNOWN', 400, errors('MANIFEST_BLOB_UNKNOWN'), 'retry'],
    ['an index PUT racing its manifests: MANIFEST_UNKNOWN', 404, errors('MANIFEST_UNKNOWN'), 'retry'],
    ['BLOB_UNKNOWN', 404, errors('BLOB_UNKNOWN'), 'retry'],
    ['404 NAME_UNKNOWN whose message says DENIED and BLOB_UNKNOWN', 404, errors('NAME_UNKNOWN'), 'fail'],
    ['400 MANIFEST_INVALID', 400, errors('MANIFEST_INVALID'), 'fail'],
    ['400 BLOB_UPLOAD_INVALID', 400, errors('BLOB_UPLOAD_INVALID'), 'fail'],
    ['400 DIGEST_INVALID', 400, errors('DIGEST_INVALID'), 'fail'],
    ['404 BLOB_UPLOAD_UNKNOWN (the session is gone)', 404, errors('BLOB_UPLOAD_UNKNOWN'), 'fail'],
    ['405 UNSUPPORTED', 405, errors('UNSUPPORTED'), 'fail'],
    ['416 without a body', 416, [], 'fail'],
    ['404 without a body', 404, [], 'fail'],
  ])('%s -> %s', (_what, status, errs, verdict) => {
    expect(answerVerdict({ status, errors: errs })).toBe(verdict);
  });
});

describe('RegistryError', () => {
  it('is transient exactly when its answer is to be retried, and keeps status, codes and Retry-After', () => {
    const busy = new RegistryError('PUT r/v2/a/manifests/1: HTTP 429', { status: 429, errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }, 2000);
    expect(busy).toMatchObject({ transient: true, retryAfterMs: 2000, codes: ['TOOMANYREQUESTS'], answer: { status: 429 } });
    expect(isTransient(busy)).toBe(true);
    const unknown = new RegistryError('GET r/v2/a/tags/list: HTTP 404', { status: 404, errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
    expect(unknown.transient).toBe(false);
    expect(isTransient(unknown)).toBe(false);
    expect(new RegistryError('no Location header').transient).toBe(false);
  });

  it('a refusal is a RegistryAuthError: never transient, whatever the status', () => {
    const refused = new RegistryAuthError('registry r refused the credentials in P (HTTP 503); not retried', { status: 503, errors: [{ code: 'DENIED', message: '' }] });
    expect(refused).toBeInstanceOf(RegistryError);
    expect(refused.name).toBe('RegistryAuthError');
    expect(isTransient(refused)).toBe(false);
  });
});
