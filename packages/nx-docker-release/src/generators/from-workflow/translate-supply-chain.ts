import { parseInputList } from '../../metadata';
import { resolveExpression } from './expressions';
import type { WorkflowStep } from './read-workflow';
import { resolvedValue, type Translation } from './translation';

const NO_SBOM =
  'the target attaches no SBOM (it attaches SLSA provenance naming the base images by digest); ' +
  'generate one after the release from the pushed digest, e.g. syft <image>@<digest> -o spdx-json, and attach it with cosign attest --type spdxjson';

/**
 * build-push-action's `provenance` (`true`, `false`, `mode=min|max`), `sbom` and `attests` inputs
 * as the executor's `provenance` option. https://docs.docker.com/build/ci/github-actions/attestations/
 */
export function translateAttestation(step: WorkflowStep, key: 'provenance' | 'sbom' | 'attests', t: Translation): void {
  if (key === 'attests') {
    for (const entry of parseInputList(step.with[key] ?? '')) {
      const attrs = entry.split(',').map((a) => a.trim());
      if (attrs.includes('type=sbom')) noSbom(step, t);
      else if (attrs.includes('type=provenance')) provenance(step, attrs.filter((a) => a !== 'type=provenance').join(',') || 'true', 'attests', t);
      else t.untranslated.push(`${step.label}: attests: "${entry}" is not an SBOM or provenance attestation; left out`);
    }
    return;
  }
  const value = resolvedValue(step, key, t);
  if (value === undefined) return;
  if (key === 'provenance') provenance(step, value, key, t);
  else if (value !== 'false') noSbom(step, t);
}

function provenance(step: WorkflowStep, value: string, key: string, t: Translation): void {
  const attrs = Object.fromEntries(
    value
      .split(',')
      .map((a) => a.trim().split('='))
      .map(([k, v]) => [k!, v ?? '']),
  );
  if (value === 'false') {
    t.options.provenance = false;
    return;
  }
  const mode = value === 'true' ? 'min' : attrs['mode'];
  if (mode !== 'min' && mode !== 'max') {
    t.untranslated.push(`${step.label}: ${key}: "${value}" is not true, false or mode=min|max; the target attaches min provenance`);
    return;
  }
  // min is the executor's default: nothing to write.
  if (mode === 'max') t.options.provenance = 'max';
  const other = Object.keys(attrs).filter((k) => k !== 'mode' && value !== 'true');
  if (other.length) t.untranslated.push(`${step.label}: ${key}: ${other.join(', ')} not supported (the plugin writes the statement itself); left out`);
}

function noSbom(step: WorkflowStep, t: Translation): void {
  t.untranslated.push(`${step.label}: sbom: ${NO_SBOM}`);
}

/** `sigstore/cosign-installer`: the executor runs cosign from PATH, so CI keeps installing it. */
export const COSIGN_INSTALLER = 'sigstore/cosign-installer';

/**
 * A `run:` step that calls `cosign sign` becomes `sign`: keyed when it passes `--key` from an
 * environment variable or secret (`env://NAME`, `${{ secrets.X }}`), keyless otherwise. Other
 * cosign commands (attest, verify) are reported. True when the step was a cosign step.
 */
export function translateCosignStep(step: WorkflowStep, permissions: string[], t: Translation): boolean {
  const script = step.run ?? '';
  if (!/(^|[\s;&|(])cosign\s/m.test(script)) return false;
  const commands = [...script.matchAll(/(?:^|[\s;&|(])cosign\s+([a-z-]+)/gm)].map((m) => m[1]!);
  for (const other of new Set(commands.filter((c) => c !== 'sign'))) {
    t.untranslated.push(`${step.label}: cosign ${other}: the target only signs (sign option); keep this step in CI if it is still needed`);
  }
  if (!commands.includes('sign')) return true;
  const key = /--key(?:=|\s+)("?)([^\s"]+)\1/.exec(script)?.[2];
  if (key === undefined) {
    t.options.sign = { keyless: true };
    const granted = permissions.includes('id-token: write');
    t.warnings.push(
      `${step.label}: cosign sign without --key is keyless signing: sign: { keyless: true } (the workflow running the release needs "permissions: id-token: write"` +
        `${granted ? ', which this one had' : ', which this one did not grant'}; signatures go to the public Sigstore transparency log)`,
    );
    return true;
  }
  const keyEnv = keyVariable(key, step);
  if (keyEnv === undefined) {
    t.untranslated.push(`${step.label}: cosign sign --key ${key}: the target reads the key from an environment variable; put the PEM key in one and set sign.keyEnv`);
    return true;
  }
  const passwordEnv = passwordVariable(step);
  t.options.sign = { keyEnv, ...(passwordEnv ? { passwordEnv } : {}) };
  t.warnings.push(
    `${step.label}: cosign sign --key becomes sign: { keyEnv: ${keyEnv}${passwordEnv ? `, passwordEnv: ${passwordEnv}` : ''} }: every pushed digest is signed once, ` +
      'without a transparency-log upload (--tlog-upload=false); verify with cosign verify --key <public key> --insecure-ignore-tlog',
  );
  return true;
}

/** `env://NAME` whose step env holds `${{ secrets.X }}` -> X (the variable CI must set); a direct secret -> its name. */
function keyVariable(key: string, step: WorkflowStep): string | undefined {
  const env = /^env:\/\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(key)?.[1];
  if (env !== undefined) return secretBehind(step.env[env]) ?? env;
  const shell = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(key)?.[1];
  if (shell !== undefined) return undefined; // the key's file path or text in a shell variable
  const resolved = resolveExpression(key, step);
  return resolved.kind === 'secret' ? resolved.name : undefined;
}

function passwordVariable(step: WorkflowStep): string | undefined {
  const raw = step.env['COSIGN_PASSWORD'];
  return raw === undefined ? undefined : (secretBehind(raw) ?? 'COSIGN_PASSWORD');
}

function secretBehind(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const resolved = resolveExpression(raw, { scope: { values: {} } });
  return resolved.kind === 'secret' ? resolved.name : undefined;
}
