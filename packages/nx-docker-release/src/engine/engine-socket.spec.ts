import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineSocket, renameImage } from './engine-socket';

describe('the engine API on its unix socket', () => {
  it('is used only for an engine on this machine', () => {
    expect(engineSocket({})).toBe('/var/run/docker.sock');
    expect(engineSocket({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toBe('/run/user/1000/docker.sock');
    expect(engineSocket({ DOCKER_HOST: 'tcp://10.0.0.5:2376' })).toBeNull();
    expect(engineSocket({ DOCKER_HOST: 'ssh://builder' })).toBeNull();
  });

  it('renames an image: tag under the new name, then untag the old one without pruning', async () => {
    const socket = join(mkdtempSync(join(tmpdir(), 'engine-socket-')), 'docker.sock');
    const calls: string[] = [];
    const server = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      res.statusCode = req.method === 'POST' ? 201 : 200;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    expect(await renameImage(socket, '127.0.0.1:4000/org/app:sha-1', 'ghcr.io/org/app:sha-1')).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(calls).toEqual(['POST /images/127.0.0.1%3A4000%2Forg%2Fapp%3Asha-1/tag?repo=ghcr.io%2Forg%2Fapp&tag=sha-1', 'DELETE /images/127.0.0.1%3A4000%2Forg%2Fapp%3Asha-1?noprune=1']);
  });

  it('answers false when no engine listens there (the caller falls back to the CLI)', async () => {
    expect(await renameImage(join(tmpdir(), 'no-such-engine.sock'), 'a:1', 'b:1')).toBe(false);
  });
});
