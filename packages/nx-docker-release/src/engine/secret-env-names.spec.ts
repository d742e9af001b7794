import { secretEnvNames } from './apply';
import type { ReleasePlan } from '../release/types';

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
