import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { RegistryClient } from './registry-client';
import { startRegistry, type TestRegistry } from './registry';
import { createTempWorkspace, requireDocker, WORKSPACE_ROOT, type TempWorkspace } from './workspace';

/** The backend's image repository inside any registry (the seed's path). */
export const BACKEND_REPO = 'kyma-project/kyma-companion/ai-backend';

export interface BackendSetup {
  registry: TestRegistry;
  ws: TempWorkspace;
  /** Reads the registry directly, never through the executor or a proxy. */
  client: RegistryClient;
  /**
   * The variables backend's release target reads: login, the two JFrog build secrets, and
   * BASE_REGISTRY (the registry holding the Go toolchain image its Dockerfile builds FROM).
   */
  env: Record<string, string>;
}

/**
 * A real htpasswd registry holding the backend's Go toolchain image, a temp git copy of this
 * workspace, and the credentials to release. `toolchain: false` leaves the image out, for specs
 * that never build the backend.
 */
export async function setUpBackendRelease(extraEnv: Record<string, string> = {}, { toolchain = true } = {}): Promise<BackendSetup> {
  requireDocker();
  const registry = await startRegistry();
  if (toolchain) pushGoToolchain(registry);
  return {
    registry,
    ws: createTempWorkspace(),
    client: new RegistryClient(registry.host, registry.user, registry.password),
    env: {
      GH_CR_USER: registry.user,
      GH_CR_PAT: registry.password,
      JFROG_IDENTITY_USER: 'jfrog-user',
      JFROG_IDENTITY_TOKEN: 'jfrog-token-value',
      BASE_REGISTRY: registry.host,
      ...extraEnv,
    },
  };
}

/** `<registry>/toolchain/golang:1.19`, as `npm run demo` makes it (the password on stdin only). */
export function pushGoToolchain(registry: TestRegistry): void {
  execFileSync('bash', [join(WORKSPACE_ROOT, 'tools/go-toolchain-image.sh'), registry.host, registry.user, 'E2E_TOOLCHAIN_PASSWORD'], {
    env: { ...process.env, E2E_TOOLCHAIN_PASSWORD: registry.password },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/**
 * A change to what the backend's image is built from (a Go source its Dockerfile copies), so the
 * next release builds anew instead of promoting an image with the same content key.
 */
export function changeBackendSource(ws: TempWorkspace, note: string): void {
  ws.write('assistant/backend/e2e_note.go', `package main\n\n// ${note}\n`);
}

export async function tearDownBackendRelease(setup: Partial<BackendSetup> | undefined): Promise<void> {
  await setup?.registry?.stop();
  setup?.ws?.remove();
}
