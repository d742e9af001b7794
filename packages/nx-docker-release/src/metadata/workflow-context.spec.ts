import { resolveWorkflowContext } from './workflow-context';

const NOW = new Date('2021-01-01T00:00:00.000Z');
const HEAD = 'feedfacefeedfacefeedfacefeedfacefeedface';
const prPayload = { number: 15, pull_request: { head: { sha: HEAD } } };

describe('resolveWorkflowContext (docker/metadata-action `src/context.ts`)', () => {
  test.each<[string, string, Record<string, string>, string, string]>([
    ['pull_request_target gets the PR merge ref', 'pull_request_target', {}, 'refs/pull/15/merge', 'base'],
    ['pull_request keeps its ref', 'pull_request', {}, 'refs/heads/main', 'base'],
    ['PR head sha when asked (any case)', 'pull_request', { DOCKER_METADATA_PR_HEAD_SHA: 'True' }, 'refs/heads/main', HEAD],
    ['PR head sha also on pull_request_review', 'pull_request_review', { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, 'refs/heads/main', HEAD],
    ['no PR head sha on push', 'push', { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, 'refs/heads/main', 'base'],
    ['no PR head sha when off', 'pull_request', { DOCKER_METADATA_PR_HEAD_SHA: 'false' }, 'refs/heads/main', 'base'],
  ])('%s', (_name, eventName, env, ref, sha) => {
    const ctx = resolveWorkflowContext({ eventName, ref: 'refs/heads/main', sha: 'base', payload: prPayload }, env, NOW);
    expect([ctx.ref, ctx.sha]).toEqual([ref, sha]);
  });

  test.each<[string, object, string | undefined, string]>([
    ['explicit commit date wins', { head_commit: { id: 'abc', timestamp: '2019-01-01T00:00:00Z' } }, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z'],
    [
      'commits[] entry of the sha',
      {
        commits: [
          { id: 'x', timestamp: '2018-01-01T00:00:00Z' },
          { id: 'abc', timestamp: '2019-05-05T00:00:00Z' },
        ],
      },
      undefined,
      '2019-05-05T00:00:00.000Z',
    ],
    ['head_commit of the sha', { head_commit: { id: 'abc', timestamp: '2019-06-06T00:00:00Z' } }, undefined, '2019-06-06T00:00:00.000Z'],
    ['head_commit of another sha falls back to now', { head_commit: { id: 'zzz', timestamp: '2019-06-06T00:00:00Z' } }, undefined, NOW.toISOString()],
  ])('%s', (_name, payload, commitDate, expected) => {
    const ctx = resolveWorkflowContext({ eventName: 'push', ref: 'refs/heads/main', sha: 'abc', payload, commitDate }, {}, NOW);
    expect(ctx.commitDate.toISOString()).toBe(expected);
  });
});
