import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, filesUnder } from '../extension-api';

// priceAtlas.downloadFolder comes from the workspace's own settings, so a repository chooses it:
// a download must never land in .git (hooks run code), .vscode (tasks, settings) or the root.

interface Outcome {
  result?: unknown;
  error?: string;
}

describe('priceAtlas.downloadFolder is checked before anything is written (real host)', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('priceAtlas');

  afterEach(async () => {
    await config().update('downloadFolder', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('downloadFolder ".git": the download is refused with a message naming the setting, and nothing is written in .git', async () => {
    const a = await extensionApi();
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const git = path.join(root, '.git');
    mkdirSync(path.join(git, 'hooks'), { recursive: true });
    writeFileSync(path.join(git, 'HEAD'), 'ref: refs/heads/main\n');
    const before = filesUnder(git, { folders: true });

    try {
      await config().update('downloadFolder', '.git', vscode.ConfigurationTarget.Workspace);
      assert.equal(a.services.settings.get('downloadFolder'), '.git');
      const outcome = (await vscode.commands.executeCommand('priceAtlas.downloadPriceLists', {
        services: ['AmazonEC2'],
        regions: ['us-east-1'],
        format: 'json',
      })) as Outcome | undefined;
      assert.ok(outcome?.error, `the download was refused: ${JSON.stringify(outcome)}`);
      assert.equal(outcome.result, undefined);
      assert.match(outcome.error, /priceAtlas\.downloadFolder/);
      assert.match(outcome.error, /\.git/);
      assert.deepEqual(filesUnder(git, { folders: true }), before, 'nothing was written in .git');
    } finally {
      // The cases below run in a folder that is not a repository, so "." is refused as the
      // workspace root itself, not because a .git sits in it.
      rmSync(git, { recursive: true, force: true });
    }
  });

  for (const folder of ['.git/hooks', '.vscode', '.hg', '.svn', '.', './']) {
    it(`downloadFolder ${JSON.stringify(folder)} is refused too`, async () => {
      const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
      const before = filesUnder(root, { folders: true }).filter((f) => !f.includes(`${path.sep}.aws-pricing${path.sep}`));
      await config().update('downloadFolder', folder, vscode.ConfigurationTarget.Workspace);
      const outcome = (await vscode.commands.executeCommand('priceAtlas.downloadPriceLists', {
        services: ['AmazonEC2'],
        regions: ['us-east-1'],
        format: 'json',
      })) as Outcome | undefined;
      assert.match(outcome?.error ?? '', /priceAtlas\.downloadFolder/, JSON.stringify(outcome));
      const after = filesUnder(root, { folders: true }).filter((f) => !f.includes(`${path.sep}.aws-pricing${path.sep}`));
      assert.deepEqual(after, before, 'nothing new in the workspace');
    });
  }
});
