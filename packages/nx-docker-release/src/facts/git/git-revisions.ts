import type { Runner } from '../../release/runner';

/** The commit each revision names (`git rev-parse --verify`), in order; revisions that name none are left out. */
export async function commitsOf(run: Runner, cwd: string, revisions: readonly string[], env: Record<string, string | undefined> = process.env): Promise<string[]> {
  const found = await Promise.all(
    revisions.map(async (revision) => {
      const res = await run('git', ['rev-parse', '--verify', '--quiet', revision], { cwd, env });
      const sha = res.stdout.trim();
      return res.exitCode === 0 && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
    }),
  );
  return [...new Set(found.filter((sha): sha is string => sha !== undefined))];
}
