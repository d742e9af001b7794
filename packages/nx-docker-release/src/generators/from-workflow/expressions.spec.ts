import { resolveExpression } from './expressions';

const env = { REG: 'ghcr.io', ORG: 'kyma-project', FULL: '${{ env.REG }}/${{ env.ORG }}', REPO: '${{ github.repository }}' };

describe('resolveExpression', () => {
  it.each([
    ['${{ env.REG }}/${{ env.ORG }}/app', { kind: 'text', value: 'ghcr.io/kyma-project/app' }],
    ['${{env.FULL}}/app', { kind: 'text', value: 'ghcr.io/kyma-project/app' }],
    ['plain', { kind: 'text', value: 'plain' }],
    ['type=semver,pattern={{version}}', { kind: 'text', value: 'type=semver,pattern={{version}}' }],
    [' ${{ secrets.GH_CR_PAT }} ', { kind: 'secret', name: 'GH_CR_PAT' }],
    ['${{ steps.meta.outputs.tags }}', { kind: 'step-output', step: 'meta', output: 'tags' }],
    ['${{ env.MISSING }}', { kind: 'unresolved', expression: '${{ env.MISSING }}' }],
    ['${{ env.REPO }}', { kind: 'unresolved', expression: '${{ github.repository }}' }],
    ['${{ github.actor }}', { kind: 'unresolved', expression: '${{ github.actor }}' }],
    ['token-${{ secrets.X }}', { kind: 'unresolved', expression: '${{ secrets.X }}' }],
    ["${{ github.event_name != 'pull_request' }}", { kind: 'unresolved', expression: "${{ github.event_name != 'pull_request' }}" }],
  ])('%j', (raw, expected) => {
    expect(resolveExpression(raw, env)).toEqual(expected);
  });
});
