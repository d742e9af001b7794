// Jest cannot load ESM execa; unit tests get this automatic mock. Tests that care replace the
// implementation with mockImplementation. e2e tests run nx as a subprocess, with the real execa.
export const execa = jest.fn(async (file: string, args: readonly string[] = []) => ({
  command: [file, ...args].join(' '),
  stdout: '',
  stderr: '',
  exitCode: 0,
}));
