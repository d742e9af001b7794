/** Options of the `docker-release` executor; mirrors schema.json (additionalProperties: false). */
export interface LoginOptions {
  registry?: string;
  usernameEnv: string;
  passwordEnv: string;
}

export type BuilderChoice = 'auto' | 'buildx' | 'classic';

export interface DockerReleaseOptions {
  images: string[];
  registry?: string;
  tags?: string[];
  flavor?: string[];
  labels?: string[];
  annotations?: string[];
  releaseTagPattern?: string;
  ref?: string;
  sha?: string;
  context?: string;
  file?: string;
  buildArgs?: Record<string, string>;
  secrets?: Record<string, string>;
  platforms?: string[];
  target?: string;
  cacheFrom?: string[];
  cacheTo?: string[];
  push?: boolean;
  login?: LoginOptions;
  builder?: BuilderChoice;
  docker?: string;
  resultFile?: string;
  dryRun?: boolean;
}
