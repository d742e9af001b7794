/** Options of the `init` generator; mirrors schema.json (additionalProperties: false). */
export interface InitGeneratorSchema {
  targetName?: string;
  registry?: string;
  imageName?: string;
  usernameEnv?: string;
  passwordEnv?: string;
  pushMode?: 'registry' | 'docker';
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}
