// Runs install-host.sh, the one-time install of what the real-host tests need (code-server, its
// Node 24, playwright-core). Plain Node: never imports 'vscode'.

import { spawnSync } from 'node:child_process';
import type { SpawnSyncOptions, SpawnSyncReturns } from 'node:child_process';
import * as path from 'node:path';

/**
 * Names the outer npm exports to the scripts it runs, besides the npm_* ones: the Node that runs
 * it (NODE) and the folder npm was started in (INIT_CWD).
 */
const NPM_SCRIPT_VARIABLES = new Set(['NODE', 'INIT_CWD']);

/**
 * The environment the installer gets: the caller's, minus what an npm script adds. `npm test`
 * starts the runner from an npm script, so its environment has npm_config_user_agent ("npm/11
 * node/v20 ..."), npm_node_execpath, npm_config_prefix and the rest, all naming the outer npm and
 * Node. The installer's nested `npm i code-server` reads npm_config_* as its own configuration, so
 * code-server's postinstall, which takes the Node major from that user agent, saw v20 and refused.
 *
 * Only the lower-case names go: npm exports exactly those. An upper-case NPM_CONFIG_REGISTRY is the
 * user's own setting (a registry mirror in CI, say), which a plain shell would pass on too.
 */
export function installerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('npm_') || NPM_SCRIPT_VARIABLES.has(key)) continue;
    out[key] = value;
  }
  return out;
}

export type SpawnSync = (command: string, args: readonly string[], options: SpawnSyncOptions) => Pick<SpawnSyncReturns<Buffer>, 'status' | 'signal' | 'error'>;

export interface InstallerOptions {
  projectRoot: string;
  /** Where the host is installed; passed to the script as PRICE_ATLAS_HOST_DIR. */
  hostDir: string;
  env?: NodeJS.ProcessEnv;
  /** Injected by tests. */
  spawn?: SpawnSync;
}

/** Runs the installer in the foreground (it is idempotent: a stamp file makes a rerun instant). */
export function runInstaller(options: InstallerOptions): boolean {
  const spawn = options.spawn ?? spawnSync;
  const script = path.join(options.projectRoot, 'test', 'host', 'install-host.sh');
  // Output goes straight through: on a fresh clone the user should see why the first run takes minutes.
  const r = spawn('bash', [script], {
    stdio: 'inherit',
    env: { ...installerEnv(options.env ?? process.env), PRICE_ATLAS_HOST_DIR: options.hostDir },
  });
  if (r.status !== 0) {
    console.error(`host tests: install-host.sh failed (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`})`);
    return false;
  }
  return true;
}
