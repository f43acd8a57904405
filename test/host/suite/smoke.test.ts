import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

// Proves the host-test machinery itself: the extension under development is loaded into a real
// extension host, its commands are registered, and the host opened the driver's workspace.

const extensionId = 'price-atlas.price-atlas'; // publisher.name in package.json

describe('host smoke', () => {
  it('the extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is installed in the host`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('priceAtlas.showLog is registered and runs', async () => {
    // Activation is lazy (IaC languages, workspace patterns, commands): this test may run first, in an empty folder.
    await vscode.extensions.getExtension(extensionId)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('priceAtlas.showLog'), 'priceAtlas.showLog is registered');
    // Negative control: proves getCommands() is not simply accepting any name.
    assert.ok(!commands.includes('priceAtlas.noSuchCommand'), 'an unknown command is not listed');
    await vscode.commands.executeCommand('priceAtlas.showLog');
  });

  it('the workspace folder is the one the driver opened', () => {
    const expected = process.env.PRICE_ATLAS_TEST_WORKSPACE;
    assert.ok(expected, 'the driver passes PRICE_ATLAS_TEST_WORKSPACE');
    const folders = vscode.workspace.workspaceFolders;
    assert.ok(folders && folders.length > 0, 'a workspace folder is open');
    // realpath: a temp dir may be reached through a symlink (/tmp on some systems).
    assert.equal(fs.realpathSync(folders[0].uri.fsPath), fs.realpathSync(expected));
  });
});
