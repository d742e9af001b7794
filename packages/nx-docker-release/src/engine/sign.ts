import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/redacting-logger';
import { parseImageName } from '../release/image-ref';
import { signatureTag } from '../release/sign';
import type { SignStep } from '../release/types';
import { isLoopbackHost } from './loopback';
import type { RegistryApi } from './registry-client';
import { lastLine, type Runner } from './runner';
import { throwIfCancelled } from './cancellation';

export interface SignOutcome {
  /** <image>@<digest> */
  ref: string;
  status: 'signed' | 'already-signed' | 'failed';
  reason?: string;
}

export interface SignDeps {
  run: Runner;
  /** The full environment (the key and its password are read from it and given to cosign only). */
  env: Record<string, string | undefined>;
  /** What every other child sees (DOCKER_CONFIG of a docker login included). */
  childEnv: Record<string, string | undefined>;
  cwd: string;
  log: Logger;
  /** A private directory for cosign's registry config, removed after signing. */
  scratch: string;
  /** Registry-API clients of the publish targets, to see whether a digest is signed already. */
  client?: (registry: string) => RegistryApi;
  /** Credentials per registry host for cosign (only these registries get them). */
  auths: ReadonlyMap<string, { username: string; password: string }>;
}

/**
 * Signs the pushed digest in each image's repository with cosign: once per digest, skipped where
 * its signature tag already exists (a promoted digest). The key and password reach cosign through
 * its environment (`env://` and COSIGN_PASSWORD), registry credentials through a DOCKER_CONFIG that
 * names only the registries they belong to, deleted afterwards.
 */
export async function signImages(step: SignStep, digest: string, deps: SignDeps): Promise<SignOutcome[]> {
  throwIfCancelled();
  const { log } = deps;
  if (step.keyEnv) log.addSecret(deps.env[step.keyEnv]);
  if (step.passwordEnv) log.addSecret(deps.env[step.passwordEnv]);
  const env: Record<string, string | undefined> = { ...deps.childEnv, ...cosignSecrets(step, deps.env) };
  const config = join(deps.scratch, 'cosign-docker-config');
  if (deps.auths.size) {
    mkdirSync(config, { recursive: true, mode: 0o700 });
    const auths = Object.fromEntries([...deps.auths].map(([registry, c]) => [registry, { auth: Buffer.from(`${c.username}:${c.password}`).toString('base64') }]));
    writeFileSync(join(config, 'config.json'), JSON.stringify({ auths }), { mode: 0o600 });
    env.DOCKER_CONFIG = config;
  }
  try {
    const outcomes: SignOutcome[] = [];
    for (const image of step.images) {
      const { registry, path } = parseImageName(image);
      const ref = `${image}@${digest}`;
      const client = deps.client?.(registry);
      if (client && (await client.getManifest(path, signatureTag(digest)))) {
        log.info(`sign: ${ref} is signed already (${signatureTag(digest)}); not signed again`);
        outcomes.push({ ref, status: 'already-signed' });
        continue;
      }
      const argv = [...step.argv, ...(isLoopbackHost(registry) ? ['--allow-http-registry'] : []), ref];
      log.info(`sign: ${step.cosign} ${argv.join(' ')}`);
      const res = await deps.run(step.cosign, argv, { env, cwd: deps.cwd, onLine: (line) => log.info(`  ${line}`) });
      if (res.exitCode !== 0) {
        outcomes.push({ ref, status: 'failed', reason: log.redact(lastLine(res.stderr || res.stdout)) });
        continue;
      }
      outcomes.push({ ref, status: 'signed' });
    }
    return outcomes;
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}

/** The key (under its own variable name, for env://) and COSIGN_PASSWORD; nothing for keyless. */
function cosignSecrets(step: SignStep, env: Record<string, string | undefined>): Record<string, string> {
  if (step.keyless || !step.keyEnv) return {};
  return { [step.keyEnv]: env[step.keyEnv] ?? '', COSIGN_PASSWORD: step.passwordEnv ? (env[step.passwordEnv] ?? '') : '' };
}
