import { formatFiles, logger, readNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { printNextSteps } from '../../shared/next-steps';
import { GeneratorOptionError } from '../../shared/option-error';
import { dotenvFile } from '../../../release/gitlab-dotenv';
import { detectNodeVersion } from '../node-version';
import { detectPackageManager } from '../package-manager';
import { collectReleaseFacts } from '../release-facts';
import type { CiWorkflowGeneratorSchema } from '../schema';
import { nodeMajor } from './gitlab-images';
import { gitlabNextSteps } from './gitlab-next-steps';
import { renderGitlabPipeline } from './render-gitlab';

/** The mark of a file this generator owns: written again freely; any other file is left alone. */
const MARK = 'Written by nx g nx-docker-release:ci-workflow --provider=gitlab';

/**
 * GitHub-only options that would change what is written: refused, never silently ignored. (gates
 * keeps its schema default of true, which Nx fills in: there are no gate workflows to write here.)
 */
function refuseGithubOnly(options: CiWorkflowGeneratorSchema): void {
  const given = options.nativeRunners ? 'nativeRunners' : options.platforms?.length ? 'platforms' : options.label ? 'label' : undefined;
  if (given) throw new GeneratorOptionError(given, 'is a GitHub Actions option (native-runner matrix, pull-request label check); --provider=gitlab has none');
}

/**
 * `ci-workflow --provider=gitlab`: `.gitlab-ci.yml`, or, next to a hand-written one, an
 * include-able `.gitlab/ci/<name>.gitlab-ci.yml` (the jobs name no `stages:` and no `workflow:`).
 */
export async function writeGitlabPipeline(tree: Tree, options: CiWorkflowGeneratorSchema, name: string, mainBranch: string): Promise<GeneratorCallback> {
  refuseGithubOnly(options);
  const facts = collectReleaseFacts(tree);
  if (facts.projects.length === 0) logger.warn('No project has a docker-release target yet: the pipeline runs, but releases nothing (nx g nx-docker-release:configuration).');
  const tagPatterns = options.tagPatterns?.length ? options.tagPatterns : facts.tagPatterns.length ? facts.tagPatterns : ['*.*.*'];
  const packageManager = detectPackageManager(tree);
  const node = nodeMajor(detectNodeVersion(tree), (path) => tree.read(path, 'utf-8'));
  const text = renderGitlabPipeline({
    mainBranch,
    tagPatterns,
    targets: facts.targetNames,
    packageManager,
    nodeMajor: node.major,
    nodeFrom: node.from,
    dotenvFiles: facts.projects.map((project) => dotenvFile(`dist/docker-release/${project}.json`)),
    docker: facts.docker,
    ...(facts.signing ? { signing: facts.signing } : {}),
  });
  const existing = tree.read('.gitlab-ci.yml', 'utf-8');
  const included = existing !== null && !existing.includes(MARK);
  const pipelineFile = included ? `.gitlab/ci/${name}.gitlab-ci.yml` : '.gitlab-ci.yml';
  const previous = tree.read(pipelineFile, 'utf-8');
  if (included && previous !== null && !previous.includes(MARK)) throw new GeneratorOptionError('name', `${pipelineFile} exists and was not written by this generator; pass another --name`);
  tree.write(pipelineFile, text);
  if (!options.skipFormat) await formatFiles(tree);
  const steps = gitlabNextSteps({
    pipelineFile,
    included,
    mainBranch,
    tagPatterns,
    envNames: facts.envNames,
    ghaCache: facts.ghaCache === true,
    ...(facts.signing ? { signing: facts.signing } : {}),
    nx: packageManager.nx,
    nxRelease: readNxJson(tree)?.release !== undefined,
    noProjects: facts.projects.length === 0,
  });
  return () => printNextSteps('ci-workflow', steps);
}
