/** Options of the `init` generator; mirrors schema.json (additionalProperties: false). */
export interface InitGeneratorSchema {
  targetName?: string;
  registry?: string;
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}
