import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUpBackendRelease, tearDownBackendRelease } from './support/backend-setup';
import type { TestRegistry } from './support/registry';
import type { RegistryClient } from './support/registry-client';
import type { TempWorkspace } from './support/workspace';

const REPO = 'e2e/signed-svc';

interface SlsaPredicate {
  buildDefinition: { externalParameters: Record<string, unknown>; resolvedDependencies: { uri: string; digest?: { gitCommit?: string; sha256?: string } }[] };
  runDetails: { builder: { id: string } };
}

/** cosign and oras must be installed (tools/setup.sh): the tests fail, not skip, without them. */
function requireTool(name: string): void {
  const res = spawnSync(name, ['version'], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${name} is not installed (run tools/setup.sh): ${res.error?.message ?? res.stderr}`);
}

describe('provenance and cosign signatures, verified from the registry alone', () => {
  let registry: TestRegistry;
  let ws: TempWorkspace;
  let client: RegistryClient;
  let env: Record<string, string>;
  let keys: string;
  /** A docker config with this registry's login only, for the verifying tools. */
  let verifierConfig: string;
  const buildToken = `bk-secret-${Date.now()}-value`;
  const argToken = `arg-token-${Date.now()}-value`;
  let sha: string;

  beforeAll(async () => {
    requireTool('cosign');
    requireTool('oras');
    // signed-svc only: the backend (and its Go toolchain base) is not built here.
    ({ registry, ws, client, env } = await setUpBackendRelease({}, { toolchain: false }));
    keys = mkdtempSync(join(tmpdir(), 'e2e-cosign-'));
    execFileSync('cosign', ['generate-key-pair', '--output-key-prefix', join(keys, 'release')], { env: { ...process.env, COSIGN_PASSWORD: 'key-pass-e2e' }, stdio: 'ignore' });
    verifierConfig = join(keys, 'docker');
    execFileSync('mkdir', ['-p', verifierConfig]);
    writeFileSync(join(verifierConfig, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${registry.user}:${registry.password}`).toString('base64') } } }));
    env = { ...env, COSIGN_PRIVATE_KEY: readFileSync(join(keys, 'release.key'), 'utf8'), COSIGN_PASSWORD: 'key-pass-e2e', BUILD_TOKEN: buildToken };
    ws.write('services/signed-svc/Dockerfile', 'FROM scratch\nARG NPM_TOKEN\nCOPY hello.txt /hello.txt\n');
    ws.write('services/signed-svc/hello.txt', 'signed\n');
    const options = {
      images: [`${registry.host}/${REPO}`],
      tags: ['type=sha', 'type=semver,pattern={{version}}'],
      provenance: 'max',
      buildArgs: { NPM_TOKEN: argToken, FLAVOUR: 'plain' },
      secrets: { BUILD_TOKEN: 'BUILD_TOKEN' },
      sign: { keyEnv: 'COSIGN_PRIVATE_KEY', passwordEnv: 'COSIGN_PASSWORD' },
    };
    ws.write('services/signed-svc/project.json', JSON.stringify({ name: 'signed-svc', root: 'services/signed-svc', targets: { release: { executor: 'nx-docker-release:docker-release', options } } }));
    sha = ws.commit('a signed service');
  });

  afterAll(async () => {
    await tearDownBackendRelease({ registry, ws });
    rmSync(keys, { recursive: true, force: true });
  });

  const verify = (ref: string) =>
    spawnSync('cosign', ['verify', '--key', join(keys, 'release.pub'), '--insecure-ignore-tlog=true', '--allow-http-registry', ref], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_CONFIG: verifierConfig },
    });
  /** The SLSA predicate buildx reads from the registry for linux/amd64 (a single-platform index is not keyed by platform). */
  const slsaOf = (ref: string): SlsaPredicate => {
    const out = JSON.parse(
      execFileSync('docker', ['buildx', 'imagetools', 'inspect', '--format', '{{json .Provenance}}', ref], { encoding: 'utf8', env: { ...process.env, DOCKER_CONFIG: verifierConfig } }),
    ) as { SLSA?: SlsaPredicate } & Record<string, { SLSA?: SlsaPredicate }>;
    const slsa = out.SLSA ?? out['linux/amd64']?.SLSA;
    if (!slsa) throw new Error(`no SLSA provenance for ${ref}: ${JSON.stringify(out)}`);
    return slsa;
  };

  it('--dryRun shows what will be attested and signed', () => {
    const { status, output } = ws.nx(['run', 'signed-svc:release', '--dryRun'], env);
    expect(status).toBe(0);
    expect(output).toMatch(
      /attest SLSA provenance v1 \(max: https:\/\/github\.com\/kyma-project\/kyma-companion refs\/heads\/main [0-9a-f]{12}, nx signed-svc:release, builder urn:nx-docker-release:local\) as an attestation manifest in the index/,
    );
    expect(output).toContain(
      'cosign sign --yes --key env://COSIGN_PRIVATE_KEY --tlog-upload=false <image>@<digest>  # key from $COSIGN_PRIVATE_KEY, password from $COSIGN_PASSWORD, no transparency log',
    );
    expect(output).not.toContain('BEGIN ENCRYPTED');
  });

  it('a release with provenance and sign: cosign verify passes for the sha tag; the statement names commit and project and holds no secret', async () => {
    const { status, output } = ws.nx(['run', 'signed-svc:release'], env);
    expect(output).toContain('released:');
    expect(status).toBe(0);
    const tag = `${registry.host}/${REPO}:sha-${sha.slice(0, 7)}`;
    const result = JSON.parse(readFileSync(join(ws.root, 'dist/docker-release/signed-svc.json'), 'utf8'));
    expect(result.signatures).toEqual([{ ref: `${registry.host}/${REPO}@${result.digest}`, status: 'signed' }]);
    expect(result.attestations).toHaveLength(1);

    // The tag names an index: the image and its attestation manifest, in buildx's layout.
    const index = await client.manifest(REPO, `sha-${sha.slice(0, 7)}`);
    expect(index.digest).toBe(result.digest);
    const entries = index.body.manifests as { digest: string; platform: { os: string }; annotations?: Record<string, string> }[];
    expect(entries.map((e) => e.platform.os)).toEqual(['linux', 'unknown']);
    expect(entries[1]?.annotations).toEqual({ 'vnd.docker.reference.digest': entries[0]?.digest, 'vnd.docker.reference.type': 'attestation-manifest' });

    const verified = verify(tag);
    expect(verified.stderr).toContain('The signatures were verified against the specified public key');
    expect(verified.status).toBe(0);

    const slsa = slsaOf(tag);
    expect(slsa.buildDefinition.externalParameters).toMatchObject({
      source: { commit: sha, ref: 'refs/heads/main' },
      nx: { project: 'signed-svc', target: 'release' },
      buildArgs: { FLAVOUR: 'plain', NPM_TOKEN: '(left out: a secret-looking name)' },
      secrets: ['BUILD_TOKEN'],
    });
    expect(slsa.buildDefinition.resolvedDependencies[0]?.digest?.gitCommit).toBe(sha);
    const everything = JSON.stringify(slsa) + (await client.blobs(REPO, `sha-${sha.slice(0, 7)}`)).map((b) => b.toString('latin1')).join('');
    for (const secret of [buildToken, argToken, registry.password, 'key-pass-e2e', 'ENCRYPTED SIGSTORE PRIVATE KEY']) expect(everything).not.toContain(secret);
    for (const secret of [buildToken, registry.password, 'key-pass-e2e']) expect(output).not.toContain(secret);
  });

  it('a promoted version tag: same digest, verified, its statement intact; no second signature is made', async () => {
    const first = await client.manifest(REPO, `sha-${sha.slice(0, 7)}`);
    const { status, output } = ws.nx(['run', 'signed-svc:release', '--ref=refs/tags/1.4.0'], env);
    expect(output).toContain('promote:');
    expect(status).toBe(0);
    expect((await client.manifest(REPO, '1.4.0')).digest).toBe(first.digest);
    const result = JSON.parse(readFileSync(join(ws.root, 'dist/docker-release/signed-svc.json'), 'utf8'));
    expect(result.signatures).toEqual([{ ref: `${registry.host}/${REPO}@${first.digest}`, status: 'already-signed' }]);
    // The promoted index still holds its attestation, and the result says so.
    expect(result.attestations).toEqual([
      { platform: 'linux/amd64', subject: (first.body.manifests as { digest: string }[])[0]?.digest, digest: (first.body.manifests as { digest: string }[])[1]?.digest },
    ]);
    expect(verify(`${registry.host}/${REPO}:1.4.0`).status).toBe(0);
    expect(slsaOf(`${registry.host}/${REPO}:1.4.0`).buildDefinition.externalParameters['source']).toMatchObject({ commit: sha });
  });

  it('provenance: false attaches nothing (a plain image manifest); a version tag pointed at another digest fails verification', async () => {
    ws.write('services/signed-svc/hello.txt', 'unattested\n');
    const next = ws.commit('an unattested build');
    const { status } = ws.nx(['run', 'signed-svc:release', '--provenance=false'], env);
    expect(status).toBe(0);
    const plain = await client.manifest(REPO, `sha-${next.slice(0, 7)}`);
    expect(plain.mediaType).toMatch(/^application\/vnd\.(oci\.image\.manifest\.v1|docker\.distribution\.manifest\.v2)\+json$/);
    expect(plain.body.manifests).toBeUndefined();
    // oras sees no referrer or attestation either: the manifest alone.
    const fetched = execFileSync('oras', ['manifest', 'fetch', '--plain-http', '--registry-config', join(verifierConfig, 'config.json'), `${registry.host}/${REPO}:sha-${next.slice(0, 7)}`], {
      encoding: 'utf8',
    });
    expect(JSON.parse(fetched).layers).toHaveLength(1);

    // Tamper: the signed version tag now points at another digest: the image inside the signed
    // index, without its attestation (in the registry, never signed itself).
    const signed = await client.manifest(REPO, '1.4.0');
    const inner = (signed.body.manifests as { digest: string }[])[0]?.digest ?? '';
    execFileSync('oras', ['tag', '--plain-http', '--registry-config', join(verifierConfig, 'config.json'), `${registry.host}/${REPO}@${inner}`, '1.4.0']);
    expect((await client.manifest(REPO, '1.4.0')).digest).toBe(inner);
    const tampered = verify(`${registry.host}/${REPO}:1.4.0`);
    expect(tampered.status).not.toBe(0);
    expect(tampered.stderr).toMatch(/no signatures found|no matching signatures/);
  });
});
