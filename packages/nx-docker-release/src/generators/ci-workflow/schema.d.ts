/** Options of the `ci-workflow` generator; mirrors schema.json (additionalProperties: false). */
export interface CiWorkflowGeneratorSchema {
  name?: string;
  mainBranch?: string;
  tagPatterns?: string[];
  skipFormat?: boolean;
  /** Build each platform on its own native runner (a matrix), then merge the index in one job. */
  nativeRunners?: boolean;
  platforms?: string[];
}
