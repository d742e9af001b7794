import { emulatedStages, type EmulationInput } from '../dockerfile/emulated-stages';

/**
 * One warning line per built stage and foreign platform whose RUN steps would run under QEMU
 * emulation on the build host, naming the Dockerfile, the stage, the platform and the fix.
 */
export function emulationWarnings(dockerfile: string, text: string, input: EmulationInput): string[] {
  return emulatedStages(text, input).map(
    (s) =>
      `platforms: ${dockerfile}:${s.line} stage ${s.stage} runs ${s.runs} RUN step(s) for ${s.platform} under emulation (QEMU) on this ${input.host} host, ` +
      `often 10x slower or failing; build that stage on the host (FROM --platform=$BUILDPLATFORM) and cross-compile with ARG TARGETOS TARGETARCH (docs/cross-compile.md)`,
  );
}
