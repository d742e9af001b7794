import { hostPlatform } from './host-platform';

describe('hostPlatform', () => {
  it.each<[boolean, string, string | undefined]>([
    [true, 'x64', 'linux/amd64'],
    [true, 'arm64', 'linux/arm64'],
    [true, 'arm', 'linux/arm/v7'],
    [true, 'mips', undefined],
    [false, 'x64', undefined],
  ])('local %s, process.arch %s: %s', (local, arch, expected) => {
    expect(hostPlatform(local, arch)).toBe(expected);
  });
});
