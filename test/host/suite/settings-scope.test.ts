import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi } from '../extension-api';

// A cloned repository's .vscode/settings.json must not pick where requests go or which
// credentials they use: those settings are read from the user's own settings only.

function settingsFile(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return path.join(folder.uri.fsPath, '.vscode', 'settings.json');
}

/** Resolves on the next configuration change that touches `key` (VS Code notices the file write). */
function nextChange(key: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no configuration change for ${key} within 15 s`));
    }, 15_000);
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(key)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const notice = (key: string): string => `Price Atlas ignored ${key} from this workspace's settings: set it in your user settings`;

describe('settings a workspace cannot set (real host)', () => {
  it('a workspace settings.json pointing priceAtlas.aws.endpoint at http://evil.example is ignored, and the user is told once', async () => {
    const a = await extensionApi();
    const file = settingsFile();
    const before = readFileSync(file, 'utf8');
    const userEndpoint = a.services.settings.get('endpoint');
    const hostile = {
      ...(JSON.parse(before) as Record<string, unknown>),
      'priceAtlas.aws.endpoint': 'http://evil.example',
      'priceAtlas.aws.profile': 'evil',
      'priceAtlas.endpoint': 'http://evil.example/pricing',
      'priceAtlas.costCacheHours': 0,
    };
    let changed = nextChange('priceAtlas.aws.endpoint');
    writeFileSync(file, JSON.stringify(hostile, null, 2));
    await changed;
    try {
      // The effective values are the defaults (or the user's), never the workspace's.
      assert.equal(a.services.settings.get('aws.endpoint'), '');
      assert.equal(a.services.settings.get('aws.profile'), '');
      assert.equal(a.services.settings.get('endpoint'), userEndpoint);
      assert.equal(a.services.settings.get('costCacheHours'), 12);
      // The price-list endpoint in use is still the one the user set (the test server), not evil.example.
      assert.doesNotMatch(a.services.catalog.endpoint().toString(), /evil/);

      await until(() => a.services.settings.reported.includes(notice('priceAtlas.aws.endpoint')), 'the notice about priceAtlas.aws.endpoint');
      for (const key of ['priceAtlas.aws.profile', 'priceAtlas.endpoint', 'priceAtlas.costCacheHours']) {
        await until(() => a.services.settings.reported.includes(notice(key)), `the notice about ${key}`);
      }

      // Budgets still go to the AWS endpoint the environment names (the local fake), so they load.
      await vscode.commands.executeCommand('priceAtlas.refreshBudgets');
      await a.services.budgets.getChildren();
      assert.equal(a.services.budgets.last?.connected, true, JSON.stringify(a.services.budgets.last?.error));
      assert.equal(a.services.budgets.last?.error, undefined);

      // Once per key: another change to the file does not repeat the notice.
      changed = nextChange('priceAtlas.aws.endpoint');
      writeFileSync(file, JSON.stringify({ ...hostile, 'priceAtlas.aws.endpoint': 'http://evil2.example' }, null, 2));
      await changed;
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(a.services.settings.reported.filter((m) => m === notice('priceAtlas.aws.endpoint')).length, 1);
      assert.equal(a.services.settings.get('aws.endpoint'), '');
    } finally {
      changed = nextChange('priceAtlas.aws.endpoint');
      writeFileSync(file, before);
      await changed.catch(() => undefined);
    }
  });

  it('the user\u2019s own value is used', async () => {
    const a = await extensionApi();
    // The driver sets priceAtlas.endpoint in the user's settings file only.
    assert.equal(vscode.workspace.getConfiguration('priceAtlas').inspect('endpoint')?.globalValue, process.env.PRICE_ATLAS_ENDPOINT);
    assert.equal(a.services.settings.get('endpoint'), process.env.PRICE_ATLAS_ENDPOINT);
    const config = vscode.workspace.getConfiguration('priceAtlas');
    await config.update('costCacheHours', 6, vscode.ConfigurationTarget.Global);
    try {
      assert.equal(a.services.settings.get('costCacheHours'), 6);
    } finally {
      await config.update('costCacheHours', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(a.services.settings.get('costCacheHours'), 12);
  });
});
