import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/redacting-logger';
import { loginArgv } from '../release/commands';
import { ReleaseError } from '../release/release-error';
import { TMP_DIR, type ReleasePlan } from '../release/types';
import { createTempDockerConfig } from './docker-config';
import type { Runner } from './runner';

export type TagStatus = { tag: string; status: 'pushed' } | { tag: string; status: 'failed'; reason: string };

export interface ApplyResult {
  builder: 'buildx' | 'classic';
  digest: string;
  tags: TagStatus[];
}

export interface ApplyDeps {
  run: Runner;
  docker: string;
  env: Record<string, string | undefined>;
  log: Logger;
  cwd: string;
}

/** Executes a plan's steps in order. A private temp dir holds the login and scratch files. */
export async function applyPlan(plan: ReleasePlan, deps: ApplyDeps): Promise<ApplyResult> {
  const { run, docker, log, cwd } = deps;
  const temp = createTempDockerConfig(deps.env);
  const login = plan.steps.find((s) => s.kind === 'login');
  // Children get the environment minus the login password: docker reads it from stdin only.
  const baseEnv: Record<string, string | undefined> = { ...deps.env };
  if (login) {
    delete baseEnv[login.passwordEnv];
    baseEnv.DOCKER_CONFIG = temp.dir;
  }
  const result: ApplyResult = { builder: 'buildx', digest: '', tags: [] };
  const onLine = (line: string): void => log.info(`  ${line}`);
  try {
    for (const step of plan.steps) {
      if (step.kind === 'login') {
        const username = deps.env[step.usernameEnv] ?? '';
        const password = deps.env[step.passwordEnv] ?? '';
        log.addSecret(password);
        log.info(`docker login ${step.registry} (user from $${step.usernameEnv}, password from $${step.passwordEnv} on stdin)`);
        const res = await run(docker, loginArgv(step.registry, username), { env: baseEnv, input: password, cwd });
        if (res.exitCode !== 0) {
          throw new ReleaseError(
            `login to ${step.registry} failed with the credentials in ${step.usernameEnv}/${step.passwordEnv}: ${log.redact(lastLine(res.stderr))}`,
          );
        }
      } else if (step.kind === 'build') {
        result.builder = step.builder;
        const argv = step.argv.map((a) => a.split(TMP_DIR).join(temp.dir));
        log.info(`build with ${step.builder === 'buildx' ? 'docker buildx build' : 'BuildKit docker build (no buildx)'}`);
        const res = await run(docker, argv, { env: { ...baseEnv, ...step.env }, cwd, onLine });
        if (res.exitCode !== 0) throw new ReleaseError(`docker build failed (exit ${res.exitCode}); see the build output above`);
        if (step.builder === 'buildx' && plan.push) {
          result.digest = readDigest(join(temp.dir, 'build-metadata.json'));
          result.tags = plan.tags.map((tag) => ({ tag, status: 'pushed' }));
        }
      } else {
        const res = await run(docker, step.argv, { env: baseEnv, cwd, onLine });
        if (res.exitCode !== 0) {
          result.tags.push({ tag: step.tag, status: 'failed', reason: log.redact(lastLine(res.stderr || res.stdout)) });
          continue;
        }
        result.tags.push({ tag: step.tag, status: 'pushed' });
        result.digest ||= /digest: (sha256:[0-9a-f]{64})/.exec(res.stdout)?.[1] ?? '';
      }
    }
  } finally {
    temp.remove();
  }
  return result;
}

function readDigest(file: string): string {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const digest = parsed['containerimage.digest'];
  if (typeof digest !== 'string') throw new Error(`buildx metadata file has no containerimage.digest: ${file}`);
  return digest;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
