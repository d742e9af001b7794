import { formatFiles, logger, readNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { printNextSteps } from '../shared/next-steps';
import { GeneratorOptionError } from '../shared/option-error';
import { ciWorkflowNextSteps } from './ci-next-steps';
import { detectNodeVersion } from './node-version';
import { detectPackageManager } from './package-manager';
import { collectReleaseFacts } from './release-facts';
import { GATES_FILE, PULL_REQUEST_FILE, renderGates, renderPullRequest } from './render-gates';
import { renderWorkflow } from './render-workflow';
import type { CiWorkflowGeneratorSchema } from './schema';
import { writeGitlabPipeline } from './gitlab/write-gitlab-pipeline';

/** nx g nx-docker-release:ci-workflow — the workspace's release workflow, from its release targets. */
export async function ciWorkflowGenerator(tree: Tree, options: CiWorkflowGeneratorSchema): Promise<GeneratorCallback> {
  const name = options.name ?? 'release';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new GeneratorOptionError('name', `"${name}" is not usable as a workflow file name`);
  const mainBranch = options.mainBranch ?? readNxJson(tree)?.defaultBase ?? 'main';
  if (!/^[^\s~^:?*[\\]+$/.test(mainBranch)) throw new GeneratorOptionError('mainBranch', `"${mainBranch}" is not a branch name`);
  if (options.tagPatterns?.some((p) => p.trim() === '')) throw new GeneratorOptionError('tagPatterns', 'an empty pattern would match no tag');
  const provider = options.provider ?? 'github';
  if (provider === 'gitlab') return writeGitlabPipeline(tree, options, name, mainBranch);
  if (provider !== 'github') throw new GeneratorOptionError('provider', `"${String(provider)}" is not a CI provider this generator writes (github, gitlab)`);

  const native = options.nativeRunners ? nativeRunners(options.platforms ?? ['linux/amd64', 'linux/arm64']) : undefined;
  const facts = collectReleaseFacts(tree);
  if (facts.projects.length === 0) {
    logger.warn('No project has a docker-release target yet: the workflow runs, but releases nothing (nx g nx-docker-release:configuration).');
  }
  const tagPatterns = options.tagPatterns?.length ? options.tagPatterns : facts.tagPatterns.length ? facts.tagPatterns : ['*.*.*'];
  const packageManager = detectPackageManager(tree);
  const nodeVersion = detectNodeVersion(tree);
  const gates = options.gates ?? true;
  const label = options.label ?? '';
  if (!gates && label !== '') throw new GeneratorOptionError('label', 'the label check is a job of pull-request.yml, which --gates=false does not write');
  if (gates) {
    if (label !== '' && !/^[\w .:/-]+$/.test(label)) throw new GeneratorOptionError('label', `"${label}" is not usable as a pull-request label name here`);
    if (name === GATES_FILE || name === PULL_REQUEST_FILE) throw new GeneratorOptionError('name', `"${name}" is the name of a gate workflow; pick another or pass --gates=false`);
    const input = { mainBranch, packageManager, nodeVersion, goModFile: facts.goModFile, label, targets: facts.targetNames };
    writeOwnWorkflow(tree, GATES_FILE, renderGates(input));
    writeOwnWorkflow(tree, PULL_REQUEST_FILE, renderPullRequest(input));
  }
  const text = renderWorkflow({
    name,
    mainBranch,
    tagPatterns,
    envNames: facts.envNames,
    targets: facts.targetNames,
    goModFile: facts.goModFile,
    packageManager,
    nodeVersion,
    native,
    docker: facts.docker,
    ...(facts.signing ? { signing: facts.signing } : {}),
    ...(facts.ghaCache ? { ghaCache: true } : {}),
    ...(gates ? { gates: GATES_FILE } : {}),
  });
  const workflowFile = `.github/workflows/${name}.yml`;
  tree.write(workflowFile, text);
  if (!options.skipFormat) await formatFiles(tree);
  const steps = ciWorkflowNextSteps({
    workflowFile,
    mainBranch,
    tagPatterns,
    envNames: facts.envNames,
    gates,
    label,
    ...(facts.signing ? { signing: facts.signing } : {}),
    nx: packageManager.nx,
    nxRelease: readNxJson(tree)?.release !== undefined,
    noProjects: facts.projects.length === 0,
  });
  return () => printNextSteps('ci-workflow', steps);
}

/** Writes a workflow this generator owns; a file of that name written by someone else is refused. */
function writeOwnWorkflow(tree: Tree, file: string, text: string): void {
  const path = `.github/workflows/${file}.yml`;
  const existing = tree.read(path, 'utf-8');
  if (existing !== null && !existing.includes('Written by nx g nx-docker-release:ci-workflow')) {
    throw new GeneratorOptionError('gates', `${path} exists and was not written by this generator; rename it, or pass --gates=false`);
  }
  if (existing !== text) tree.write(path, text);
}

/** GitHub-hosted runners that run each platform natively (no emulation). */
const RUNNERS: Record<string, string> = { 'linux/amd64': 'ubuntu-24.04', 'linux/arm64': 'ubuntu-24.04-arm' };

function nativeRunners(platforms: string[]): { platform: string; runner: string }[] {
  return platforms.map((platform) => {
    const runner = RUNNERS[platform];
    if (!runner) throw new GeneratorOptionError('platforms', `no GitHub-hosted runner builds ${platform} natively (known: ${Object.keys(RUNNERS).join(', ')})`);
    return { platform, runner };
  });
}

export default ciWorkflowGenerator;
