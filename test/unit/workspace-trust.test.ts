import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { indexableDownloadDirs } from '../../src/ui/settings/workspace-trust';

describe('Restricted Mode guard for index builds', () => {
  const dirs = ['/work/repo/.aws-pricing', '/work/other/.aws-pricing'];

  it('an untrusted workspace: no folder is read, and the reason says how to get out of it', () => {
    const r = indexableDownloadDirs(false, dirs);
    assert.deepEqual(r.dirs, []);
    assert.match(r.refused ?? '', /Restricted Mode/);
    assert.match(r.refused ?? '', /Manage Workspace Trust/);
    assert.match(r.refused ?? '', /Build Price Index/);
  });

  it('a trusted workspace: every download folder, no refusal', () => {
    assert.deepEqual(indexableDownloadDirs(true, dirs), { dirs });
  });
});

describe('package.json declares Restricted Mode support', () => {
  it('supported "limited", with a description, and the workspace-settable risky settings restricted', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: string; description?: string; restrictedConfigurations?: string[] } };
    };
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.match(u.description ?? '', /indexed/);
    for (const key of ['priceAtlas.downloadFolder', 'priceAtlas.endpoint', 'priceAtlas.aws.endpoint', 'priceAtlas.aws.profile', 'priceAtlas.costCacheHours']) {
      assert.ok(u.restrictedConfigurations?.includes(key), key);
    }
  });
});
