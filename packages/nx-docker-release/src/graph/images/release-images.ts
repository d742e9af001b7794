import { parseImageLine } from '../../metadata';
import { imageRepository, withRegistry } from '../../release/image-ref';

/** The subset of the executor's options that names what a project releases. */
export interface ReleaseImageOptions {
  images?: unknown;
  registry?: unknown;
}

/**
 * The repositories a release target pushes to. `images` entries are metadata-action syntax:
 * a plain name or `name=<image>,enable=<bool>`; disabled entries and templates are left out.
 */
export function releaseRepositories(options: ReleaseImageOptions): string[] {
  const images = Array.isArray(options.images) ? options.images.filter((i): i is string => typeof i === 'string') : [];
  const repositories = new Set<string>();
  for (const entry of images) {
    const name = imageName(entry);
    if (!name || name.includes('{{')) continue;
    const repository = imageRepository(name);
    repositories.add(repository);
    if (typeof options.registry === 'string' && options.registry !== '') {
      // Where the executor's registry override sends it (release/plan.ts, the same withRegistry).
      try {
        repositories.add(imageRepository(withRegistry(name, options.registry)));
      } catch {
        // a name the executor refuses has no repository there
      }
    }
  }
  return [...repositories];
}

function imageName(entry: string): string | undefined {
  try {
    const image = parseImageLine(entry);
    return image.enable ? image.name : undefined;
  } catch {
    return undefined; // the executor reports it, naming the option
  }
}
