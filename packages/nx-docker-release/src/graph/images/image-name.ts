/**
 * A Docker repository path component from an Nx project name: lowercase, `[a-z0-9]` separated
 * by `.`, `_`, `__` or `-`; `@scope/name` becomes `scope-name`.
 * https://github.com/distribution/distribution/blob/main/docs/content/spec/api.md#overview
 */
export function imageNameFor(projectName: string): string {
  const name = projectName
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  return name === '' ? 'image' : name;
}

/**
 * The image of a project: the plugin's `imageName` template (`{projectName}`, `{registry}`), else
 * `<registry>/<name>`; `registry` may carry a namespace (`ghcr.io/acme`); without it the name stays bare.
 */
export function defaultImage(projectName: string, registry: string | undefined, template?: string): string {
  const name = imageNameFor(projectName);
  const host = registry?.replace(/\/+$/, '');
  if (template) return template.replace(/\{projectName\}/g, name).replace(/\{registry\}\/?/g, host ? `${host}/` : '');
  return host ? `${host}/${name}` : name;
}
