import { parseFlavor } from './flavor';
import { globalScope } from './global-scope';
import { parseImages } from './images';
import { buildJson } from './json-output';
import { mergeKeyValues, ociBaseEntries } from './labels';
import { MetadataError } from './metadata-error';
import type { ProcessorEnv } from './processors';
import { parseTagRules } from './tag-rules';
import { assembleTags } from './tags';
import { renderTemplate } from './template';
import type { MetadataInput, MetadataOutput } from './types';
import { evaluateTagRules, type VersionDetail } from './version';
import { resolveWorkflowContext } from './workflow-context';

/** Upstream's warnings when the rules give no version / no tag (core.warning in metadata-action's main). */
export const NO_VERSION_WARNING = 'No Docker image version has been generated. Check tags input.';
export const NO_TAG_WARNING = 'No Docker tag has been generated. Check tags input.';

export interface MetadataResult {
  output: MetadataOutput;
  /** Upstream's internal `Version` (main, partial, latest), useful for explaining a plan. */
  version: VersionDetail;
  /** What upstream prints with `core.warning` (invalid semver, unmatched patterns, ...). */
  warnings: string[];
}

/**
 * docker/metadata-action's `Meta` as a pure function (docker/metadata-action `src/main.ts`): images, then tags, then
 * flavor are parsed, so the first invalid input throws; one "now" serves every `{{date}}` and
 * the created label. Every invalid input raises a MetadataError.
 */
export function computeMetadataDetailed(input: MetadataInput): MetadataResult {
  const env = input.env ?? {};
  const now = input.now ?? new Date();
  if (Number.isNaN(now.getTime())) {
    throw new MetadataError('Invalid "now" date given to computeMetadata');
  }
  const images = parseImages(input.images);
  const rules = parseTagRules(input.tags);
  const flavor = parseFlavor(input.flavor);
  const ctx = resolveWorkflowContext(input.context, env, now);
  const scope = globalScope(ctx, env, now);
  const render = (template: string): string => renderTemplate(template, scope);
  const warnings: string[] = [];
  const pe: ProcessorEnv = { ctx, repo: input.repo, env, now, render, warn: (m) => warnings.push(m) };

  const version = evaluateTagRules(rules, flavor, pe);
  const { tags, tagNames } = assembleTags(version, flavor, images);
  const base = ociBaseEntries({ repo: input.repo, version: version.main, created: now, revision: ctx.sha });
  const labels = mergeKeyValues([...base, ...input.labels.map(render)]);
  const annotations = mergeKeyValues([...base, ...input.annotations.map(render)]);
  if (version.main === undefined) {
    warnings.push(NO_VERSION_WARNING);
  }
  if (tags.length === 0) {
    warnings.push(NO_TAG_WARNING);
  }
  const json = buildJson([...tags], [...tagNames], labels, annotations, env);
  return {
    output: { version: version.main ?? '', tags, tagNames, labels, annotations, json },
    version,
    warnings,
  };
}

/** The step outputs of docker/metadata-action for these inputs (the contract of `fixtures/README.md`). */
export function computeMetadata(input: MetadataInput): MetadataOutput {
  return computeMetadataDetailed(input).output;
}
