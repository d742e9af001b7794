import { parse } from 'yaml';
import { readWorkflow } from './read-workflow';
import { retireWorkflow } from './retire-workflow';

/** Retires every build of the workflow, as the generator does when all of them were converted. */
const retire = (text: string) => retireWorkflow(text, readWorkflow('wf.yml', text).units);

const lines = (...l: string[]) => `${l.join('\n')}\n`;

const DOCKER_STEPS = [
  '      - uses: actions/checkout@v4',
  '      - uses: docker/setup-qemu-action@v3',
  '      - id: buildx',
  '        uses: docker/setup-buildx-action@v3',
  '      - name: Log in',
  '        uses: docker/login-action@v3',
  '        with: { registry: ghcr.io, username: "${{ github.actor }}", password: "${{ secrets.GITHUB_TOKEN }}" }',
  '      - id: meta',
  '        uses: docker/metadata-action@v5',
  '        with: { images: ghcr.io/acme/app }',
  '      - id: build',
  '        uses: docker/build-push-action@v6',
  '        with: { context: app, builder: "${{ steps.buildx.outputs.name }}", tags: "${{ steps.meta.outputs.tags }}" }',
  '      - uses: sigstore/cosign-installer@v3',
  '      - run: cosign sign --yes ghcr.io/acme/app@${{ steps.build.outputs.digest }}',
];

