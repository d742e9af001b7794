import { parseDockerfile } from '../../dockerfile/parse-dockerfile';
import { normalizePluginOptions } from '../plugin-options';
import { inferReleaseTarget, type ReleaseTargetFacts } from './infer-release-target';

const base = (dockerfile: string, over: Partial<ReleaseTargetFacts> = {}): ReleaseTargetFacts => ({
  projectName: 'notifier',
  projectRoot: 'services/notifier',
  dockerfile: 'services/notifier/Dockerfile',
  facts: parseDockerfile(dockerfile),
  hasProductionInput: true,
  ...over,
});

describe('inferReleaseTarget', () => {
  it('defaults: executor, dependsOn build, no cache, project files, image under the registry', () => {
    const target = inferReleaseTarget(base('FROM scratch\nCOPY bin/x /x\n'), normalizePluginOptions({ registry: 'ghcr.io/acme' }));
    expect(target).toMatchObject({
      executor: 'nx-docker-release:docker-release',
      dependsOn: ['build'],
      cache: false,
      inputs: ['{projectRoot}/Dockerfile', '{projectRoot}/Dockerfile.dockerignore', '{projectRoot}/.dockerignore', 'production', '^production'],
      options: {
        images: ['ghcr.io/acme/notifier'],
        tags: ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}', 'type=semver,pattern={{version}}'],
        releaseTagPattern: '{version}',
        context: 'services/notifier',
        file: 'services/notifier/Dockerfile',
      },
    });
    expect(target.options).not.toHaveProperty('platforms');
  });

  it('takes names and defaults from the plugin options', () => {
    const target = inferReleaseTarget(
      base('FROM scratch\n'),
      normalizePluginOptions({ buildTargetName: 'compile', tags: ['type=sha'], releaseTagPattern: '{projectName}@{version}', platforms: ['linux/arm64'] }),
    );
    expect(target.dependsOn).toEqual(['compile']);
    expect(target.options).toMatchObject({ tags: ['type=sha'], releaseTagPattern: '{projectName}@{version}', platforms: ['linux/arm64'] });
    expect(target.options.images).toEqual(['notifier']);
  });

  it('carries the executor defaults of the plugin entry and names the image from imageName', () => {
    const login = { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' };
    const target = inferReleaseTarget(
      base('FROM scratch\n'),
      normalizePluginOptions({ registry: 'ghcr.io/acme', imageName: '{registry}/svc/{projectName}', login, pushMode: 'docker', targetName: 'ship' }),
    );
    expect(target.options).toMatchObject({ images: ['ghcr.io/acme/svc/notifier'], login, pushMode: 'docker' });
    expect(target.options).not.toHaveProperty('targetName');
  });

  it('falls back to the default named input without a production input', () => {
    const target = inferReleaseTarget(base('FROM scratch\n', { hasProductionInput: false }), normalizePluginOptions({}));
    expect(target.inputs).toEqual(expect.arrayContaining(['default', '^default']));
    expect(target.inputs).not.toContain('production');
  });

  it('adds copied paths outside the project, resolved against a wider explicit context', () => {
    const dockerfile = [
      'FROM scratch',
      'COPY services/notifier/bin/notifier /notifier',
      'COPY assistant/config/channels.json /etc/',
      'COPY assistant/templates/*.tmpl /t/',
      'COPY ../outside /nope',
    ].join('\n');
    const target = inferReleaseTarget(base(dockerfile, { explicitContext: '.' }), normalizePluginOptions({}));
    expect(target.inputs).toEqual([
      '{projectRoot}/Dockerfile',
      '{projectRoot}/Dockerfile.dockerignore',
      '{workspaceRoot}/.dockerignore',
      'production',
      '^production',
      '{workspaceRoot}/assistant/config/channels.json',
      '{workspaceRoot}/assistant/config/channels.json/**',
      '{workspaceRoot}/assistant/templates/*.tmpl',
    ]);
  });

  it('a COPY of the whole workspace context depends on every file', () => {
    const target = inferReleaseTarget(base('FROM scratch\nCOPY . /src\n', { explicitContext: '.' }), normalizePluginOptions({}));
    expect(target.inputs).toContain('{workspaceRoot}/**');
  });
});
