/**
 * Registry failures typed by the distribution spec's error codes
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes), the way
 * go-containerregistry's `transport.Error` does: the answer's status and its decoded
 * `{"errors":[{"code":...,"message":...}]}` decide what happens next, never the message text.
 */

/** The codes of the OCI distribution spec, plus the CNCF registry's UNAVAILABLE and UNKNOWN. */
export type RegistryErrorCode =
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'SIZE_INVALID'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'TOOMANYREQUESTS'
  | 'UNAVAILABLE'
  | 'UNKNOWN';

/** One entry of an error answer; `code` is kept as sent, also when the spec does not know it. */
export interface RegistryDiagnostic {
  code: RegistryErrorCode | (string & {});
  message: string;
  detail?: unknown;
}

/** What a refused or failed request answered: its status and the decoded errors (none for HEAD or a non-JSON body). */
export interface RegistryAnswer {
  status: number;
  errors: readonly RegistryDiagnostic[];
}

/**
 * The errors of an answer body, or none when it is not the spec's JSON (an HTML page from a
 * proxy, an empty body): such an answer is judged by its status alone.
 */
export function decodeRegistryErrors(body: Buffer | string): RegistryDiagnostic[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString());
  } catch {
    return [];
  }
  const list = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is { code: string; message?: unknown; detail?: unknown } => typeof (e as { code?: unknown } | null)?.code === 'string')
    .map((e) => ({ code: e.code, message: typeof e.message === 'string' ? e.message : '', ...(e.detail !== undefined ? { detail: e.detail } : {}) }));
}

/** What to do with an answer: tell the user the credentials were refused, try again, or fail now. */
export type AnswerVerdict = 'refused' | 'retry' | 'fail';

const REFUSING_CODES: ReadonlySet<string> = new Set<RegistryErrorCode>(['UNAUTHORIZED', 'DENIED']);
// Rate limits and outages, and a blob or manifest the registry has not yet made visible: a manifest
// PUT right after the blob pushes can race the registry's storage (eventually consistent backends).
const TEMPORARY_CODES: ReadonlySet<string> = new Set<RegistryErrorCode>(['TOOMANYREQUESTS', 'UNAVAILABLE', 'BLOB_UNKNOWN', 'MANIFEST_BLOB_UNKNOWN', 'MANIFEST_UNKNOWN']);

/** 401/403 or a refusing code is never retried; 5xx, 408, 429 or a temporary code is; anything else fails at once. */
export function answerVerdict(answer: RegistryAnswer): AnswerVerdict {
  const codes = answer.errors.map((e) => e.code);
  if (answer.status === 401 || answer.status === 403 || codes.some((c) => REFUSING_CODES.has(c))) return 'refused';
  if (answer.status >= 500 || answer.status === 408 || answer.status === 429 || codes.some((c) => TEMPORARY_CODES.has(c))) return 'retry';
  return 'fail';
}

/**
 * A registry answered with a failure. `transient` tells `withRetry` to try again; `answer` is
 * absent when the failure is ours to judge (an upload sent to another host, a bad token realm).
 */
export class RegistryError extends Error {
  readonly transient: boolean;

  constructor(
    message: string,
    readonly answer?: RegistryAnswer,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
    this.transient = answer !== undefined && answerVerdict(answer) === 'retry';
  }

  /** The decoded codes, in the order the registry sent them. */
  get codes(): string[] {
    return (this.answer?.errors ?? []).map((e) => e.code);
  }
}

/** 401/403/denied: retrying cannot help; the message names the registry and the credential. */
export class RegistryAuthError extends RegistryError {
  constructor(message: string, answer?: RegistryAnswer) {
    super(message, answer);
    this.name = 'RegistryAuthError';
  }
}
