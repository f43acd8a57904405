import * as assert from 'node:assert/strict';
import type { SpawnSyncOptions } from 'node:child_process';
import { installerEnv, runInstaller } from '../host/installer';

// What `npm test` (an npm script) adds to the environment of the processes it starts.
const npmScriptEnv: NodeJS.ProcessEnv = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/dev',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_node_execpath: '/usr/bin/node',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_config_prefix: '/usr',
  npm_config_local_prefix: '/work/price-atlas',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_lifecycle_event: 'test',
  npm_package_name: 'price-atlas',
  NODE: '/usr/bin/node',
  INIT_CWD: '/work/price-atlas',
  // The user's own configuration, not npm's: kept.
  NPM_CONFIG_REGISTRY: 'https://registry.example.internal/',
};

const npmNames = (env: NodeJS.ProcessEnv): string[] => Object.keys(env).filter((k) => /^npm_/.test(k) || k === 'NODE' || k === 'INIT_CWD');

describe('host installer environment', () => {
  it('drops every variable an npm script adds, keeps the rest', () => {
    const env = installerEnv(npmScriptEnv);
    assert.deepEqual(npmNames(env), []);
    assert.equal(env.PATH, '/usr/bin:/bin');
    assert.equal(env.HOME, '/home/dev');
    assert.equal(env.NPM_CONFIG_REGISTRY, 'https://registry.example.internal/');
    // The input is left alone.
    assert.equal(npmScriptEnv.npm_config_user_agent?.startsWith('npm/'), true);
  });

  it('runInstaller spawns install-host.sh with that environment and the host folder', () => {
    let seen: { command: string; args: readonly string[]; options: SpawnSyncOptions } | undefined;
    const ok = runInstaller({
      projectRoot: '/work/price-atlas',
      hostDir: '/tmp/host',
      env: npmScriptEnv,
      spawn: (command, args, options) => {
        seen = { command, args, options };
        return { status: 0, signal: null, error: undefined };
      },
    });
    assert.equal(ok, true);
    assert.ok(seen);
    assert.equal(seen.command, 'bash');
    assert.deepEqual(seen.args, ['/work/price-atlas/test/host/install-host.sh']);
    const env = seen.options.env ?? {};
    assert.deepEqual(npmNames(env), [], 'no npm_* (nor NODE, INIT_CWD) reaches the installer');
    assert.equal(env.PRICE_ATLAS_HOST_DIR, '/tmp/host');
    assert.equal(env.PATH, '/usr/bin:/bin');
  });

  it('runInstaller reports a failed install', () => {
    const ok = runInstaller({ projectRoot: '/p', hostDir: '/h', env: {}, spawn: () => ({ status: 1, signal: null, error: undefined }) });
    assert.equal(ok, false);
  });
});
