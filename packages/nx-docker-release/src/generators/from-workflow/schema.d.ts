/** Options of the `from-workflow` generator; mirrors schema.json (additionalProperties: false). */
export interface FromWorkflowGeneratorSchema {
  workflow: string;
  project?: string;
  removePathFilter?: boolean;
  deleteWorkflow?: boolean;
  keepWorkflow?: boolean;
  overwrite?: boolean;
  skipFormat?: boolean;
}
