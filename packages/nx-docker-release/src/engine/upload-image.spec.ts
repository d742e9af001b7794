import { randomBytes } from 'node:crypto';
import { worthCompressing } from './upload-image';

describe('worthCompressing', () => {
  it('compresses small layers and compressible data', () => {
    expect(worthCompressing(randomBytes(1000))).toBe(true);
    expect(worthCompressing(Buffer.alloc(4 << 20, 'abcdefgh'))).toBe(true);
  });

  it('ships random (already compressed) data as it is', () => {
    expect(worthCompressing(randomBytes(4 << 20))).toBe(false);
  });

  it('samples the whole layer, not only its start', () => {
    const mostlyText = Buffer.concat([randomBytes(1 << 16), Buffer.alloc(4 << 20, 'text ')]);
    expect(worthCompressing(mostlyText)).toBe(true);
  });
});
