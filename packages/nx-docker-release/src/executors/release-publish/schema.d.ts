/** Options of the `release-publish` executor; mirrors schema.json (additionalProperties: false). */
export interface ReleasePublishOptions {
  releaseTarget?: string;
  registry?: string;
  dryRun?: boolean;
  firstRelease?: boolean;
  /** What `nx release version` decided, per project (Nx passes it to nx-release-publish). */
  nxReleaseVersionData?: Record<string, { currentVersion?: string | null; newVersion?: string | null } | undefined>;
}
