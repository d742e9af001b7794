import { gunzipSync } from 'node:zlib';

/** Reads what landed in the registry through its HTTP API (never through the executor's output). */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export class RegistryClient {
  constructor(
    private readonly host: string,
    private readonly user: string,
    private readonly password: string,
  ) {}

  private headers(accept?: string): Record<string, string> {
    const auth = Buffer.from(`${this.user}:${this.password}`).toString('base64');
    return { Authorization: `Basic ${auth}`, ...(accept ? { Accept: accept } : {}) };
  }

  async tags(repo: string): Promise<string[]> {
    const res = await fetch(`http://${this.host}/v2/${repo}/tags/list`, { headers: this.headers() });
    if (res.status === 404) return [];
    if (!res.ok) throw new Error(`tags/list ${repo}: HTTP ${res.status}`);
    const body = (await res.json()) as { tags: string[] | null };
    return (body.tags ?? []).sort();
  }

  /** The manifest a tag points at, with the digest the registry reports for it. */
  async manifest(repo: string, ref: string): Promise<{ digest: string; mediaType: string; body: Record<string, unknown> }> {
    const res = await fetch(`http://${this.host}/v2/${repo}/manifests/${ref}`, { headers: this.headers(MANIFEST_TYPES) });
    if (!res.ok) throw new Error(`manifest ${repo}:${ref}: HTTP ${res.status}`);
    return {
      digest: res.headers.get('docker-content-digest') ?? '',
      mediaType: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  /** The image manifest of a tag: itself, or an index's linux/amd64 entry (attestation manifests skipped). */
  async image(repo: string, ref: string): Promise<{ digest: string; body: Record<string, unknown> }> {
    const found = await this.manifest(repo, ref);
    if (!Array.isArray(found.body.manifests)) return found;
    const entries = found.body.manifests as { digest: string; platform?: { os?: string; architecture?: string } }[];
    const image = entries.find((m) => m.platform?.os !== 'unknown' && m.platform?.architecture === 'amd64') ?? entries[0];
    if (!image) throw new Error(`${repo}:${ref}: an empty index`);
    return this.manifest(repo, image.digest);
  }

  /** The in-toto statements of a tag's attestation manifests (buildx's layout), parsed. */
  async statements(repo: string, ref: string): Promise<Record<string, unknown>[]> {
    const { body } = await this.manifest(repo, ref);
    const entries = (body.manifests ?? []) as { digest: string; annotations?: Record<string, string> }[];
    const out: Record<string, unknown>[] = [];
    for (const entry of entries.filter((e) => e.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')) {
      const layers = (await this.manifest(repo, entry.digest)).body.layers as { digest: string }[];
      for (const layer of layers) {
        const res = await fetch(`http://${this.host}/v2/${repo}/blobs/${layer.digest}`, { headers: this.headers() });
        out.push((await res.json()) as Record<string, unknown>);
      }
    }
    return out;
  }

  /** The image config (labels, history) of a tag, following an index to its linux/amd64 entry. */
  async config(repo: string, ref: string): Promise<{ labels: Record<string, string>; raw: string }> {
    let { body } = await this.manifest(repo, ref);
    if (Array.isArray(body.manifests)) {
      const entries = body.manifests as { digest: string; platform?: { architecture?: string } }[];
      const image = entries.find((m) => m.platform?.architecture === 'amd64') ?? entries[0];
      body = (await this.manifest(repo, image.digest)).body;
    }
    const configDigest = (body.config as { digest: string }).digest;
    const res = await fetch(`http://${this.host}/v2/${repo}/blobs/${configDigest}`, { headers: this.headers() });
    const raw = await res.text();
    const parsed = JSON.parse(raw) as { config?: { Labels?: Record<string, string> } };
    return { labels: parsed.config?.Labels ?? {}, raw };
  }

  /**
   * Every blob of a tag's image (config and layers; for an index, of every manifest in it, the
   * attestations included), decompressed, to search for leaked secrets.
   */
  async blobs(repo: string, ref: string): Promise<Buffer[]> {
    const { body } = await this.manifest(repo, ref);
    if (Array.isArray(body.manifests)) {
      const children = await Promise.all((body.manifests as { digest: string }[]).map((m) => this.blobs(repo, m.digest)));
      return children.flat();
    }
    const digests = [(body.config as { digest: string }).digest, ...((body.layers as { digest: string }[]) ?? []).map((l) => l.digest)];
    return Promise.all(
      digests.map(async (d) => {
        const res = await fetch(`http://${this.host}/v2/${repo}/blobs/${d}`, { headers: this.headers() });
        const blob = Buffer.from(await res.arrayBuffer());
        // Layers are gzipped tarballs: search their content, not the compressed bytes.
        return blob[0] === 0x1f && blob[1] === 0x8b ? gunzipSync(blob) : blob;
      }),
    );
  }
}
