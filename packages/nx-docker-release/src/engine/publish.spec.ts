import { createLogger } from '../log/redacting-logger';
import { CONTENT_KEY_LABEL, type PublishStep } from '../release/types';
import { cancel, resetCancellation } from './cancellation';
import type { CommitRelation } from '../release/tag-order';
import { applyTags, findReusable, type TagContext } from './publish';
import { MemoryRegistry } from '../../spec-support/memory-registry';
import { publishStep } from '../../spec-support/publish-step';

const REPO = 'org/api';
const IMAGE = `reg.example/${REPO}`;

function step(extra: Partial<PublishStep> = {}): PublishStep {
  return publishStep({
    via: 'save',
    targets: [{ image: IMAGE, registry: 'reg.example', repository: REPO, tags: ['1.0.1', 'sha-bbbbbbb'] }],
    primaryTag: 'sha-bbbbbbb',
    contentKey: 'sha256:key',
    ...extra,
  } as Partial<PublishStep>);
}

/** A registry holding tagged images whose configs carry the given labels. */
function registryWith(images: Record<string, Record<string, string>>): MemoryRegistry {
  const registry = new MemoryRegistry();
  for (const [tag, labels] of Object.entries(images)) registry.seedImage(REPO, tag, labels);
  return registry;
}

describe('findReusable', () => {
  it('promotes the image of a promoteFrom commit when the commit itself has none, and says where it came from', async () => {
    const registry = registryWith({ 'sha-aaaaaaa': { [CONTENT_KEY_LABEL]: 'sha256:key', version: 'x' } });
    const found = await findReusable(step({ promoteCandidates: ['sha-aaaaaaa'] }), () => registry);
    expect(found).toMatchObject({ ref: `${IMAGE}:sha-aaaaaaa`, source: 'promoted', labels: { version: 'x' } });
    expect(registry.reads).toEqual(['sha-bbbbbbb', 'sha-aaaaaaa']);
  });

  it('the commit own image comes first; another content key is never reused', async () => {
    const both = registryWith({ 'sha-bbbbbbb': { [CONTENT_KEY_LABEL]: 'sha256:key' }, 'sha-aaaaaaa': { [CONTENT_KEY_LABEL]: 'sha256:key' } });
    expect((await findReusable(step({ promoteCandidates: ['sha-aaaaaaa'] }), () => both))?.ref).toBe(`${IMAGE}:sha-bbbbbbb`);
    const other = registryWith({ 'sha-aaaaaaa': { [CONTENT_KEY_LABEL]: 'sha256:other' } });
    expect(await findReusable(step({ promoteCandidates: ['sha-aaaaaaa'] }), () => other)).toBeNull();
  });

  it('promote: false or no content key asks the registry nothing', async () => {
    const registry = registryWith({ 'sha-bbbbbbb': { [CONTENT_KEY_LABEL]: 'sha256:key' } });
    expect(await findReusable(step({ promote: false }), () => registry)).toBeNull();
    expect(await findReusable(step({ contentKey: undefined }), () => registry)).toBeNull();
    expect(registry.reads).toEqual([]);
  });

  it('skipUnchanged: a planned tag with the same key is "unchanged", after the promotable ones', async () => {
    const registry = registryWith({ '1.0.1': { [CONTENT_KEY_LABEL]: 'sha256:key' } });
    expect(await findReusable(step({ skipUnchanged: true, promoteCandidates: ['sha-aaaaaaa'] }), () => registry)).toMatchObject({ source: 'unchanged' });
    expect(registry.reads).toEqual(['sha-bbbbbbb', 'sha-aaaaaaa', '1.0.1']);
  });

  it('an image found in the first registry is reused only if every other target holds it too', async () => {
    const first = registryWith({ 'sha-bbbbbbb': { [CONTENT_KEY_LABEL]: 'sha256:key' } });
    const second = new MemoryRegistry();
    const targets = [...step().targets, { image: 'mirror.example/org/api', registry: 'mirror.example', repository: REPO, tags: ['sha-bbbbbbb'] }];
    const clients = (registry: string): MemoryRegistry => (registry === 'reg.example' ? first : second);
    expect(await findReusable(step({ targets }), clients)).toBeNull();
    const manifest = await first.getManifest(REPO, 'sha-bbbbbbb');
    if (manifest) await second.putManifest(REPO, 'sha-bbbbbbb', manifest);
    expect(await findReusable(step({ targets }), clients)).toMatchObject({ source: 'promoted' });
  });
});

