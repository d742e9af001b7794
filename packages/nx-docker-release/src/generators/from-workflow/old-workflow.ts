import type { Tree } from '@nx/devkit';
import { GeneratorOptionError } from '../shared/option-error';
import type { BuildUnit } from './read-workflow';
import { removePathFilter } from './remove-path-filter';
import { retireWorkflow } from './retire-workflow';
import type { FromWorkflowGeneratorSchema } from './schema';

export interface OldWorkflow {
  /** What the file became: still pushing (`kept`), or not. */
  kind: 'kept' | 'edited' | 'deleted' | 'unchanged';
  /** One line saying exactly what happened to the file. */
  line: string;
}

/** Refuses the combinations that would leave the old workflow pushing on every push. */
export function checkWorkflowOptions(options: FromWorkflowGeneratorSchema): void {
  if (options.keepWorkflow && options.deleteWorkflow) throw new GeneratorOptionError('keepWorkflow', '--deleteWorkflow deletes the workflow --keepWorkflow keeps; pass one of them');
  if (options.keepWorkflow && options.removePathFilter) {
    throw new GeneratorOptionError(
      'removePathFilter',
      'with --keepWorkflow the old workflow would build and push on every push, racing the release for the same tags; leave out --keepWorkflow (its docker steps are then removed)',
    );
  }
}

/**
 * The old workflow once its builds are release targets: kept as it is (`--keepWorkflow`), deleted
 * (`--deleteWorkflow`), or by default stripped of what the targets replace (deleted when no job is left).
 */
export function settleOldWorkflow(
  tree: Tree,
  path: string,
  text: string,
  builds: { converted: readonly BuildUnit[]; notConverted: readonly BuildUnit[] },
  options: FromWorkflowGeneratorSchema,
): OldWorkflow {
  if (options.keepWorkflow) return { kind: 'kept', line: `${path}: kept as it is (--keepWorkflow): it still builds and pushes the same images; remove its docker steps before the release runs` };
  if (options.deleteWorkflow) {
    tree.delete(path);
    return { kind: 'deleted', line: `${path}: deleted (--deleteWorkflow)` };
  }
  const fate = retireWorkflow(text, builds.converted, builds.notConverted);
  if (fate.kind === 'deleted') {
    tree.delete(path);
    return { kind: 'deleted', line: `${path}: deleted: ${fate.changes.join('; ')}` };
  }
  const retired = fate.kind === 'edited' ? fate.text : text;
  const unfiltered = options.removePathFilter ? removePathFilter(retired) : undefined;
  const changes = [...(fate.kind === 'edited' ? fate.changes : []), ...(unfiltered === undefined ? [] : ['path filters removed'])];
  if (changes.length === 0) return { kind: 'unchanged', line: `${path}: unchanged` };
  tree.write(path, unfiltered ?? retired);
  return { kind: 'edited', line: `${path}: edited: ${changes.join('; ')}` };
}
