import type { NxJsonConfiguration } from '@nx/devkit';
import { withPluginDefaults } from './plugin-defaults';
import type { DockerReleaseOptions } from './schema';

const nx = (options: Record<string, unknown>, extra: Record<string, unknown> = {}): NxJsonConfiguration => ({ plugins: [{ plugin: 'nx-docker-release/plugin', options, ...extra }] });
const LOGIN = { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' };

describe('withPluginDefaults', () => {
  it('fills what the target leaves out; the target wins key by key', () => {
    const filled = withPluginDefaults(
      { images: ['ghcr.io/acme/own'], pushMode: 'docker' } as DockerReleaseOptions,
      nx({ login: LOGIN, pushMode: 'registry', tags: ['type=sha'], registry: 'ghcr.io/acme' }),
      'svc',
    );
    expect(filled).toEqual({ images: ['ghcr.io/acme/own'], pushMode: 'docker', login: LOGIN, tags: ['type=sha'] });
  });

  it('names the image from imageName or registry when the target has none', () => {
    expect(withPluginDefaults({} as DockerReleaseOptions, nx({ imageName: '{registry}/svc-{projectName}', registry: 'reg.example/team' }), '@acme/Api').images).toEqual([
      'reg.example/team/svc-acme-api',
    ]);
    expect(withPluginDefaults({ images: [] } as unknown as DockerReleaseOptions, nx({ registry: 'reg.example/team' }), 'api').images).toEqual(['reg.example/team/api']);
  });

  it('leaves options alone without a plugin entry, and picks the entry whose include selects the Dockerfile', () => {
    const options = { images: ['x'], file: 'apps/a/Dockerfile' } as DockerReleaseOptions;
    expect(withPluginDefaults(options, { plugins: ['@nx/js'] }, 'a')).toBe(options);
    const two: NxJsonConfiguration = {
      plugins: [
        { plugin: 'nx-docker-release/plugin', include: ['libs/**'], options: { pushMode: 'docker' } },
        { plugin: './packages/nx-docker-release/plugin.ts', options: { include: ['apps/**/Dockerfile'], pushMode: 'registry', retry: { attempts: 2 } } },
      ],
    };
    expect(withPluginDefaults(options, two, 'a')).toMatchObject({ pushMode: 'registry', retry: { attempts: 2 } });
  });

  it('copies only the executor keys: graph options never reach the executor', () => {
    const filled = withPluginDefaults({ images: ['x'] } as DockerReleaseOptions, nx({ targetName: 'ship', include: ['**/Dockerfile'], buildTargetName: 'compile', skipUnchanged: true }), 'a');
    expect(filled).toEqual({ images: ['x'], skipUnchanged: true });
  });

  it('refuses a plugin entry the executor schema does not allow, naming nx.json and the key', () => {
    expect(() => withPluginDefaults({ images: ['x'] } as DockerReleaseOptions, nx({ retry: { attempts: 'x' } }), 'a')).toThrow(
      'nx.json: plugin nx-docker-release options.retry.attempts: must be an integer',
    );
    expect(() => withPluginDefaults({ images: ['x'] } as DockerReleaseOptions, nx({ registy: 'ghcr.io/acme' }), 'a')).toThrow('options: unknown option "registy" (did you mean registry?)');
  });
});