describe('applyTags', () => {
  const log = createLogger(() => undefined);
  const ctx: TagContext = { log };
  const tagsOf = (outcomes: { tag: string; status: string; reason?: string }[]): string[] => outcomes.map((o) => `${o.tag.slice(IMAGE.length + 1)} ${o.status}`);

  it('puts the immutable reference first on each target, then the other tags; a tag already there is not written', async () => {
    const registry = registryWith({ older: { a: '1' } });
    const image = registry.seedImage(REPO, 'latest', { [CONTENT_KEY_LABEL]: 'sha256:key' });
    const targets = [{ image: IMAGE, registry: 'reg.example', repository: REPO, tags: ['1.0.1', 'latest', 'sha-bbbbbbb'] }];
    const { outcomes } = await applyTags(step({ targets }), image, () => registry, ctx);
    expect(outcomes).toEqual([
      { tag: `${IMAGE}:sha-bbbbbbb`, status: 'pushed' },
      { tag: `${IMAGE}:1.0.1`, status: 'pushed' },
      { tag: `${IMAGE}:latest`, status: 'already-present' },
    ]);
    expect(registry.writes[0]).toBe(`manifest ${REPO}:sha-bbbbbbb`);
    expect(registry.writes).toHaveLength(2);
  });

  it('immutableTags guards version tags only: latest and branch tags still move', async () => {
    const registry = registryWith({ '1.0.1': { old: 'yes' }, latest: { old: 'yes' }, v2: { old: 'yes' } });
    const image = registry.seedImage(REPO, 'sha-bbbbbbb', { [CONTENT_KEY_LABEL]: 'sha256:key' });
    const targets = [{ image: IMAGE, registry: 'reg.example', repository: REPO, tags: ['sha-bbbbbbb', '1.0.1', 'v2', 'latest'] }];
    const { outcomes } = await applyTags(step({ targets, immutableTags: true }), image, () => registry, ctx);
    expect(outcomes.map((o) => `${o.tag.slice(IMAGE.length + 1)} ${o.status}`)).toEqual(['sha-bbbbbbb already-present', '1.0.1 failed', 'v2 failed', 'latest pushed']);
    const without = (await applyTags(step({ targets }), image, () => registry, ctx)).outcomes;
    expect(without.filter((o) => o.status === 'failed')).toEqual([]);
  });

  it('a failed immutable reference puts no other tag: latest never names an image no sha- tag holds', async () => {
    const registry = new MemoryRegistry();
    const image = registry.seedImage(REPO, 'elsewhere', { [CONTENT_KEY_LABEL]: 'sha256:key' });
    registry.refuse = (_repo, tag) => (tag === 'sha-bbbbbbb' ? new Error('HTTP 500 on the manifest PUT') : undefined);
    const targets = [{ image: IMAGE, registry: 'reg.example', repository: REPO, tags: ['sha-bbbbbbb', 'latest', '1.0.1'] }];
    const { outcomes } = await applyTags(step({ targets }), image, () => registry, ctx);
    expect(outcomes).toEqual([
      { tag: `${IMAGE}:sha-bbbbbbb`, status: 'failed', reason: 'HTTP 500 on the manifest PUT' },
      { tag: `${IMAGE}:latest`, status: 'failed', reason: `not put: ${IMAGE}:sha-bbbbbbb failed first` },
      { tag: `${IMAGE}:1.0.1`, status: 'failed', reason: `not put: ${IMAGE}:sha-bbbbbbb failed first` },
    ]);
    expect(registry.writes).toEqual([]);
  });

  it('a cancelled run puts no tag', async () => {
    const registry = new MemoryRegistry();
    const image = registry.seedImage(REPO, 'elsewhere', { [CONTENT_KEY_LABEL]: 'sha256:key' });
    const targets = [{ image: IMAGE, registry: 'reg.example', repository: REPO, tags: ['sha-bbbbbbb', 'latest'] }];
    cancel('the Nx process went away');
    try {
      await expect(applyTags(step({ targets }), image, () => registry, ctx)).rejects.toThrow('cancelled: the Nx process went away; no tag was put after that');
    } finally {
      resetCancellation();
    }
    expect(registry.writes).toEqual([]);
  });

  it('the tag the image was found under needs no second look-up', async () => {
    const registry = new MemoryRegistry();
    const image = registry.seedImage(REPO, 'sha-aaaaaaa', { [CONTENT_KEY_LABEL]: 'sha256:key' });
    const targets = [{ image: IMAGE, registry: 'reg.example', repository: REPO, tags: ['sha-aaaaaaa', 'latest'] }];
    const { outcomes } = await applyTags(step({ targets, primaryTag: 'sha-aaaaaaa' }), image, () => registry, { log, reusedFrom: `${IMAGE}:sha-aaaaaaa` });
    expect(outcomes[0]).toEqual({ tag: `${IMAGE}:sha-aaaaaaa`, status: 'already-present' });
    // Looked up before the PUT: latest only; then read back: the reference (before the rest), and every tag.
    expect(registry.reads.filter((r) => r === 'latest')).toHaveLength(2);
    expect(registry.reads.filter((r) => r === 'sha-aaaaaaa')).toHaveLength(3);
  });

  describe('two runs of one commit, and floating tags', () => {
    const KEY = { [CONTENT_KEY_LABEL]: 'sha256:key' };
    const targets = [{ image: IMAGE, registry: 'reg.example', repository: REPO, tags: ['sha-bbbbbbb', '1.0.1', 'latest'] }];

    it("another run put the commit's reference first, with the same content key: its image is adopted, every tag names it", async () => {
      const registry = new MemoryRegistry();
      const theirs = registry.seedImage(REPO, 'sha-bbbbbbb', { ...KEY, run: 'first' });
      const mine = registry.seedImage(REPO, 'untagged', { ...KEY, run: 'second' });
      const tagged = await applyTags(step({ targets }), mine, () => registry, ctx);
      expect(tagged.manifest.digest).toBe(theirs.digest);
      expect(tagged.adopted).toEqual({ ref: `${IMAGE}:sha-bbbbbbb`, labels: { ...KEY, run: 'first' } });
      expect(tagsOf(tagged.outcomes)).toEqual(['sha-bbbbbbb already-present', '1.0.1 pushed', 'latest pushed']);
      for (const tag of ['sha-bbbbbbb', '1.0.1', 'latest']) expect((await registry.getManifest(REPO, tag))?.digest).toBe(theirs.digest);
    });

    it("another content key under the reference is not adopted: the reference moves to this run's image", async () => {
      const registry = new MemoryRegistry();
      registry.seedImage(REPO, 'sha-bbbbbbb', { [CONTENT_KEY_LABEL]: 'sha256:other' });
      const mine = registry.seedImage(REPO, 'untagged', KEY);
      const tagged = await applyTags(step({ targets }), mine, () => registry, ctx);
      expect(tagged.adopted).toBeUndefined();
      expect(tagsOf(tagged.outcomes)).toEqual(['sha-bbbbbbb pushed', '1.0.1 pushed', 'latest pushed']);
    });

    it('both runs put the reference; the one whose PUT lost reads it back and adopts the winner before any other tag', async () => {
      const registry = new MemoryRegistry();
      const mine = registry.seedImage(REPO, 'untagged-1', { ...KEY, run: 'this' });
      const stash = new MemoryRegistry();
      const theirs = stash.seedImage(REPO, 'x', { ...KEY, run: 'other' });
      registry.afterPut = (repo, tag) => {
        registry.afterPut = undefined;
        if (tag === 'sha-bbbbbbb') registry.seedImage(repo, tag, { ...KEY, run: 'other' });
      };
      const tagged = await applyTags(step({ targets }), mine, () => registry, ctx);
      expect(tagged.manifest.digest).toBe(theirs.digest);
      expect(tagged.adopted?.labels.run).toBe('other');
      expect(tagged.outcomes.every((o) => o.status !== 'failed')).toBe(true);
      expect((await registry.getManifest(REPO, 'latest'))?.digest).toBe(theirs.digest);
    });

    it('a tag another run moved after this run put it fails, naming what it holds now', async () => {
      const registry = new MemoryRegistry();
      const mine = registry.seedImage(REPO, 'untagged', KEY);
      let moved = '';
      registry.afterPut = (repo, tag) => {
        if (tag === 'latest') moved = registry.seedImage(repo, tag, { [CONTENT_KEY_LABEL]: 'sha256:newer' }).digest;
      };
      const { outcomes } = await applyTags(step({ targets }), mine, () => registry, ctx);
      expect(outcomes.find((o) => o.tag.endsWith(':latest'))).toEqual({ tag: `${IMAGE}:latest`, status: 'failed', reason: `moved-by-another-run: ${IMAGE}:latest now holds ${moved}` });
      expect(tagsOf(outcomes).slice(0, 2)).toEqual(['sha-bbbbbbb pushed', '1.0.1 pushed']);
    });

    it('immutableTags: a version tag holding another build of this commit is adopted, so a rerun repairs instead of failing forever', async () => {
      const registry = new MemoryRegistry();
      const version = registry.seedImage(REPO, '1.0.1', { ...KEY, run: 'first' });
      const reference = registry.seedImage(REPO, 'sha-bbbbbbb', { ...KEY, run: 'second' });
      const tagged = await applyTags(step({ targets, immutableTags: true }), reference, () => registry, { log, reusedFrom: `${IMAGE}:sha-bbbbbbb` });
      expect(tagged.manifest.digest).toBe(version.digest);
      expect(tagsOf(tagged.outcomes)).toEqual(['sha-bbbbbbb pushed', '1.0.1 already-present', 'latest pushed']);
      expect((await registry.getManifest(REPO, 'sha-bbbbbbb'))?.digest).toBe(version.digest);
    });

    it("a floating tag holding a later commit's image is kept and reported skipped; rewindFloatingTags moves it", async () => {
      const later = 'c'.repeat(40);
      const asked: string[] = [];
      const relation = async (ours: string, theirs: string): Promise<CommitRelation> => {
        asked.push(`${ours.slice(0, 1)}->${theirs.slice(0, 1)}`);
        return theirs === later ? 'theirs-newer' : 'theirs-older';
      };
      const order = { sha: 'b'.repeat(40), created: '2026-12-07T10:00:00Z', relation };
      const registry = new MemoryRegistry();
      const newer = registry.seedImage(REPO, 'latest', { 'org.opencontainers.image.revision': later });
      const mine = registry.seedImage(REPO, 'untagged', KEY);
      const { outcomes } = await applyTags(step({ targets }), mine, () => registry, { log, order });
      expect(outcomes.find((o) => o.tag.endsWith(':latest'))).toEqual({
        tag: `${IMAGE}:latest`,
        status: 'skipped',
        reason: expect.stringMatching(/^kept: latest holds an image of cccccccccccc, a later commit than bbbbbbbbbbbb/),
      });
      expect((await registry.getManifest(REPO, 'latest'))?.digest).toBe(newer.digest);
      expect(asked).toEqual(['b->c']);
      const forced = await applyTags(step({ targets, rewindFloatingTags: true }), mine, () => registry, { log, order });
      expect(tagsOf(forced.outcomes)).toContain('latest pushed');
    });

    it("a floating tag an older commit's run took back right after this run put it is put once more", async () => {
      const older = 'a'.repeat(40);
      const order = { sha: 'b'.repeat(40), relation: async (_ours: string, theirs: string): Promise<CommitRelation> => (theirs === older ? 'theirs-older' : 'unknown') };
      const registry = new MemoryRegistry();
      const mine = registry.seedImage(REPO, 'untagged', KEY);
      registry.afterPut = (repo, tag) => {
        if (tag !== 'latest') return;
        registry.afterPut = undefined;
        registry.seedImage(repo, tag, { 'org.opencontainers.image.revision': older });
      };
      const { outcomes } = await applyTags(step({ targets }), mine, () => registry, { log, order });
      expect(tagsOf(outcomes)).toEqual(['sha-bbbbbbb pushed', '1.0.1 pushed', 'latest pushed']);
      expect((await registry.getManifest(REPO, 'latest'))?.digest).toBe(mine.digest);
      expect(registry.writes.filter((w) => w.endsWith(':latest'))).toHaveLength(2);
    });
  });
});
