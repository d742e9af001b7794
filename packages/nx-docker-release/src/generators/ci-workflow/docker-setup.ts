import { joinPathFragments, type Tree } from '@nx/devkit';
import { emulatedStages } from '../../dockerfile/emulated-stages';
import { ACTIONS } from './actions';
import type { DockerReleaseOptions } from '../../release/options';

/** GitHub-hosted `ubuntu-latest` runners are linux/amd64. */
export const RUNNER_PLATFORM = 'linux/amd64';

/** What the runner's Docker needs before a release: QEMU for emulated RUN steps, a buildx builder the docker driver cannot stand in for. */
export interface DockerSetup {
  /** Foreign platforms some built stage RUNs under emulation, each with the first place that does. */
  qemu: { platform: string; where: string }[];
  /** docker-container builders to create: named (a target's buildxBuilder) or the runner's default builder (a cache export). */
  builders: { name?: string; why: string }[];
}

export const emptyDockerSetup = (): DockerSetup => ({ qemu: [], builders: [] });

/**
 * Adds what one release target's build needs on the runner. QEMU only when a stage it builds has
 * RUN steps for a platform the runner cannot run (the executor's dry-run analysis, host
 * linux/amd64). A docker-container builder when the target names one (`buildxBuilder`) or exports
 * a layer cache (`cacheTo`, `cache`): the runner's docker driver on the classic image store cannot
 * export one. The builder gets host networking, so BuildKit reaches the executor's loopback relay.
 */
export function addDockerSetup(setup: DockerSetup, tree: Tree, where: string, projectRoot: string, options: Partial<DockerReleaseOptions>, platforms: readonly string[]): void {
  const context = options.context ?? projectRoot;
  const text = tree.read(options.file ?? joinPathFragments(context, 'Dockerfile'), 'utf-8');
  if (text !== null) {
    for (const stage of emulatedStages(text, { platforms, host: RUNNER_PLATFORM, buildArgs: options.buildArgs ?? {}, ...(options.target ? { target: options.target } : {}) })) {
      if (!setup.qemu.some((q) => q.platform === stage.platform)) setup.qemu.push({ platform: stage.platform, where: `${where} stage ${stage.stage}` });
    }
  }
  const exportsCache = (options.cacheTo?.length ?? 0) > 0 || options.cache !== undefined;
  const name = options.buildxBuilder;
  if (name !== undefined && name !== '' && !setup.builders.some((b) => b.name === name)) setup.builders.push({ name, why: `${where} builds with buildxBuilder ${name}` });
  else if (name === undefined && exportsCache && !setup.builders.some((b) => b.name === undefined)) {
    setup.builders.push({ why: `${where} exports a layer cache, which the runner's docker driver (classic image store) cannot` });
  }
}

/** The workflow steps for a setup: QEMU first, then each builder (the unnamed one becomes the runner's default). */
export function dockerSetupSteps(setup: DockerSetup, { qemu }: { qemu: boolean }): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [];
  if (qemu && setup.qemu.length) {
    steps.push({
      name: `Set up QEMU: RUN steps run under emulation for ${setup.qemu.map((q) => `${q.platform} (${q.where})`).join(', ')}; FROM --platform=$BUILDPLATFORM and cross-compiling avoids it (docs/cross-compile.md)`,
      uses: ACTIONS.setupQemu,
      with: { platforms: setup.qemu.map((q) => q.platform).join(',') },
    });
  }
  for (const builder of setup.builders) {
    steps.push({
      name: `Set up a docker-container builder${builder.name ? ` ${builder.name}` : ''} (${builder.why}; host network: BuildKit pushes through the release's loopback relay)`,
      uses: ACTIONS.setupBuildx,
      with: { ...(builder.name ? { name: builder.name, use: false } : {}), 'driver-opts': 'network=host' },
    });
  }
  return steps;
}
