/** Node's process.arch in OCI form (https://github.com/opencontainers/image-spec/blob/main/image-index.md#platform-variants). */
const OCI_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm/v7',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

/**
 * The platform the build's RUN steps run on natively: the engine's. An engine on this machine (a
 * unix socket, Docker Desktop's VM included) has this machine's architecture and runs Linux; a
 * remote engine (tcp://, ssh://, a named context) is not asked (a dry run starts no docker
 * process), so its platform is unknown.
 */
export function hostPlatform(engineIsLocal: boolean, arch: string = process.arch): string | undefined {
  const oci = OCI_ARCH[arch];
  return engineIsLocal && oci !== undefined ? `linux/${oci}` : undefined;
}
