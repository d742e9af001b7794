import { createHash } from 'node:crypto';
import { CONTENT_KEY_LABEL, type PublishStep } from '../release/types';
import { findReusable, type ClientFactory } from './publish';
import type { Manifest, RegistryClient } from './registry-client';
import { publishStep } from '../../spec-support/publish-step';

const REPO = 'org/api';
const digestOf = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A registry holding tagged images whose configs carry the given labels; nothing else answers. */
function fakeRegistry(images: Record<string, Record<string, string>>): { clients: ClientFactory; asked: string[] } {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, Manifest>();
  for (const [tag, labels] of Object.entries(images)) {
    const config = Buffer.from(JSON.stringify({ config: { Labels: labels } }));
    blobs.set(digestOf(config), config);
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, config: { digest: digestOf(config) }, layers: [] }));
    manifests.set(tag, { digest: digestOf(bytes), mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes });
  }
  const asked: string[] = [];
  const client = {
    getManifest: async (_repo: string, ref: string) => (asked.push(ref), manifests.get(ref) ?? null),
    getBlob: async (_repo: string, digest: string) => blobs.get(digest) ?? Buffer.alloc(0),
  } as unknown as RegistryClient;
  return { clients: () => client, asked };
}

function step(extra: Partial<PublishStep> = {}): PublishStep {
  return publishStep({
    via: 'save',
    targets: [{ image: `reg.example/${REPO}`, registry: 'reg.example', repository: REPO, tags: ['1.0.1', 'sha-bbbbbbb'] }],
    primaryTag: 'sha-bbbbbbb',
    contentKey: 'sha256:key',
    ...extra,
  } as Partial<PublishStep>);
}

describe('findReusable', () => {
  it('promotes the image of a promoteFrom commit when the commit itself has none, and says where it came from', async () => {
    const { clients, asked } = fakeRegistry({ 'sha-aaaaaaa': { [CONTENT_KEY_LABEL]: 'sha256:key', version: 'x' } });
    const found = await findReusable(step({ promoteCandidates: ['sha-aaaaaaa'] }), clients);
    expect(found).toMatchObject({ ref: `reg.example/${REPO}:sha-aaaaaaa`, source: 'promoted', labels: { version: 'x' } });
    expect(asked).toEqual(['sha-bbbbbbb', 'sha-aaaaaaa']);
  });

  it('the commit own image comes first; another content key is never reused', async () => {
    const { clients } = fakeRegistry({ 'sha-bbbbbbb': { [CONTENT_KEY_LABEL]: 'sha256:key' }, 'sha-aaaaaaa': { [CONTENT_KEY_LABEL]: 'sha256:key' } });
    expect((await findReusable(step({ promoteCandidates: ['sha-aaaaaaa'] }), clients))?.ref).toBe(`reg.example/${REPO}:sha-bbbbbbb`);
    const other = fakeRegistry({ 'sha-aaaaaaa': { [CONTENT_KEY_LABEL]: 'sha256:other' } });
    expect(await findReusable(step({ promoteCandidates: ['sha-aaaaaaa'] }), other.clients)).toBeNull();
  });

  it('promote: false or no content key asks the registry nothing', async () => {
    const { clients, asked } = fakeRegistry({ 'sha-bbbbbbb': { [CONTENT_KEY_LABEL]: 'sha256:key' } });
    expect(await findReusable(step({ promote: false }), clients)).toBeNull();
    expect(await findReusable(step({ contentKey: undefined }), clients)).toBeNull();
    expect(asked).toEqual([]);
  });

  it('skipUnchanged: a planned tag with the same key is "unchanged", after the promotable ones', async () => {
    const { clients, asked } = fakeRegistry({ '1.0.1': { [CONTENT_KEY_LABEL]: 'sha256:key' } });
    expect(await findReusable(step({ skipUnchanged: true, promoteCandidates: ['sha-aaaaaaa'] }), clients)).toMatchObject({ source: 'unchanged' });
    expect(asked).toEqual(['sha-bbbbbbb', 'sha-aaaaaaa', '1.0.1']);
  });
});
