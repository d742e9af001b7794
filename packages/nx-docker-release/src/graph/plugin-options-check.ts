import executorSchema from '../executors/docker-release/schema.json';
import { ReleaseError } from '../release/release-error';
import { schemaProblem, type JsonSchema } from './json-schema-check';
import { EXECUTOR_DEFAULT_KEYS } from './plugin-options';

const STRINGS: JsonSchema = { type: 'array', items: { type: 'string' } };

/** The plugin entry's options: its own keys, and the executor's keys it sets defaults for, by the executor's schema. */
function pluginSchema(): JsonSchema {
  const executor = executorSchema.properties as unknown as Record<string, JsonSchema>;
  const shared = [...EXECUTOR_DEFAULT_KEYS, 'tags', 'releaseTagPattern', 'platforms'] as const;
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      targetName: { type: 'string' },
      buildTargetName: { type: 'string' },
      registry: { type: 'string' },
      imageName: { type: 'string' },
      include: STRINGS,
      exclude: STRINGS,
      ...Object.fromEntries(shared.map((key) => [key, executor[key]!])),
    },
  };
}

/** Pure: one line naming nx.json and the key for the first problem of the plugin entry's options. */
export function pluginOptionsProblem(options: unknown): string | undefined {
  const problem = schemaProblem(options ?? {}, pluginSchema(), 'options');
  return problem === undefined ? undefined : `nx.json: plugin nx-docker-release ${problem}`;
}

/**
 * Throws the problem as a ReleaseError whose stack is its one line: Nx prints the stack of an
 * error a graph plugin throws, and a mistake in nx.json is not a bug.
 */
export function assertPluginOptions(options: unknown): void {
  const problem = pluginOptionsProblem(options);
  if (problem === undefined) return;
  const error = new ReleaseError(problem);
  error.stack = problem;
  throw error;
}
