import { pluginOptionsProblem } from './plugin-options-check';

describe('pluginOptionsProblem', () => {
  it.each([
    [{ retry: { attempts: 'x' } }, 'nx.json: plugin nx-docker-release options.retry.attempts: must be an integer'],
    [{ retry: { attempts: 0 } }, 'nx.json: plugin nx-docker-release options.retry.attempts: must be at least 1'],
    [{ retry: { atempts: 3 } }, 'nx.json: plugin nx-docker-release options.retry: unknown option "atempts" (did you mean attempts?)'],
    [{ registy: 'ghcr.io/acme' }, 'nx.json: plugin nx-docker-release options: unknown option "registy" (did you mean registry?)'],
    [{ colour: 'blue' }, 'nx.json: plugin nx-docker-release options: unknown option "colour"'],
    [{ pushMode: 'fast' }, 'nx.json: plugin nx-docker-release options.pushMode: must be one of "registry", "docker"'],
    [{ tags: ['type=sha', 3] }, 'nx.json: plugin nx-docker-release options.tags[1]: must be a string'],
    [{ include: 'apps/**' }, 'nx.json: plugin nx-docker-release options.include: must be an array'],
    [{ login: { usernameEnv: 'U' } }, 'nx.json: plugin nx-docker-release options.login.passwordEnv: is required'],
    [{ login: 'GH' }, 'nx.json: plugin nx-docker-release options.login: must be an object or an array'],
    [{ login: [{ usernameEnv: 'U', passwordEnv: 'P', registy: 'x' }] }, 'nx.json: plugin nx-docker-release options.login[0]: unknown option "registy" (did you mean registry?)'],
    [{ promote: 'no' }, 'nx.json: plugin nx-docker-release options.promote: must be a boolean'],
    [{ constructor: 'x' }, 'nx.json: plugin nx-docker-release options: unknown option "constructor"'],
  ])('%j -> %s', (options, line) => {
    expect(pluginOptionsProblem(options)).toBe(line);
  });

  it('accepts every key the plugin documents', () => {
    const options = {
      targetName: 'ship',
      buildTargetName: 'compile',
      registry: 'ghcr.io/acme',
      imageName: '{registry}/{projectName}',
      include: ['apps/**/Dockerfile'],
      exclude: [],
      tags: ['type=sha'],
      releaseTagPattern: '{projectName}@{version}',
      platforms: ['linux/amd64'],
      login: [{ usernameEnv: 'U', passwordEnv: 'P' }],
      pushMode: 'docker',
      promote: false,
      skipUnchanged: true,
      immutableTags: true,
      rewindFloatingTags: false,
      retry: { attempts: 3, minDelayMs: 0, maxDelayMs: 100 },
      flavor: ['latest=false'],
      labels: ['a=b'],
      builder: 'buildx',
      cache: 'registry',
    };
    expect(pluginOptionsProblem(options)).toBeUndefined();
    expect(pluginOptionsProblem(undefined)).toBeUndefined();
  });
});
