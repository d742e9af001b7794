import { posix } from 'node:path';
import type { WorkspaceReader } from '../workspace-reader';

/** What createNodes needs from the project file next to a Dockerfile. */
export interface ProjectIdentity {
  name: string;
  /** Text of the project file, part of the cache key. */
  source: string;
  /** `context` and `buildArgs` of the project's explicit release target, which change the inference. */
  explicitContext?: string;
  buildArgs?: Record<string, string>;
}

/**
 * A Dockerfile only makes a release target where Nx already sees a project: a project.json, or a
 * package.json with a name. A Dockerfile alone (a fixture, a devcontainer) stays out of the graph.
 */
export function projectIdentity(root: string, targetName: string, read: WorkspaceReader): ProjectIdentity | undefined {
  const projectJson = read(posix.join(root, 'project.json'));
  const packageJson = read(posix.join(root, 'package.json'));
  const source = projectJson ?? packageJson;
  if (source === undefined) return undefined;
  const parsed = parseObject(source);
  const name = typeof parsed['name'] === 'string' ? parsed['name'] : projectJson !== undefined ? posix.basename(root) : undefined;
  if (name === undefined || name === '' || name === '.') return undefined;
  const targets = projectJson !== undefined ? parsed['targets'] : objectAt(parsed['nx'])['targets'];
  const options = objectAt(objectAt(objectAt(targets)[targetName])['options']);
  const identity: ProjectIdentity = { name, source };
  if (typeof options['context'] === 'string') identity.explicitContext = options['context'];
  const buildArgs = objectAt(options['buildArgs']);
  const stringArgs = Object.entries(buildArgs).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (stringArgs.length > 0) identity.buildArgs = Object.fromEntries(stringArgs);
  return identity;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    return objectAt(JSON.parse(text));
  } catch {
    return {};
  }
}

function objectAt(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
