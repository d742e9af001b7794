import type { BuildRead } from './build-registries';
import { RELAY, TMP_DIR, type Plan, type PlanStep, type PublishStep } from './types';

/**
 * The plan as the lines --dry-run prints and a real run logs before applying it; the warnings
 * last, as `warning:` lines, unless the caller logs `plan.warnings` itself (`withWarnings` false).
 */
export function formatPlan(plan: Plan, docker = 'docker', withWarnings = true): string[] {
  if (plan.kind === 'skip') return [`${plan.project}: skipped: ${plan.reason}`, ...(withWarnings ? (plan.warnings ?? []).map((w) => `warning: ${w}`) : [])];
  const lines = [`${plan.project}: release ${plan.ref || '(no ref)'} @ ${plan.sha.slice(0, 12)}, version ${plan.version || '(none)'}`];
  lines.push('tags:', ...plan.tags.map((t) => `  ${t}`));
  lines.push('labels:', ...plan.labels.map((l) => `  ${l}`));
  if (plan.annotations.length) lines.push('annotations:', ...plan.annotations.map((a) => `  ${a}`));
  if (plan.reads.length) {
    const how = (r: BuildRead): string => (r.login ? `with $${r.login.usernameEnv}/$${r.login.passwordEnv}` : "with the docker config's credentials, if it has any");
    lines.push('the build reads:', ...plan.reads.map((r) => `  ${r.registry} ${how(r)}: ${r.uses.join(', ')}`));
  }
  lines.push('commands:', ...plan.steps.map((s) => `  ${formatStep(s, docker)}`));
  if (withWarnings) lines.push(...plan.warnings.map((w) => `warning: ${w}`));
  return lines;
}

export function formatStep(step: PlanStep, docker: string): string {
  if (step.kind === 'login') {
    return `${docker} login --username=$${step.usernameEnv} --password-stdin ${step.registry}  # password from $${step.passwordEnv} on stdin`;
  }
  if (step.kind === 'publish') {
    const auth = step.credentials.map((c) => `, auth ${step.credentials.length > 1 ? `${c.registry} ` : ''}$${c.usernameEnv}/$${c.passwordEnv}`).join('');
    const reuse = step.promote && step.contentKey ? `reuse ${[step.primaryTag, ...(step.promoteCandidates ?? [])].join(' or ')} if it has content key ${step.contentKey.slice(0, 19)}…, else ` : '';
    const targets = step.targets.map((t) => `${t.image}:{${t.tags.join(',')}}`).join(' ');
    if (step.split === 'platforms') {
      return `registry API (${step.retry.attempts} attempts${auth}): BuildKit pushes ${step.platforms?.join(', ')} through a loopback relay; each published by digest, untagged, to ${targets.replace(/:\{[^}]*\}/g, '')}; digest files into ${step.digestsDir} for the merge step`;
    }
    if (step.split === 'merge') {
      return `registry API (${step.retry.attempts} attempts${auth}): ${reuse}merge this commit's digest files in ${step.digestsDir} (${step.platforms?.join(', ') || 'every platform found'}) into one index, ${attestation(step)}then tag ${targets}`;
    }
    const how = step.via === 'relay' ? 'BuildKit pushes through a loopback relay (layers the registry holds are not sent; base layers are mounted or copied), ' : 'upload the saved image once, ';
    return `registry API (${step.retry.attempts} attempts${auth}): ${reuse}${how}${attestation(step)}then tag ${targets}`;
  }
  if (step.kind === 'sign') {
    const line = [step.cosign, ...step.argv, '<image>@<digest>'].map(quote).join(' ');
    const how = step.keyless
      ? 'keyless: the GitHub Actions OIDC identity, logged in the public transparency log'
      : `key from $${step.keyEnv}${step.passwordEnv ? `, password from $${step.passwordEnv}` : ''}, no transparency log`;
    return `${line}  # ${how}; once per digest in ${step.images.join(', ')}, unless its .sig tag exists`;
  }
  const env =
    step.kind === 'build'
      ? Object.entries(step.env)
          .map(([k, v]) => `${k}=${v} `)
          .join('')
      : '';
  return `${env}${[docker, ...step.argv].map(quote).join(' ')}`.split(TMP_DIR).join('$TMPDIR').split(RELAY).join('$RELAY');
}

/** What a new image gets attested with (a promoted one keeps the attestation it has). */
function attestation(step: PublishStep): string {
  const p = step.provenance;
  if (!p) return '';
  const source = (p.externalParameters['source'] ?? {}) as { repository?: string; ref?: string; commit?: string };
  const nx = (p.externalParameters['nx'] ?? {}) as { project?: string; target?: string };
  const bases = p.baseImages.length ? `, bases ${p.baseImages.join(', ')} by digest` : '';
  return `attest SLSA provenance v1 (${p.mode}: ${source.repository || '(no repository)'} ${source.ref ?? ''} ${(source.commit ?? '').slice(0, 12)}, nx ${nx.project}:${nx.target}, builder ${p.builderId}${bases}) as an attestation manifest in the index, `;
}

/** POSIX shell quoting, for display only: commands are run as argv arrays, never through a shell. */
export function quote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./<>-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
