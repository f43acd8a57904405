import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { settingsSection, settingsSpec, userOnlySettings, validateSetting } from '../../src/ui/settings/settings-spec';
import type { SettingKey } from '../../src/ui/settings/settings-spec';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: {
    configuration: { properties: Record<string, { type: string; default: unknown; minimum?: number; maximum?: number; enum?: string[]; scope?: string }> };
  };
};

describe('settings', () => {
  it('package.json contributes exactly the settings the typed module reads, with the same types, defaults and ranges', () => {
    const contributed = pkg.contributes.configuration.properties;
    assert.deepEqual(
      Object.keys(contributed).sort(),
      Object.keys(settingsSpec)
        .map((k) => `${settingsSection}.${k}`)
        .sort(),
    );
    for (const [key, spec] of Object.entries(settingsSpec)) {
      const c = contributed[`${settingsSection}.${key}`];
      assert.equal(c.default, spec.default, `${key} default`);
      const type = spec.type === 'number' && 'integer' in spec && spec.integer ? 'integer' : spec.type;
      assert.equal(c.type, type, `${key} type`);
      if (spec.type === 'number') assert.deepEqual([c.minimum, c.maximum], [spec.minimum, spec.maximum], `${key} range`);
      if ('enum' in spec && spec.enum) assert.deepEqual(c.enum, [...spec.enum], `${key} enum`);
      if ('scope' in spec) assert.equal(c.scope, spec.scope, `${key} scope`);
    }
  });

  it('where requests go, which credentials and how often Cost Explorer bills are the user\u2019s settings only (scope application)', () => {
    const contributed = pkg.contributes.configuration.properties;
    for (const key of ['endpoint', 'aws.endpoint', 'aws.profile', 'costCacheHours']) {
      assert.equal(contributed[`${settingsSection}.${key}`].scope, 'application', `priceAtlas.${key} in package.json`);
    }
    assert.deepEqual([...userOnlySettings].sort(), ['aws.endpoint', 'aws.profile', 'costCacheHours', 'endpoint']);
  });

  it('types a choice setting as the union of its choices (compile-time: a plain string would not compile here)', () => {
    const format: 'json' | 'csv' = validateSetting('format', 'csv').value;
    assert.equal(format, 'csv');
  });

  it('accepts good values and replaces bad ones with the default, saying why', () => {
    assert.deepEqual(validateSetting('concurrency', 4), { value: 4 });
    assert.deepEqual(validateSetting('concurrency', undefined), { value: 8 });
    const cases: [SettingKey, unknown, RegExp][] = [
      ['concurrency', -3, /-3 is outside 1-64; using 8/],
      ['concurrency', 2.5, /whole number/],
      ['concurrency', '4', /expected a number/],
      ['endpoint', 'ftp://x', /not an http\(s\) URL/],
      ['defaultRegion', 'Frankfurt', /not a region code/],
      ['downloadFolder', '../outside', /inside the workspace/],
      ['downloadFolder', '/abs', /inside the workspace/],
      ['usageFile', '../elsewhere/usage.yml', /a file inside the workspace/],
      ['format', 'xml', /one of json, csv/],
      ['hover.enabled', 'yes', /true or false/],
    ];
    for (const [key, raw, why] of cases) {
      const r = validateSetting(key, raw);
      assert.equal(r.value, settingsSpec[key].default, `${key}=${String(raw)}`);
      assert.match(r.problem ?? '', why);
      assert.match(r.problem ?? '', new RegExp(`^priceAtlas\\.${key.replace('.', '\\.')}: `));
    }
    assert.deepEqual(validateSetting('endpoint', ' https://mirror.example.com/pricing '), { value: 'https://mirror.example.com/pricing' });
    assert.deepEqual(validateSetting('defaultRegion', 'eu-central-1'), { value: 'eu-central-1' });
    assert.deepEqual(validateSetting('usageFile', 'infra/infracost-usage.yml'), { value: 'infra/infracost-usage.yml' });
    assert.deepEqual(validateSetting('usageFile', ''), { value: '' });
  });
});
