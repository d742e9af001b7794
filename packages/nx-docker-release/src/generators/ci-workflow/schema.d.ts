/** Options of the `ci-workflow` generator; mirrors schema.json (additionalProperties: false). */
export interface CiWorkflowGeneratorSchema {
  /** Where the pipeline runs: github (.github/workflows, the default) or gitlab (.gitlab-ci.yml). */
  provider?: 'github' | 'gitlab';
  name?: string;
  mainBranch?: string;
  tagPatterns?: string[];
  skipFormat?: boolean;
  /** Build each platform on its own native runner (a matrix), then merge the index in one job. */
  nativeRunners?: boolean;
  platforms?: string[];
  /** Write gates.yml and pull-request.yml, and make the release wait for the gates (default true). */
  gates?: boolean;
  /** A label every pull request must carry, e.g. lgtm (default empty: no label check). */
  label?: string;
}
