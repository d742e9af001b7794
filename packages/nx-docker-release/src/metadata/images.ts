import { parseFirstRecord } from './csv-record';
import { MetadataError } from './metadata-error';

export interface ImageSpec {
  name: string;
  enable: boolean;
}

/**
 * Parses the `images` list (`image.ts › Transform`). A single line whose fields all lack `=` is
 * the legacy comma-separated form (`a/b,c/d` is two images); otherwise each line is one image
 * with `name=` / `enable=` attributes, and a bare field sets the name (later ones win).
 */
export function parseImages(lines: readonly string[]): ImageSpec[] {
  const only = lines.length === 1 ? lines[0] : undefined;
  if (only !== undefined) {
    const fields = (parseFirstRecord(only) ?? []).map((field) => field.split('='));
    if (fields.every((parts) => parts.length === 1)) {
      return fields.map((parts) => ({ name: (parts[0] ?? '').trim(), enable: true }));
    }
  }
  return lines.map(parseImageLine);
}

/** One `images` line: a bare field or `name=` sets the name (the last wins), `enable=true|false`. */
export function parseImageLine(line: string): ImageSpec {
  const image: ImageSpec = { name: '', enable: true };
  for (const field of parseFirstRecord(line) ?? []) {
    const parts = field.split('=').map((part) => part.trim());
    const value = parts[1];
    if (value === undefined) {
      image.name = parts[0] ?? '';
      continue;
    }
    switch ((parts[0] ?? '').toLowerCase()) {
      case 'name':
        image.name = value;
        break;
      case 'enable':
        if (value !== 'true' && value !== 'false') {
          throw new MetadataError(`Invalid enable attribute value: ${line}`);
        }
        image.enable = value === 'true';
        break;
      default:
        throw new MetadataError(`Unknown image attribute: ${line}`);
    }
  }
  if (image.name.length === 0) {
    throw new MetadataError(`Image name attribute empty: ${line}`);
  }
  return image;
}
