import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { bufferSource } from './blob-source';
import { prepareImage, worthCompressing } from './upload-image';

describe('worthCompressing', () => {
  it('compresses small layers and compressible data', () => {
    expect(worthCompressing(bufferSource(randomBytes(1000)))).toBe(true);
    expect(worthCompressing(bufferSource(Buffer.alloc(4 << 20, 'abcdefgh')))).toBe(true);
  });

  it('ships random (already compressed) data as it is', () => {
    expect(worthCompressing(bufferSource(randomBytes(4 << 20)))).toBe(false);
  });

  it('samples the whole layer, not only its start', () => {
    const mostlyText = Buffer.concat([randomBytes(1 << 16), Buffer.alloc(4 << 20, 'text ')]);
    expect(worthCompressing(bufferSource(mostlyText))).toBe(true);
  });
});

describe('prepareImage', () => {
  it('streams layers through gzip into scratch files: the same bytes and digest as gzip in one piece', async () => {
    const text = Buffer.alloc(3 << 20, 'layer text ');
    const random = randomBytes(2 << 20);
    const image = {
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:c', size: 2, bytes: Buffer.from('{}') },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: 'sha256:t', size: text.length, source: bufferSource(text) },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: 'sha256:r', size: random.length, source: bufferSource(random) },
      ],
    };
    const prepared = await prepareImage(image, mkdtempSync(join(tmpdir(), 'prepare-')), { 'org.opencontainers.image.version': '1.2.3' });
    const [gz, raw, config] = prepared.blobs;
    if (!gz) throw new Error('no layers prepared');
    const whole = gzipSync(text);
    expect(gz).toMatchObject({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: whole.length, digest: `sha256:${createHash('sha256').update(whole).digest('hex')}` });
    expect((await buffer(gz.source.open())).equals(whole)).toBe(true);
    expect(raw).toMatchObject({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: 'sha256:r', size: random.length });
    expect(config).toMatchObject({ digest: 'sha256:c', size: 2 });
    const manifest = JSON.parse(prepared.manifest.bytes.toString()) as { layers: { digest: string }[]; annotations: Record<string, string> };
    expect(manifest.layers.map((l) => l.digest)).toEqual([gz.digest, 'sha256:r']);
    expect(manifest.annotations).toEqual({ 'org.opencontainers.image.version': '1.2.3' });
  });
});
