import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { UsageError } from '../../src/core/errors';
import { downloadDirFor, outputFolderOptions } from '../../src/ui/downloads/download-folder';

const ws = path.resolve('/work/project');

describe('priceAtlas.downloadFolder', () => {
  for (const setting of ['.git', '.git/hooks', '.vscode', '.hg', '.svn', '.', './', 'sub/.git', 'sub/../.vscode/x']) {
    it(`refuses ${JSON.stringify(setting)}, naming the setting and what to set instead`, () => {
      assert.throws(
        () => downloadDirFor(ws, setting),
        (err: unknown) => {
          assert.ok(err instanceof UsageError);
          assert.match(
            err.message,
            new RegExp(`^priceAtlas\\.downloadFolder is ${JSON.stringify(setting).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, which is refused: `),
          );
          assert.match(err.hint ?? '', /set priceAtlas\.downloadFolder to a folder of its own inside the workspace, such as \.aws-pricing/);
          return true;
        },
      );
    });
  }

  it('accepts a folder of its own inside the workspace', () => {
    assert.equal(downloadDirFor(ws, '.aws-pricing'), path.join(ws, '.aws-pricing'));
    assert.equal(downloadDirFor(ws, 'pricing/aws'), path.join(ws, 'pricing', 'aws'));
  });

  it('the engine gets the workspace folder as base and as the folder the output may not be', () => {
    assert.deepEqual(outputFolderOptions(`${ws}/`), { base: ws, notEqualTo: [ws] });
  });
});
