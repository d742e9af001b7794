import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TargetsCache } from './targets-cache';

describe('TargetsCache', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'targets-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('computes once, persists, and serves the stored value on the next run', () => {
    const path = join(dir, 'cache.hash');
    const compute = jest.fn(() => ({ release: { executor: 'x' } }));
    const first = new TargetsCache(path);
    expect(first.getOrCompute('k', compute)).toEqual({ release: { executor: 'x' } });
    first.write();
    const second = new TargetsCache(path);
    expect(second.getOrCompute('k', compute)).toEqual({ release: { executor: 'x' } });
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('writes back only the entries the run used', () => {
    const path = join(dir, 'cache.hash');
    writeFileSync(path, JSON.stringify({ old: { a: {} }, kept: { b: {} } }));
    const cache = new TargetsCache(path);
    cache.getOrCompute('kept', () => ({}));
    cache.write();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ kept: { b: {} } });
  });

  it('treats a corrupt file as empty', () => {
    const path = join(dir, 'cache.hash');
    writeFileSync(path, '{not json');
    const compute = jest.fn(() => ({}));
    new TargetsCache(path).getOrCompute('k', compute);
    expect(compute).toHaveBeenCalled();
  });
});
