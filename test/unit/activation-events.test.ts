import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { iacLanguageIds, iacOnlyLanguageIds, iacWorkspaceMarkers, isIacDocument, languageSyntax } from '../../src/core/iac/languages';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { activationEvents: string[] };

describe('activation events follow the recognisers’ language list', () => {
  it('package.json activates on exactly the IaC-only languages and the workspace markers', () => {
    assert.deepEqual(pkg.activationEvents, [...iacOnlyLanguageIds.map((l) => `onLanguage:${l}`), ...iacWorkspaceMarkers.map((m) => `workspaceContains:${m}`)]);
  });

  it('every IaC-only language is one the recognisers read, and the generic ones (yaml, json, typescript, python) do not activate', () => {
    for (const id of iacOnlyLanguageIds) assert.ok(iacLanguageIds.includes(id), id);
    for (const generic of ['yaml', 'json', 'jsonc', 'typescript', 'javascript', 'python']) {
      assert.ok(languageSyntax[generic], `${generic} is still read once active`);
      assert.ok(!pkg.activationEvents.includes(`onLanguage:${generic}`), `${generic} alone must not activate the extension`);
    }
  });

  it('an open document is scanned at activation only when its language or name says infrastructure code', () => {
    assert.ok(isIacDocument('/w/main.tf', 'plaintext'));
    assert.ok(isIacDocument('/w/x.yaml', 'cloudformation-yaml'));
    assert.ok(isIacDocument('/w/Pulumi.dev.yaml', 'yaml'));
    assert.ok(isIacDocument('/w/cdk.json', 'json'));
    assert.ok(isIacDocument('/w/sam/template.yaml', 'yaml'));
    assert.ok(!isIacDocument('/w/src/index.ts', 'typescript'));
    assert.ok(!isIacDocument('/w/package.json', 'json'));
    assert.ok(!isIacDocument('/w/.github/workflows/ci.yml', 'yaml'));
  });
});
