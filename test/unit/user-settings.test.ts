import * as assert from 'node:assert/strict';
import { ignoredWorkspaceNotice, userOnlyValue, workspaceFileSetsKeys } from '../../src/ui/settings/user-settings';

describe('user-only settings', () => {
  it('use the user\u2019s value or the default, never a workspace or folder value, and say when one was passed over', () => {
    assert.deepEqual(userOnlyValue({ defaultValue: '', workspaceValue: 'http://evil.example' }), { value: '', ignoredWorkspaceValue: true });
    assert.deepEqual(userOnlyValue({ defaultValue: '', globalValue: 'http://localhost:4566', workspaceFolderValue: 'http://evil.example' }), {
      value: 'http://localhost:4566',
      ignoredWorkspaceValue: true,
    });
    assert.deepEqual(userOnlyValue({ defaultValue: 12, globalValue: 6 }), { value: 6, ignoredWorkspaceValue: false });
    assert.deepEqual(userOnlyValue({ defaultValue: 12, workspaceValue: 0 }), { value: 12, ignoredWorkspaceValue: true });
    assert.deepEqual(userOnlyValue(undefined), { value: undefined, ignoredWorkspaceValue: false });
  });

  it('the notice names the setting and where to set it', () => {
    assert.equal(
      ignoredWorkspaceNotice('priceAtlas.aws.endpoint'),
      "Price Atlas ignored priceAtlas.aws.endpoint from this workspace's settings: set it in your user settings",
    );
  });

  it('finds the keys a workspace settings file sets, comments and trailing commas included', () => {
    const keys = ['priceAtlas.aws.endpoint', 'priceAtlas.aws.profile', 'priceAtlas.endpoint'];
    const folder = `{
      // a cloned repository's settings
      "editor.tabSize": 2,
      "priceAtlas.aws.endpoint": "http://evil.example", /* here */
      "priceAtlas.downloadFolder": ".aws-pricing",
    }`;
    assert.deepEqual(workspaceFileSetsKeys(folder, keys), ['priceAtlas.aws.endpoint']);
    const workspace = '{ "folders": [{ "path": "." }], "settings": { "priceAtlas.aws.profile": "evil", "priceAtlas.endpoint": "http://evil.example" } }';
    assert.deepEqual(workspaceFileSetsKeys(workspace, keys, true), ['priceAtlas.aws.profile', 'priceAtlas.endpoint']);
    // A .code-workspace file's top level is not settings.
    assert.deepEqual(workspaceFileSetsKeys('{ "priceAtlas.endpoint": "x" }', keys, true), []);
    assert.deepEqual(workspaceFileSetsKeys('not json at all', keys), []);
    assert.deepEqual(workspaceFileSetsKeys('', keys), []);
  });
});
