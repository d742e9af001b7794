import type { SignOptions } from './options';
import type { SignStep } from './types';

/**
 * cosign's argv for one signature, without the reference. Keyed: the key is read by cosign from
 * the environment variable (`env://NAME`), its password from COSIGN_PASSWORD (the engine sets
 * it from passwordEnv), no transparency-log upload (offline, private keys). Keyless: cosign's
 * ambient GitHub Actions OIDC token and the public Sigstore services.
 */
export function signStep(sign: SignOptions, cosign: string, images: string[]): SignStep {
  if (sign.keyless) {
    return { kind: 'sign', cosign, argv: ['sign', '--yes'], keyless: true, images };
  }
  return {
    kind: 'sign',
    cosign,
    argv: ['sign', '--yes', '--key', `env://${sign.keyEnv}`, '--tlog-upload=false'],
    keyless: false,
    keyEnv: sign.keyEnv,
    ...(sign.passwordEnv ? { passwordEnv: sign.passwordEnv } : {}),
    images,
  };
}

/** The tag cosign stores a digest's signature under (the tag-schema fallback of the referrers API). */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}
