import type { TagType } from '../tag-entry';
import { procEdge } from './edge';
import { procMatch } from './match';
import { procPep440 } from './pep440';
import type { TagProcessor } from './processor';
import { procRaw } from './raw';
import { procRef } from './ref';
import { procSchedule } from './schedule';
import { procSemver } from './semver';
import { procSha } from './sha';

export type { Candidate, ProcessorEnv, TagProcessor } from './processor';

/** One processor per tag type, mirroring the switch in `meta.ts › getVersion`. */
export const PROCESSORS: Readonly<Record<TagType, TagProcessor>> = {
  schedule: procSchedule,
  semver: procSemver,
  pep440: procPep440,
  match: procMatch,
  edge: procEdge,
  ref: procRef,
  raw: procRaw,
  sha: procSha,
};
