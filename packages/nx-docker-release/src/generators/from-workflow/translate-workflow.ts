import type { LoginOptions } from '../../executors/docker-release/schema';
import { lintTagRules } from '../../metadata';
import { parseImageName } from '../../release/image-ref';
import { imageEntryName } from '../../release/validate-options';
import { usesAction, type Workflow } from './read-workflow';
import { releaseTagPattern } from './release-tag-pattern';
import { translateBuild } from './translate-build';
import { translateLogin } from './translate-login';
import { translateMetadata } from './translate-metadata';
import { COSIGN_INSTALLER, translateCosignStep } from './translate-supply-chain';
import { emptyTranslation, type Translation } from './translation';

/** Steps that only prepare the runner; the executor needs none of them. */
const PREPARATION = ['actions/checkout', 'docker/setup-buildx-action'];

/** The docker job's login, metadata and build steps as one release target's options. */
export function translateWorkflow(workflow: Workflow): Translation {
  const t = emptyTranslation();
  const { steps, job, otherBuildJobs } = workflow.dockerJob;
  const pick = (action: string) => steps.filter((s) => usesAction(s.uses, action));
  const loginSteps = pick('docker/login-action');
  const [build, ...otherBuilds] = pick('docker/build-push-action');
  const wiredId = build ? /steps\.([\w-]+)\.outputs\.tags/.exec(build.with['tags'] ?? '')?.[1] : undefined;
  const metadataSteps = pick('docker/metadata-action');
  const metadata = metadataSteps.find((s) => s.id !== undefined && s.id === wiredId) ?? metadataSteps[0];

  if (metadata) translateMetadata(metadata, t);
  if (build) translateBuild(build, metadata?.id, t);
  // Every login step: one registry each (the executor takes one login or a list).
  const logins = loginSteps.map((step) => translateLogin(step, t)).filter((l): l is LoginOptions => l !== undefined);
  if (logins.length) t.options.login = logins.length === 1 ? logins[0] : logins;
  for (const step of steps) {
    if ([...loginSteps, build, metadata].includes(step) || PREPARATION.some((a) => usesAction(step.uses, a))) continue;
    if (usesAction(step.uses, COSIGN_INSTALLER)) {
      t.warnings.push(`job ${job}: step "${step.label}" installs cosign: the target runs cosign from PATH, so the CI job keeps this step (nx g nx-docker-release:ci-workflow writes it)`);
      continue;
    }
    if (translateCosignStep(step, workflow.dockerJob.permissions, t)) continue;
    const why = [...otherBuilds, ...metadataSteps].includes(step) ? 'only the first build and metadata steps are translated' : 'not part of the docker release';
    t.untranslated.push(`job ${job}: step "${step.label}" (${step.uses ?? 'run'}): ${why}`);
  }
  for (const gate of workflow.dockerJob.needs) t.warnings.push(gateNote(job, gate));
  for (const other of otherBuildJobs) t.untranslated.push(`job ${other}: also builds an image; translate it with --project for its own project`);

  const pattern = releaseTagPattern(workflow.on, t);
  if (pattern) t.options.releaseTagPattern = pattern;
  dropDefaultLoginRegistry(t);
  t.warnings.push(...lintTagRules(t.options.tags ?? [], t.options.flavor ?? []).map((w) => `${w} (kept as the workflow had it)`));
  return t;
}

/**
 * A job the docker job waited for is a gate before the release: name the gate of
 * `ci-workflow` that takes its place, or say it has none.
 */
function gateNote(job: string, gate: { job: string; does: string }): string {
  const as = /gitleaks|secret|trufflehog/i.test(gate.does)
    ? 'the "secret scan (gitleaks)" gate'
    : /lint|vet|golangci|eslint/i.test(gate.does)
      ? 'the "lint" gate (nx affected -t lint: give the projects a lint target)'
      : /test|e2e|spec/i.test(gate.does)
        ? 'the "e2e (affected projects)" gate (nx affected -t test e2e: give the projects those targets)'
        : undefined;
  const head = `job ${job} needs job ${gate.job}: a check before the release`;
  return as ? `${head}; nx g nx-docker-release:ci-workflow writes ${as}, which the release waits for` : `${head} that no gate of nx g nx-docker-release:ci-workflow covers: make it an Nx target and add it to .github/workflows/gates.yml`;
}

/** The executor logs in to the first image's registry by default: only a different one is kept. */
function dropDefaultLoginRegistry(t: Translation): void {
  const first = t.options.images?.map(imageEntryName).find((n) => n !== undefined);
  const login = t.options.login;
  if (!login || Array.isArray(login) || !login.registry || !first) return; // a list keeps every registry explicit
  try {
    if (parseImageName(first).registry === login.registry) delete login.registry;
  } catch {
    // an invalid image name is the executor's to report, with the option named
  }
}
