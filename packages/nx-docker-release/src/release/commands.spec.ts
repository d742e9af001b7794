import { fillPlaceholders, secretEnvNames } from './commands';
import type { ReleasePlan } from './types';

describe('fillPlaceholders', () => {
  it("fills the planner's own flags and leaves user values that contain the placeholders alone", () => {
    const argv = [
      'buildx',
      'build',
      '--tag=<relay>:sha-0123456',
      '--build-arg=NOTE=<tmp>/secret',
      '--cache-to=type=local,dest=<tmp>/cache',
      '--label=x=<relay>:y',
      '--metadata-file=<tmp>/build-metadata.json',
      'ctx',
    ];
    expect(fillPlaceholders(argv, { tmp: '/tmp/docker-release-abc', relay: '127.0.0.1:4000/org/app' })).toEqual([
      'buildx',
      'build',
      '--tag=127.0.0.1:4000/org/app:sha-0123456',
      '--build-arg=NOTE=<tmp>/secret',
      '--cache-to=type=local,dest=<tmp>/cache',
      '--label=x=<relay>:y',
      '--metadata-file=/tmp/docker-release-abc/build-metadata.json',
      'ctx',
    ]);
    expect(fillPlaceholders(['build', '--iidfile=<tmp>/iid', '--tag=<relay>:x'], { tmp: '/t' })).toEqual(['build', '--iidfile=/t/iid', '--tag=<relay>:x']);
  });
});

describe('secretEnvNames', () => {
  it('lists the variables behind every --secret=...,env= flag of the build steps, once', () => {
    const build = (argv: string[]) => ({ kind: 'build' as const, builder: 'buildx' as const, argv, env: {} });
    const plan = {
      steps: [
        build(['buildx', 'build', '--secret=id=JFROG_TOKEN,env=JFROG_IDENTITY_TOKEN', '--secret=id=npm,env=NPM_TOKEN', '--build-arg=env=NOT_A_SECRET', 'ctx']),
        build(['buildx', 'build', '--secret=id=JFROG_TOKEN,env=JFROG_IDENTITY_TOKEN', 'ctx']),
      ],
    } as unknown as ReleasePlan;
    expect(secretEnvNames(plan)).toEqual(['JFROG_IDENTITY_TOKEN', 'NPM_TOKEN']);
  });
});
