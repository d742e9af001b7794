import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from './runner';

// Real child processes (node itself), no shell.
const node = process.execPath;

describe('runProcess', () => {
  it('returns exit code, stdout and stderr without the final newline', async () => {
    const res = await runProcess(node, ['-e', 'process.stdout.write("out\\n"); process.stderr.write("err\\n"); process.exit(3)']);
    expect(res).toEqual({ exitCode: 3, stdout: 'out', stderr: 'err' });
  });

  it('passes argv verbatim: no shell expands anything', async () => {
    const arg = '$HOME; echo injected `id` "quoted"';
    const res = await runProcess(node, ['-e', 'process.stdout.write(process.argv[1])', arg]);
    expect(res.stdout).toBe(arg);
  });

  it('gives the child exactly the environment it is handed', async () => {
    const res = await runProcess(node, ['-e', 'process.stdout.write(JSON.stringify([process.env.ONLY, process.env.DROPPED ?? null, process.env.HOME ?? null]))'], {
      env: { ONLY: 'yes', DROPPED: undefined },
    });
    expect(JSON.parse(res.stdout)).toEqual(['yes', null, null]);
  });

  it('writes input to stdin and runs in cwd', async () => {
    const res = await runProcess(node, ['-e', 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(s+"|"+process.cwd()))'], {
      input: 'secret-on-stdin',
      cwd: '/',
    });
    expect(res.stdout).toBe('secret-on-stdin|/');
  });

  it('streams lines from both streams, including a last line without newline and split UTF-8', async () => {
    const lines: string[] = [];
    const script = 'const b=Buffer.from("caf\\u00e9\\n");process.stdout.write(b.subarray(0,4));setTimeout(()=>{process.stdout.write(b.subarray(4));process.stderr.write("warn\\r\\nlast")},50)';
    const res = await runProcess(node, ['-e', script], { onLine: (l) => lines.push(l) });
    expect(res.exitCode).toBe(0);
    expect(lines.sort()).toEqual(['café', 'last', 'warn']);
  });

  it('reports a program that cannot start as exit 127 with the reason, without throwing', async () => {
    const res = await runProcess('/nonexistent/docker', ['version']);
    expect(res.exitCode).toBe(127);
    expect(res.stderr).toContain('/nonexistent/docker');
    expect(res.stderr).toContain('ENOENT');
  });

  it('lets the child write stdout straight into a private file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'runner-')), 'out.bin');
    const res = await runProcess(node, ['-e', 'process.stdout.write(Buffer.alloc(3 << 20, 7)); process.stderr.write("done")'], { stdoutFile: file });
    expect(res).toEqual({ exitCode: 0, stdout: '', stderr: 'done' });
    expect(readFileSync(file).equals(Buffer.alloc(3 << 20, 7))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
