import type { DockerReleaseOptions, LoginOptions } from './options';
import { imageEntryName, parseImageName } from './image-ref';
import { ReleaseError } from './release-error';

export interface LoginEntry {
  registry: string;
  usernameEnv: string;
  passwordEnv: string;
  /** How options and errors name this entry: `login` (one object) or `login[i]` (a list). */
  option: string;
}

/**
 * The `login` option as a list of registries with their credential variables: one object (the
 * docker/login-action form) or a list, one entry per registry the images go to. An entry without
 * `registry` logs in to the first image's registry; two entries for one registry are an error.
 */
export function loginEntries(login: DockerReleaseOptions['login'], images: readonly string[]): LoginEntry[] {
  if (login === undefined) return [];
  const list: LoginOptions[] = Array.isArray(login) ? login : [login];
  // The first image's registry, whether the entry is a bare name or `name=...,enable=...`.
  const fallback = (): string => parseImageName(imageEntryName(images[0] ?? '') ?? '').registry;
  const entries = list.map((entry, i) => {
    const option = Array.isArray(login) ? `login[${i}]` : 'login';
    if (entry === null || typeof entry !== 'object') throw new ReleaseError(`${option}: expected { registry?, usernameEnv, passwordEnv }`);
    return { registry: entry.registry ?? fallback(), usernameEnv: entry.usernameEnv, passwordEnv: entry.passwordEnv, option };
  });
  entries.forEach((entry, i) => {
    const first = entries.findIndex((e) => e.registry === entry.registry);
    if (first !== i) throw new ReleaseError(`${entry.option}.registry: ${entry.registry} already has a login (${entries[first]?.option})`);
  });
  return entries;
}
