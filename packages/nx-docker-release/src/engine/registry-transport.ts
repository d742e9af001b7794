import type { BlobSource } from './blob-source';
import { ReleaseError } from '../release/release-error';
import { AnswerBudget, HttpConnectionError, openStream, request, type HttpResponse } from './http';
import { isLoopbackHost } from './loopback';
import { answerVerdict, decodeRegistryErrors, RegistryAuthError, RegistryError, type RegistryAnswer } from './registry-error';
import { DEFAULT_RETRY, parseRetryAfter, TransientError, withRetry, type RetryPolicy } from './retry';

export interface Credentials {
  username: string;
  password: string;
  /** Name of the variable the password came from, for error messages. */
  passwordEnv: string;
}

export interface RegistryClientOptions {
  registry: string;
  credentials?: Credentials;
  retry?: RetryPolicy;
  onRetry?: (message: string) => void;
  /** Told every bearer token this client obtains, so logs can redact it. */
  onSecret?: (value: string) => void;
  /** Plain HTTP for loopback registries, as docker does for 127.0.0.0/8 and localhost. */
  insecure?: boolean;
  /** The time the answers of one request may take in all, retries included (default 60 s). */
  answerBudgetMs?: number;
}

/**
 * How requests reach one registry: its base URL (plain HTTP for loopback), Basic credentials or
 * a Bearer token fetched on the registry's challenge, retries, and failed answers turned into
 * typed errors. The distribution API on top of it is `RegistryClient`.
 */
export class RegistryTransport {
  readonly base: string;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions) {
    const host = options.registry === 'docker.io' ? 'registry-1.docker.io' : options.registry;
    this.base = `${(options.insecure ?? isLoopbackHost(host)) ? 'http' : 'https'}://${host}`;
  }

  /** A streamed GET with this registry's credentials; a Bearer challenge is answered once. */
  async stream(repo: string, url: URL, headers: Record<string, string>): Promise<Awaited<ReturnType<typeof openStream>>> {
    const send = (): ReturnType<typeof openStream> => openStream(url, { ...this.authHeader(repo), ...headers });
    let res = await send();
    if (res.status === 401) {
      res.stream.resume();
      if (await this.authenticate(repo, { status: 401, header: res.header, body: Buffer.alloc(0), url })) res = await send();
    }
    return res;
  }

  /**
   * One registry request, retried as its answer says: 2xx and `okStatuses` return, anything else
   * throws a typed error (`RegistryAuthError` for a refusal). `attempts` overrides the policy's.
   */
  async request(repo: string, method: string, path: string, headers: Record<string, string>, body?: Buffer | BlobSource, okStatuses: number[] = [], attempts?: number): Promise<HttpResponse> {
    const configured = this.options.retry ?? DEFAULT_RETRY;
    const policy = attempts ? { ...configured, attempts } : configured;
    const budget = new AnswerBudget(this.options.answerBudgetMs);
    return withRetry(
      policy,
      async () => {
        const send = (): Promise<HttpResponse> => request(new URL(`${this.base}${path}`), { method, headers: { ...headers, ...this.authHeader(repo) }, body, answerBudget: budget });
        let res: HttpResponse;
        try {
          res = await send();
          // A redirect's target (a storage host, a CDN) is not the registry: its challenge is never answered.
          const elsewhere = res.url.origin !== new URL(this.base).origin;
          if (res.status === 401 && !elsewhere && (await this.authenticate(repo, res, budget))) res = await send();
          if (elsewhere && (res.status === 401 || res.status === 403)) {
            throw new TransientError(`${method} ${this.options.registry}${path}: redirected to ${res.url.host}, which refused it (HTTP ${res.status}; an expired signed URL?)`);
          }
        } catch (err) {
          // A registry dripping its answers has used the time of every attempt: another one would only wait again.
          if (err instanceof HttpConnectionError && budget.spent) throw new ReleaseError(`registry: ${method} ${this.options.registry}${path}: ${err.code}; not retried`);
          if (err instanceof HttpConnectionError) throw new TransientError(`${method} ${this.options.registry}${path}: ${err.code}`);
          throw err;
        }
        if ((res.status >= 200 && res.status < 300) || okStatuses.includes(res.status)) return res;
        throw this.answerError(method, path, res);
      },
      (err, attempt, delay) => this.options.onRetry?.(`${err.message} (attempt ${attempt}/${policy.attempts}, retrying in ${delay} ms)`),
    );
  }

  /** A failed answer as a typed error: its status and decoded codes decide whether it is retried. */
  private answerError(method: string, path: string, res: HttpResponse): RegistryError {
    const text = method === 'HEAD' ? '' : res.body.toString('utf8');
    const answer: RegistryAnswer = { status: res.status, errors: decodeRegistryErrors(text) };
    if (answerVerdict(answer) === 'refused') {
      const who = this.options.credentials ? `the credentials in ${this.options.credentials.passwordEnv}` : 'anonymous access (set the login option)';
      return new RegistryAuthError(`registry ${this.options.registry} refused ${who} (HTTP ${res.status}); not retried`, answer);
    }
    const what = `${method} ${this.options.registry}${path}: HTTP ${res.status} ${text.slice(0, 200).trim()}`;
    return new RegistryError(what, answer, parseRetryAfter(res.header('retry-after') ?? null));
  }

  private authHeader(repo: string): Record<string, string> {
    const token = this.tokens.get(repo);
    if (token) return { Authorization: token };
    const creds = this.options.credentials;
    return creds ? { Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` } : {};
  }

  /** Bearer challenge (ghcr.io, Docker Hub, ...): fetch a token for this repository. */
  private async authenticate(repo: string, res: HttpResponse, budget?: AnswerBudget): Promise<boolean> {
    const challenge = res.header('www-authenticate') ?? '';
    if (!/^Bearer /i.test(challenge)) return false;
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!params.realm) return false;
    let url: URL;
    try {
      url = new URL(params.realm);
    } catch {
      throw new RegistryAuthError(`registry ${this.options.registry} names a token realm that is not a URL (${params.realm.slice(0, 100)}); no credentials sent`);
    }
    // Credentials travel over https, or over http to loopback or to the (insecure) registry itself.
    const plainOk = url.protocol === 'http:' && (isLoopbackHost(url.host) || (this.base.startsWith('http:') && url.host === new URL(this.base).host));
    if (url.protocol !== 'https:' && !plainOk) {
      throw new RegistryAuthError(`registry ${this.options.registry} asks for credentials at ${url.protocol}//${url.host}, which is not https; none sent`);
    }
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', `repository:${repo}:pull,push`);
    const creds = this.options.credentials;
    const headers: Record<string, string> = creds ? { Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` } : {};
    const tokenRes = await request(url, { method: 'GET', headers, answerBudget: budget });
    if (tokenRes.status !== 200) return false;
    let body: { token?: string; access_token?: string };
    try {
      body = JSON.parse(tokenRes.body.toString('utf8')) as typeof body;
    } catch {
      return false;
    }
    const token = body.token ?? body.access_token;
    if (!token) return false;
    this.options.onSecret?.(token);
    this.tokens.set(repo, `Bearer ${token}`);
    return true;
  }
}
