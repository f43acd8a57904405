import * as assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, filesUnder } from '../extension-api';

// A folder the user has not trusted may be a repository that committed its own .aws-pricing:
// its offer files are not indexed (their values end up in hovers), and nothing is downloaded
// into it. Browsing still works.

describe('Restricted Mode (real host, folder not trusted)', () => {
  let mirror: string;

  before(async () => {
    await extensionApi();
    assert.equal(vscode.workspace.isTrusted, false, 'the driver opened the folder untrusted');
    // A repository that ships a mirror: the fake server's files, as they would be downloaded.
    const root = process.env.PRICE_ATLAS_TEST_FIXTURE_ROOT;
    assert.ok(root);
    mirror = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.aws-pricing');
    cpSync(path.join(root, 'offers'), path.join(mirror, 'offers'), { recursive: true });
    cpSync(path.join(root, 'savingsPlan'), path.join(mirror, 'savingsPlan'), { recursive: true });
  });

  it('"Build Price Index" indexes nothing from the workspace and says why', async () => {
    const a = await extensionApi();
    const outcome = await vscode.commands.executeCommand<{ results: unknown[]; failures: unknown[]; refused?: string }>('priceAtlas.buildIndex');
    assert.ok(outcome, 'the command answered');
    assert.deepEqual(outcome.results, []);
    assert.match(outcome.refused ?? '', /Restricted Mode/);
    assert.match(outcome.refused ?? '', /trust/i);
    assert.deepEqual(await a.services.index().regions(), [], 'the pricing cache holds nothing');
    assert.deepEqual(
      filesUnder(a.services.locations.storeDir).filter((f) => f.endsWith('.idx')),
      [],
    );
  });

  it('downloads are refused, and nothing is written into the workspace', async () => {
    const before = filesUnder(mirror);
    const outcome = await vscode.commands.executeCommand('priceAtlas.downloadPriceLists', { services: ['AmazonEC2'], regions: ['us-east-1'], format: 'json' });
    assert.equal(outcome, undefined);
    assert.deepEqual(filesUnder(mirror), before);
  });

  it('browsing still works: the Services view lists the offers', async () => {
    const a = await extensionApi();
    const roots = await a.services.services.getChildren();
    assert.ok(
      roots.some((n) => n.type === 'service' && n.offerCode === 'AmazonEC2'),
      JSON.stringify(roots),
    );
  });
});
