/** Options of the `ci-workflow` generator; mirrors schema.json (additionalProperties: false). */
export interface CiWorkflowGeneratorSchema {
  name?: string;
  mainBranch?: string;
  tagPatterns?: string[];
  skipFormat?: boolean;
}
