/**
 * Names that carry credentials: a build arg so named ends up in the image history, so the
 * executor warns, the generators turn it away (configuration) or into a BuildKit secret
 * (from-workflow), and provenance leaves its value out. Matches TOKEN anywhere (NPM_TOKEN_FILE),
 * private keys (SSH_PRIVATE_KEY) and PAT only as a word (GH_PAT, not COMPAT).
 */
export const SECRET_LOOKING = /(TOKEN|PASSW(OR)?D|SECRET|API_?KEY|CREDENTIAL|PRIVATE_?KEY|(^|_)PAT$)/i;
