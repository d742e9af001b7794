import { formatNextSteps } from './next-steps';

describe('formatNextSteps', () => {
  it('numbers the steps under one heading naming the generator', () => {
    expect(formatNextSteps('ci-workflow', ['create the secret REGISTRY_USER', 'require the check "plan"'])).toEqual([
      'Next steps (ci-workflow):',
      '  1. create the secret REGISTRY_USER',
      '  2. require the check "plan"',
    ]);
  });

  it('prints nothing when there is nothing to do', () => {
    expect(formatNextSteps('init', [])).toEqual([]);
  });
});
