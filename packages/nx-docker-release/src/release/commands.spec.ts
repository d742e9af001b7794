import { fillPlaceholders } from './commands';

describe('fillPlaceholders', () => {
  it('fills the planner\'s own flags and leaves user values that contain the placeholders alone', () => {
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