describe('retireWorkflow', () => {
  it('deletes a workflow whose only job did nothing but the docker release', () => {
    expect(retire(lines('on: push', 'jobs:', '  docker:', '    runs-on: ubuntu-latest', '    steps:', ...DOCKER_STEPS))).toEqual({
      kind: 'deleted',
      changes: ['job docker removed (only its checkout was left)', 'no job was left'],
    });
  });

  it('removes the docker steps of a job that does more, keeping its other steps, other jobs and comments', () => {
    const text = lines(
      '# Builds and tests',
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: go test ./... # the unit tests',
      '  docker:',
      '    needs: test',
      '    runs-on: ubuntu-latest',
      '    steps:',
      ...DOCKER_STEPS,
      '      - name: Notify',
      '        run: curl -X POST https://chat.example.com/hook',
    );
    const fate = retire(text);
    expect(fate.kind).toBe('edited');
    if (fate.kind !== 'edited') return;
    expect(fate.changes).toEqual(['job docker: steps removed: "docker/setup-qemu-action@v3", "buildx", "Log in", "meta", "build", "sigstore/cosign-installer@v3", "step 8"']);
    const after = parse(fate.text) as { jobs: Record<string, { needs?: string; steps: { uses?: string; run?: string }[] }> };
    expect(after.jobs['docker']!.steps).toEqual([{ uses: 'actions/checkout@v4' }, { name: 'Notify', run: 'curl -X POST https://chat.example.com/hook' }]);
    expect(after.jobs['docker']!.needs).toBe('test');
    expect(fate.text).toContain('# Builds and tests');
    expect(fate.text).toContain('      - run: go test ./... # the unit tests');
  });

  it("names a kept job's outputs that read a removed step", () => {
    const text = lines('on: push', 'jobs:', '  docker:', '    outputs:', '      digest: ${{ steps.build.outputs.digest }}', '    steps:', ...DOCKER_STEPS, '      - run: make docs');
    const fate = retire(text);
    expect(fate.kind === 'edited' && fate.changes.at(-1)).toBe('job docker: its outputs read the removed step(s) build: check the jobs that need it');
  });

  it('keeps the login and Buildx while the job still runs docker itself', () => {
    const fate = retire(lines('on: push', 'jobs:', '  docker:', '    steps:', ...DOCKER_STEPS, '      - run: docker push ghcr.io/acme/other:latest'));
    expect(fate.kind === 'edited' && fate.changes).toEqual(['job docker: steps removed: "build", "sigstore/cosign-installer@v3", "step 8"']);
  });

  it('drops a removed job from the needs of the jobs kept, and names a job reading its outputs', () => {
    const text = lines(
      'on: push',
      'jobs:',
      '  docker:',
      '    steps:',
      ...DOCKER_STEPS,
      '  deploy:',
      '    needs: [docker, test]',
      '    steps:',
      '      - run: ./deploy.sh ${{ needs.docker.outputs.digest }}',
      '  test:',
      '    steps:',
      '      - run: make test',
      '  notify:',
      '    needs: docker',
      '    steps:',
      '      - run: ./notify.sh',
    );
    const fate = retire(text);
    if (fate.kind !== 'edited') throw new Error(`expected an edit, got ${fate.kind}`);
    const after = parse(fate.text) as { jobs: Record<string, { needs?: unknown }> };
    expect(Object.keys(after.jobs)).toEqual(['deploy', 'test', 'notify']);
    expect(after.jobs['deploy']!.needs).toEqual(['test']);
    expect(after.jobs['notify']!.needs).toBeUndefined();
    expect(fate.changes).toEqual([
      'job docker removed (only its checkout was left)',
      'job deploy: needs no longer lists docker',
      'job deploy reads needs.docker, which is gone: check it',
      'job notify: needs no longer lists docker',
    ]);
  });

  it('removes a push-by-digest build job and its merge job whole', () => {
    const text = lines(
      'on: { push: { branches: [main] } }',
      'jobs:',
      '  build:',
      '    strategy: { matrix: { platform: [linux/amd64, linux/arm64] } }',
      '    steps:',
      '      - { id: meta, uses: docker/metadata-action@v5, with: { images: ghcr.io/acme/app } }',
      '      - id: build',
      '        uses: docker/build-push-action@v6',
      '        with: { context: app, platforms: "${{ matrix.platform }}", outputs: "type=image,name=ghcr.io/acme/app,push-by-digest=true,push=true" }',
      '      - uses: actions/upload-artifact@v4',
      '        with: { name: digests, path: /tmp/digests/* }',
      '  merge:',
      '    needs: [build]',
      '    steps:',
      '      - uses: actions/download-artifact@v4',
      '      - { id: meta, uses: docker/metadata-action@v5, with: { images: ghcr.io/acme/app } }',
      '      - run: docker buildx imagetools create $(jq -cr \'.tags | map("-t " + .) | join(" ")\' <<< "$DOCKER_METADATA_OUTPUT_JSON")',
      '  lint:',
      '    steps:',
      '      - run: make lint',
    );
    const fate = retire(text);
    if (fate.kind !== 'edited') throw new Error(`expected an edit, got ${fate.kind}`);
    expect(Object.keys((parse(fate.text) as { jobs: object }).jobs)).toEqual(['lint']);
    expect(fate.changes).toEqual(['job build removed (it pushed each platform by digest)', 'job merge removed (it joined the digests)']);
  });

  it('names the matrix entries of a removed build step that no target replaces', () => {
    const text = lines(
      'on: push',
      'jobs:',
      '  images:',
      '    strategy: { matrix: { image: [api, worker] } }',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with: { context: "${{ matrix.image }}", tags: "ghcr.io/acme/${{ matrix.image }}:latest" }',
      '      - run: make docs',
    );
    const [api, worker] = readWorkflow('wf.yml', text).units;
    const fate = retireWorkflow(text, [api!], [worker!]);
    expect(fate.kind === 'edited' && fate.changes).toEqual([
      'job images: the removed build step also built image=worker, which no target replaces',
      'job images: steps removed: "docker/build-push-action@v6"',
    ]);
  });

  it('leaves a workflow none of whose builds were converted as it is', () => {
    const text = lines('on: push', 'jobs:', '  docker:', '    steps:', ...DOCKER_STEPS);
    expect(retireWorkflow(text, [])).toEqual({ kind: 'unchanged' });
  });
});
