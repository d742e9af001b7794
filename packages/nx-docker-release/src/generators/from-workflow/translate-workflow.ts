import { lintTagRules } from '../../metadata';
import { expressionEnvNames } from '../../release/expressions/run-time';
import { hasExpression, mapExpressions } from '../../release/expressions/template';
import { imageEntryName, parseImageName } from '../../release/image-ref';
import type { LoginOptions } from '../../release/options';
import { conditionNote } from './conditions';
import { usesAction, type BuildUnit, type Workflow, type WorkflowStep } from './read-workflow';
import { releaseTagPattern } from './release-tag-pattern';
import { shellEnv } from './shell-env';
import { translateBuild } from './translate-build';
import { translateLogin } from './translate-login';
import { translateMetadata } from './translate-metadata';
import { COSIGN_INSTALLER, translateCosignStep } from './translate-supply-chain';
import { emptyTranslation, type Translation } from './translation';

/** Steps that only prepare the runner; the executor needs none of them. */
const PREPARATION = ['actions/checkout'];

/** One build of the workflow as a release target. */
export interface TargetTranslation {
  /** `job release` or `job build (matrix service=api)`, for messages. */
  source: string;
  translation: Translation;
  /** The build it translates (what retiring the workflow removes). */
  unit: BuildUnit;
}

/** Every build step of the workflow (each matrix entry) as one target's options, plus file-level notes. */
export function translateWorkflow(workflow: Workflow): { targets: TargetTranslation[]; notes: string[] } {
  const notes = [...workflow.notes];
  const patternNotes = emptyTranslation();
  const pattern = releaseTagPattern(workflow.on, patternNotes);
  notes.push(...patternNotes.warnings, ...patternNotes.untranslated);
  const targets = workflow.units.map((unit) => {
    const t = translateUnit(unit, workflow.units);
    if (pattern) t.options.releaseTagPattern = pattern;
    return { source: `job ${unit.job}${unit.entry ? ` (matrix ${unit.entry})` : ''}`, translation: t, unit };
  });
  return { targets, notes };
}

