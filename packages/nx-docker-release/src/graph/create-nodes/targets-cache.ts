import type { TargetConfiguration } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { readJson, writeJson } from '../nx-runtime';

type Targets = Record<string, TargetConfiguration>;

/**
 * Inferred targets keyed by a hash of everything they are computed from, kept in Nx's workspace
 * data directory between runs, as Nx's own plugins do (@nx/docker, @nx/js typescript). Only the
 * entries used by the current run are written back, so the file does not grow without bound.
 */
export class TargetsCache {
  private readonly stored: Record<string, Targets>;
  private readonly used: Record<string, Targets> = {};
  private changed = false;

  constructor(private readonly path: string | undefined) {
    this.stored = path !== undefined && existsSync(path) ? safeRead(path) : {};
  }

  getOrCompute(key: string, compute: () => Targets): Targets {
    const hit = this.stored[key];
    const value = hit ?? compute();
    if (!hit) this.changed = true;
    this.used[key] = value;
    return value;
  }

  write(): void {
    const stale = Object.keys(this.stored).some((key) => !(key in this.used));
    if (this.path !== undefined && (this.changed || stale)) writeJson(this.path, this.used);
  }
}

function safeRead(path: string): Record<string, Targets> {
  try {
    return readJson(path);
  } catch {
    return {};
  }
}
