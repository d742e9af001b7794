/** Options of the `init` generator; mirrors schema.json (additionalProperties: false). */
export interface InitGeneratorSchema {
  targetName?: string;
  registry?: string;
  imageName?: string;
  usernameEnv?: string;
  passwordEnv?: string;
  pushMode?: 'registry' | 'docker';
  /** Also write an nx release configuration for the image projects (kept when nx.json has one). */
  nxRelease?: boolean;
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}