/** The login, metadata and build steps of one build as one target's options. */
export function translateUnit(unit: BuildUnit, all: BuildUnit[] = [unit]): Translation {
  const t = emptyTranslation();
  const { steps, build, job } = unit;
  const before = steps.slice(0, steps.indexOf(build));
  const pick = (list: WorkflowStep[], action: string) => list.filter((s) => usesAction(s.uses, action));
  const loginSteps = pick(before, 'docker/login-action');
  const wiredId = /steps\.([\w-]+)\.outputs\.(tags|json)/.exec(build.with['tags'] ?? '')?.[1];
  const metadataSteps = pick(steps, 'docker/metadata-action');
  const merged = unit.digestMerge;
  // A push-by-digest build is tagged by its merge job: that job's metadata step names the tags.
  const mergeMetadata = merged?.steps ? pick(merged.steps, 'docker/metadata-action')[0] : undefined;
  const metadata = mergeMetadata ?? metadataSteps.find((s) => s.id !== undefined && s.id === wiredId) ?? pick(before, 'docker/metadata-action').pop();

  if (metadata) translateMetadata(metadata, t);
  translateBuild(build, metadata?.id, t);
  if (merged) {
    t.options.platforms = merged.platforms;
    t.warnings.push(
      `job ${job} pushes each platform by digest and job ${merged.job} joins them (docker buildx imagetools create): ` +
        `the target builds ${merged.platforms.join(', ')} and pushes the index and its tags itself (tags from job ${merged.job}'s metadata step)`,
    );
    if (!mergeMetadata) t.untranslated.push(`job ${merged.job}: no run of it names the same image; the tags of the build job's own metadata step are used`);
    if (merged.jobIf !== undefined) t.warnings.push(conditionNote(`job ${merged.job}`, merged.jobIf, build.scope));
  }
  const logins = loginSteps.map((step) => translateLogin(step, t)).filter((l): l is LoginOptions => l !== undefined);
  if (logins.length) t.options.login = logins.length === 1 ? logins[0] : logins;
  if (unit.jobIf !== undefined) t.warnings.push(conditionNote(`job ${job}`, unit.jobIf, build.scope));
  for (const step of [...loginSteps, metadata, build]) {
    if (step?.if !== undefined) t.warnings.push(conditionNote(`step "${step.label}"`, step.if, step.scope));
  }
  // Builds and metadata steps of the job's other targets are theirs, not notes of this one.
  const others = all.filter((u) => u.job === unit.job && u.build.label !== build.label).map((u) => u.build.label);
  for (const step of steps) {
    if ([...loginSteps, build, metadata].includes(step) || PREPARATION.some((a) => usesAction(step.uses, a))) continue;
    if (others.includes(step.label) || (usesAction(step.uses, 'docker/metadata-action') && step !== metadata)) continue;
    if (runnerSetupNote(step, build, t)) continue;
    if (usesAction(step.uses, COSIGN_INSTALLER)) {
      t.warnings.push(`step "${step.label}" installs cosign: the target runs cosign from PATH, so the CI job keeps this step (nx g nx-docker-release:ci-workflow writes it)`);
      continue;
    }
    if (translateCosignStep(step, unit.permissions, t)) continue;
    const read = step.run ? shellEnv(step.run, 'GITHUB_ENV', step.runEnv) : [];
    const written = step.run ? [...step.run.matchAll(/^\s*echo\s+["']?([A-Za-z_][A-Za-z0-9_]*)=[^\n]*>>\s*"?\$\{?GITHUB_ENV\b/gm)].map((m) => m[1]!) : [];
    const unread = [...new Set(written.filter((name) => !read.some((w) => w.name === name)))];
    if (unread.length) {
      t.untranslated.push(`step "${step.label}" (run) writes ${unread.join(', ')} to $GITHUB_ENV with shell the generator does not evaluate: an option that reads it is reported where it is used`);
    }
    if (read.length) {
      const what = read.map(shellNote).join('; ');
      t.warnings.push(`step "${step.label}" writes $GITHUB_ENV: read as ${what}${unread.length ? '' : '; the step itself is not needed'}`);
    }
    if (read.length || unread.length) continue;
    t.untranslated.push(`step "${step.label}" (${step.uses ?? 'run'}): not part of the docker release`);
  }
  for (const gate of unit.needs) t.warnings.push(gateNote(job, gate));

  dropDefaultLoginRegistry(t);
  const runTimeEnv = expressionEnvNames(t.options);
  if (runTimeEnv.length) {
    t.warnings.push(
      `the target reads ${runTimeEnv.join(', ')} from the environment at run time (repository variables, secrets, inputs and env set by earlier steps): set them in the CI job that runs the release`,
    );
  }
  if (JSON.stringify(t.options.images ?? []).includes('github.')) {
    t.warnings.push(
      'images name the repository through ${{ github.* }}: the executor resolves it at run time (GITHUB_REPOSITORY in GitHub Actions, CI_PROJECT_PATH in GitLab CI, the origin URL locally); --dryRun shows the names',
    );
  }
  // The rules as the metadata engine will see them: run-time `${{ }}` parts are evaluated first.
  const asRun = (rules: string[]): string[] => rules.map((rule) => withoutExpressions(rule));
  t.warnings.push(...lintTagRules(asRun(t.options.tags ?? []), asRun(t.options.flavor ?? [])).map((w) => `${w} (kept as the workflow had it)`));
  return t;
}

/**
 * What setup-qemu-action and setup-buildx-action were for, kept: QEMU runs the RUN steps of foreign
 * `platforms` (the target keeps the platforms; ci-workflow writes the step while a built stage still
 * RUNs under emulation); a docker-container builder exports layer caches (ci-workflow writes one
 * when a target exports a cache). Nothing else of theirs reaches the release.
 */
function runnerSetupNote(step: WorkflowStep, build: WorkflowStep, t: Translation): boolean {
  if (usesAction(step.uses, 'docker/setup-qemu-action')) {
    const platforms = t.options.platforms?.length ? `the target builds ${t.options.platforms.join(', ')}` : 'the build names no platforms (QEMU served nothing here)';
    t.qemuStep = step.label;
    t.warnings.push(
      `step "${step.label}" sets up QEMU: ${platforms}; nx g nx-docker-release:ci-workflow writes setup-qemu-action while a built stage RUNs for a foreign platform (FROM --platform=$BUILDPLATFORM avoids it)`,
    );
    return true;
  }
  if (usesAction(step.uses, 'docker/setup-buildx-action')) {
    if (build.with['cache-to'] !== undefined) {
      t.warnings.push(
        `step "${step.label}" sets up a docker-container builder, which exports the layer cache: nx g nx-docker-release:ci-workflow writes setup-buildx-action (host networking) for a target that exports one`,
      );
    }
    return true;
  }
  return false;
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
  return as
    ? `${head}; nx g nx-docker-release:ci-workflow writes ${as}, which the release waits for`
    : `${head} that no gate of nx g nx-docker-release:ci-workflow covers: make it an Nx target and add it to .github/workflows/gates.yml`;
}

/** How a $GITHUB_ENV write was read, for the note: a lower-cased known value as it will be used. */
function shellNote(w: { name: string; value: string; lower: boolean }): string {
  if (!w.lower) return `${w.name} = ${w.value}`;
  if (!hasExpression(w.value)) return `${w.name} = ${w.value.toLowerCase()} (lower-cased)`;
  return `${w.name} = ${w.value} lower-cased (known at run time: image names are lower-cased then, other options keep its case)`;
}

/** A value with each `${{ }}` part standing as plain text (what it renders to at run time is not known here). */
function withoutExpressions(value: string): string {
  try {
    return mapExpressions(value, () => 'x');
  } catch {
    return value; // an unclosed ${{ is the executor's to report, naming the option
  }
}

/** The executor logs in to the first image's registry by default: only a different one is kept. */
function dropDefaultLoginRegistry(t: Translation): void {
  const first = t.options.images?.map(imageEntryName).find((n) => n !== undefined);
  const login = t.options.login;
  if (!login || Array.isArray(login) || !login.registry || !first) return; // a list keeps every registry explicit
  try {
    // A name completed at run time (`ghcr.io/${{ github.repository }}`) still shows its registry.
    if (parseImageName(withoutExpressions(first)).registry === login.registry) delete login.registry;
  } catch {
    // an invalid image name (or one resolved at run time) is the executor's to report
  }
}
