import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './helpers';

// install-host.sh with fakes first on PATH: `npm` records the environment it was given and fails
// (the install stops there), `chromium`, `apt-get` and `sudo` do nothing. Nothing is installed.

const script = path.resolve(__dirname, '../../../test/host/install-host.sh');

function fakeBin(dir: string, record: string): string {
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  const write = (name: string, body: string): void => {
    writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  write('npm', `env > ${JSON.stringify(record)}\necho "fake npm: stop here" >&2\nexit 1`);
  write('chromium', 'exit 0');
  write('apt-get', 'exit 0');
  write('sudo', 'exec "$@"');
  return bin;
}

describe('install-host.sh', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('install-host');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs npm without the npm_* variables of the npm script that started it', () => {
    const record = path.join(dir, 'npm-env.txt');
    const bin = fakeBin(dir, record);
    const hostDir = path.join(dir, 'host');
    const r = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: dir,
        PRICE_ATLAS_HOST_DIR: hostDir,
        npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
        npm_node_execpath: '/usr/bin/node',
        npm_config_prefix: '/usr',
        npm_lifecycle_event: 'test',
        NODE: '/usr/bin/node',
        INIT_CWD: '/work/price-atlas',
        NPM_CONFIG_REGISTRY: 'https://registry.example.internal/',
      },
    });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(existsSync(record), `the fake npm ran: ${r.stderr}`);
    const names = readFileSync(record, 'utf8')
      .split('\n')
      .map((l) => l.split('=')[0]);
    assert.deepEqual(
      names.filter((n) => /^npm_/.test(n) || n === 'NODE' || n === 'INIT_CWD'),
      [],
    );
    assert.ok(names.includes('NPM_CONFIG_REGISTRY'), 'the user\u2019s own configuration is kept');
    // A failed install is removed, so the next run starts from scratch.
    assert.equal(existsSync(hostDir), false);
  });

  it('refuses a PRICE_ATLAS_HOST_DIR that holds something else (it would delete it on failure)', () => {
    const record = path.join(dir, 'npm-env.txt');
    const bin = fakeBin(dir, record);
    const other = path.join(dir, 'precious');
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.txt'), 'keep me');
    const r = spawnSync('bash', [script], { encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, PRICE_ATLAS_HOST_DIR: other } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not a test-host install; refusing/);
    assert.equal(readFileSync(path.join(other, 'notes.txt'), 'utf8'), 'keep me');
    assert.equal(existsSync(record), false, 'npm never ran');
  });
});
