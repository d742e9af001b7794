import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loginArgv } from '../release/commands';
import { ReleaseError } from '../release/release-error';
import type { AppliedRelease, TagOutcome } from '../release/result';
import type { LoginStep, ReleasePlan } from '../release/types';
import { runBuild, stepsOf, type ApplySession } from './apply-session';
import { lastLine } from './runner';

/**
 * pushMode "docker" (and push: false): `docker login` per registry (the password on stdin), the
 * planned build (buildx pushes every tag itself), then with the classic builder `docker push`
 * per tag, each with its own outcome.
 */
export async function pushWithDocker(plan: ReleasePlan, s: ApplySession): Promise<AppliedRelease> {
  const timings: string[] = [];
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    const value = await work();
    timings.push(`${name} ${Date.now() - start} ms`);
    return value;
  };
  for (const login of stepsOf(plan, 'login')) await timed('login', () => dockerLogin(login, s));
  const [build] = stepsOf(plan, 'build');
  if (!build) throw new Error('a docker push plan without a build step');
  await timed('build', () => runBuild(build, s));
  const source = plan.push ? 'docker-push' : 'build-only';
  let digest = '';
  const tags: TagOutcome[] = [];
  if (build.builder === 'buildx' && plan.push) {
    digest = readDigest(join(s.scratch, 'build-metadata.json'));
    tags.push(...plan.tags.map((tag) => ({ tag, status: 'pushed' as const })));
  }
  for (const push of stepsOf(plan, 'push')) {
    const res = await timed('push', () => s.run(s.docker, push.argv, { env: s.childEnv, cwd: s.cwd, onLine: (line) => s.log.info(`  ${line}`) }));
    if (res.exitCode !== 0) {
      tags.push({ tag: push.tag, status: 'failed', reason: s.log.redact(lastLine(res.stderr || res.stdout)) });
      continue;
    }
    tags.push({ tag: push.tag, status: 'pushed' });
    digest ||= /digest: (sha256:[0-9a-f]{64})/.exec(res.stdout)?.[1] ?? '';
  }
  s.log.info(`steps: ${timings.join(', ')}`);
  return { builder: build.builder, source, digest, tags };
}

async function dockerLogin(step: LoginStep, s: ApplySession): Promise<void> {
  const password = s.env[step.passwordEnv] ?? '';
  s.log.addSecret(password);
  s.log.info(`docker login ${step.registry} (user from $${step.usernameEnv}, password from $${step.passwordEnv} on stdin)`);
  const res = await s.run(s.docker, loginArgv(step.registry, s.env[step.usernameEnv] ?? ''), { env: s.childEnv, input: password, cwd: s.cwd });
  if (res.exitCode !== 0) {
    throw new ReleaseError(`login to ${step.registry} failed with the credentials in ${step.usernameEnv}/${step.passwordEnv}: ${s.log.redact(lastLine(res.stderr))}`);
  }
}

function readDigest(file: string): string {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const digest = parsed['containerimage.digest'];
  if (typeof digest !== 'string') throw new Error(`buildx metadata file has no containerimage.digest: ${file}`);
  return digest;
}
