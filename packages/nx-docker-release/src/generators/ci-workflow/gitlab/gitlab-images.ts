import type { NodeVersion } from '../node-version';
import { DEFAULT_NODE_VERSION } from '../actions';

/**
 * The daemon the job's docker CLI talks to: Docker-in-Docker as a service, reached over TCP
 * without TLS (GitLab's documented `docker:dind` setup with `DOCKER_TLS_CERTDIR: ""`; the service
 * needs a privileged runner, as GitLab.com's hosted Linux runners are).
 * https://docs.gitlab.com/ci/docker/using_docker_build/
 */
export const DIND_SERVICE = 'docker:28-dind';

/**
 * The job image: the official Node image on Debian trixie, whose docker-cli (26.1) and
 * docker-buildx (0.13) packages are the toolchain the plugin is tested with.
 */
export const nodeImage = (major: number): string => `node:${major}-trixie`;

/**
 * The Node major of the job image, from the file the workspace names its Node in (`.nvmrc`,
 * `.node-version`, package.json `engines.node`): its first number. A GitLab image tag is fixed
 * when the pipeline is written, so an alias (`lts/*`, `node`) falls back to the current LTS line.
 */
export function nodeMajor(version: NodeVersion, readFile: (path: string) => string | null): { major: number; from: string } {
  if ('node-version' in version) return { major: version['node-version'], from: 'the current LTS line' };
  const file = version['node-version-file'];
  const text = readFile(file) ?? '';
  const spec = file === 'package.json' ? enginesNode(text) : text.trim();
  const major = /^\D{0,3}?(\d+)/.exec(spec)?.[1];
  return major ? { major: Number(major), from: file } : { major: DEFAULT_NODE_VERSION, from: `the current LTS line (${file} names no version number)` };
}

function enginesNode(text: string): string {
  try {
    const node = (JSON.parse(text) as { engines?: { node?: unknown } }).engines?.node;
    return typeof node === 'string' ? node.trim() : '';
  } catch {
    return '';
  }
}
