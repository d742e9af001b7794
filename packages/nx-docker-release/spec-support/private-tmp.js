// Jest global set-up and tear-down: the whole run gets a temp directory of its own (TMPDIR,
// inherited by the workers and by every process a test starts), removed when the run ends, so
// nothing a spec forgets is left in the machine's shared /tmp.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports.setUp = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nx-docker-release-tests-'));
  process.env.NX_DOCKER_RELEASE_TEST_TMP = dir;
  process.env.TMPDIR = dir;
};

module.exports.tearDown = async () => {
  const dir = process.env.NX_DOCKER_RELEASE_TEST_TMP;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
