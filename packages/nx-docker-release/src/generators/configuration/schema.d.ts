/** Options of the `configuration` generator; mirrors schema.json (additionalProperties: false). */
export interface ConfigurationGeneratorSchema {
  project: string;
  registry?: string;
  imageName?: string;
  preset?: 'seed' | 'semver' | 'custom';
  tags?: string[];
  releaseTagPattern?: string;
  usernameEnv?: string;
  passwordEnv?: string;
  platforms?: string[];
  buildArgs?: string[];
  secrets?: string[];
  template?: 'go' | 'node' | 'none';
  skipFormat?: boolean;
}
