import { spawnSync } from 'node:child_process';
import { identityAlive, processIdentity } from './process-identity';

describe('processIdentity', () => {
  it('names this process by pid and start time; it is alive', () => {
    const me = processIdentity();
    expect(me).toMatch(new RegExp(`^${process.pid} \\d+$`));
    expect(identityAlive(me)).toBe(true);
  });

  it('a process that exited is gone; the same pid with another start time is another process', () => {
    const child = spawnSync('true');
    expect(child.pid).toBeGreaterThan(0);
    expect(identityAlive(`${child.pid} 1`)).toBe(false);
    const [pid, start] = processIdentity().split(' ');
    expect(identityAlive(`${pid} ${Number(start) + 1}`)).toBe(false);
    expect(identityAlive(`${pid}`)).toBe(true);
  });
});
