import { parseFirstRecord } from './csv-record';
import { MetadataError } from './metadata-error';

export type LatestMode = 'auto' | 'true' | 'false';

export interface Flavor {
  latest: LatestMode;
  prefix: string;
  /** Whether `prefix` is also put on the auto `latest` tag (`onlatest=true`). */
  prefixLatest: boolean;
  suffix: string;
  suffixLatest: boolean;
}

const LATEST_MODES: readonly string[] = ['auto', 'true', 'false'];

/**
 * Parses the `flavor` list (`flavor.ts › Transform`). Each field is split on every `=` and only
 * the second piece is kept, so `prefix=a=b-` sets `a` (docker/metadata-action `src/flavor.ts › Transform`, `src/image.ts › Transform`). `onlatest` applies to
 * whichever of prefix/suffix appeared earlier on the same line.
 */
export function parseFlavor(lines: readonly string[]): Flavor {
  const flavor: Flavor = { latest: 'auto', prefix: '', prefixLatest: false, suffix: '', suffixLatest: false };
  for (const line of lines) {
    let onLatestFor: 'prefix' | 'suffix' | undefined;
    for (const field of parseFirstRecord(line) ?? []) {
      const parts = field.split('=').map((part) => part.trim());
      const value = parts[1];
      if (value === undefined) {
        throw new MetadataError(`Invalid flavor entry: ${line}`);
      }
      switch ((parts[0] ?? '').toLowerCase()) {
        case 'latest':
          if (!isLatestMode(value)) {
            throw new MetadataError(`Invalid latest flavor entry: ${line}`);
          }
          flavor.latest = value;
          break;
        case 'prefix':
          flavor.prefix = value;
          onLatestFor = 'prefix';
          break;
        case 'suffix':
          flavor.suffix = value;
          onLatestFor = 'suffix';
          break;
        case 'onlatest':
          applyOnLatest(flavor, onLatestFor, value);
          break;
        default:
          throw new MetadataError(`Unknown flavor entry: ${line}`);
      }
    }
  }
  return flavor;
}

function isLatestMode(value: string): value is LatestMode {
  return LATEST_MODES.includes(value);
}

function applyOnLatest(flavor: Flavor, target: 'prefix' | 'suffix' | undefined, value: string): void {
  if (value !== 'true' && value !== 'false') {
    throw new MetadataError(`Invalid value for onlatest attribute: ${value}`);
  }
  if (target === 'prefix') {
    flavor.prefixLatest = value === 'true';
  } else if (target === 'suffix') {
    flavor.suffixLatest = value === 'true';
  }
}
