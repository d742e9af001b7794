import { stringify } from 'yaml';
import { resolveExpression } from './expressions';
import { readWorkflow } from './read-workflow';

/** A build step whose scope is the workflow env below and one matrix entry. */
const step = readWorkflow(
  'wf.yml',
  stringify({
    env: { REG: 'ghcr.io', ORG: 'kyma-project', FULL: '${{ env.REG }}/${{ env.ORG }}', REPO: '${{ github.repository }}', HUB: "${{ vars.HUB || 'docker.io' }}" },
    jobs: { release: { strategy: { matrix: { service: ['api'] } }, steps: [{ uses: 'docker/build-push-action@v6' }] } },
  }),
).units[0]!.build;

describe('resolveExpression', () => {
  it.each([
    ['${{ env.REG }}/${{ env.ORG }}/app', false, { kind: 'text', value: 'ghcr.io/kyma-project/app' }],
    ['${{env.FULL}}/app', false, { kind: 'text', value: 'ghcr.io/kyma-project/app' }],
    ['${{ env.REG }}/${{ matrix.service }}', false, { kind: 'text', value: 'ghcr.io/api' }],
    ["${{ format('{0}/{1}', env.REG, 'x') }}", false, { kind: 'text', value: 'ghcr.io/x' }],
    ['plain', false, { kind: 'text', value: 'plain' }],
    ['type=semver,pattern={{version}}', false, { kind: 'text', value: 'type=semver,pattern={{version}}' }],
    [' ${{ secrets.GH_CR_PAT }} ', false, { kind: 'secret', name: 'GH_CR_PAT' }],
    ['${{ steps.meta.outputs.tags }}', false, { kind: 'step-output', step: 'meta', output: 'tags' }],
    ['${{ env.MISSING }}', false, { kind: 'unresolved', expression: '${{ env.MISSING }}' }],
    ['${{ env.MISSING }}', true, { kind: 'text', value: '${{ env.MISSING }}' }],
    ['${{ env.REPO }}', false, { kind: 'unresolved', expression: '${{ env.REPO }}' }],
    ['${{ env.REPO }}', true, { kind: 'text', value: '${{ github.repository }}' }],
    ['${{ env.HUB }}/app', true, { kind: 'text', value: "${{ env.HUB || 'docker.io' }}/app" }],
    ['v${{ steps.x.outputs.version }}', true, { kind: 'unresolved', expression: '${{ steps.x.outputs.version }}' }],
    ['${{ github.actor }}', false, { kind: 'unresolved', expression: '${{ github.actor }}' }],
    ['token-${{ secrets.X }}', false, { kind: 'unresolved', expression: '${{ secrets.X }}' }],
    ["${{ github.event_name != 'pull_request' }}", false, { kind: 'unresolved', expression: "${{ github.event_name != 'pull_request' }}" }],
  ])('%j (run time %s)', (raw, runTime, expected) => {
    expect(resolveExpression(raw, step, runTime)).toEqual(expected);
  });
});
