import { RegistryClient } from './registry-client';
import { startRegistry, type TestRegistry } from './registry';
import { createTempWorkspace, requireDocker, type TempWorkspace } from './workspace';

/** The backend's image repository inside any registry (the seed's path). */
export const BACKEND_REPO = 'kyma-project/kyma-companion/ai-backend';

export interface BackendSetup {
  registry: TestRegistry;
  ws: TempWorkspace;
  /** Reads the registry directly, never through the executor or a proxy. */
  client: RegistryClient;
  /** The variables backend's release target reads: login and the two JFrog build secrets. */
  env: Record<string, string>;
}

/** A real htpasswd registry, a temp git copy of this workspace, and the credentials to release. */
export async function setUpBackendRelease(extraEnv: Record<string, string> = {}): Promise<BackendSetup> {
  requireDocker();
  const registry = await startRegistry();
  return {
    registry,
    ws: createTempWorkspace(),
    client: new RegistryClient(registry.host, registry.user, registry.password),
    env: { GH_CR_USER: registry.user, GH_CR_PAT: registry.password, JFROG_IDENTITY_USER: 'jfrog-user', JFROG_IDENTITY_TOKEN: 'jfrog-token-value', ...extraEnv },
  };
}

export async function tearDownBackendRelease(setup: Partial<BackendSetup> | undefined): Promise<void> {
  await setup?.registry?.stop();
  setup?.ws?.remove();
}
