import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scratchDir } from '../scratch-dir';
import { resolveDefaultRegion } from '../../src/core/aws/default-region';
import { UsageError } from '../../src/core/errors';

/** An environment whose AWS config file holds `config` (and credentials file `credentials`). */
function envWith(config: string, credentials = '', extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = scratchDir('region');
  writeFileSync(path.join(dir, 'config'), config);
  writeFileSync(path.join(dir, 'credentials'), credentials);
  return { HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), ...extra };
}

const config = '[default]\nregion = ap-south-1\n[profile dev]\nregion = eu-west-3\n[profile bare]\noutput = json\n[profile broken]\nregion = Mars\n';

describe('default region: explicit > AWS_REGION > AWS_DEFAULT_REGION > the profile\u2019s region > us-east-1', () => {
  it('takes each source in order, and says which one it was', async () => {
    const env = envWith(config, '', { AWS_PROFILE: 'dev', AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'eu-west-1' });
    assert.deepEqual(await resolveDefaultRegion({ explicit: 'ca-central-1', explicitName: '--region', env }), {
      code: 'ca-central-1',
      source: 'explicit',
      from: '--region',
    });
    assert.deepEqual(await resolveDefaultRegion({ explicit: 'ca-central-1', env }), { code: 'ca-central-1', source: 'explicit', from: 'the region given' });
    assert.deepEqual(await resolveDefaultRegion({ explicit: 'ca-central-1', explicitName: 'priceAtlas.defaultRegion', env }), {
      code: 'ca-central-1',
      source: 'explicit',
      from: 'priceAtlas.defaultRegion',
    });
    assert.deepEqual(await resolveDefaultRegion({ env }), { code: 'eu-north-1', source: 'AWS_REGION', from: 'AWS_REGION' });
    assert.deepEqual(await resolveDefaultRegion({ env: { ...env, AWS_REGION: '' } }), {
      code: 'eu-west-1',
      source: 'AWS_DEFAULT_REGION',
      from: 'AWS_DEFAULT_REGION',
    });
    const profile = await resolveDefaultRegion({ env: { ...env, AWS_REGION: undefined, AWS_DEFAULT_REGION: ' ' } });
    assert.deepEqual(profile, { code: 'eu-west-3', source: 'profile', from: `the region of profile "dev" in ${env.AWS_CONFIG_FILE}`, profile: 'dev' });
    assert.deepEqual(await resolveDefaultRegion({ env: { ...env, AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_PROFILE: 'bare' } }), {
      code: 'us-east-1',
      source: 'fallback',
      from: 'the default',
    });
  });

  it('reads the profile named by the option, else AWS_PROFILE, else default; from AWS_CONFIG_FILE', async () => {
    const env = envWith(config, '', { AWS_PROFILE: 'bare' });
    assert.equal((await resolveDefaultRegion({ profile: 'dev', env })).code, 'eu-west-3');
    assert.equal((await resolveDefaultRegion({ env: { ...env, AWS_PROFILE: undefined } })).code, 'ap-south-1', '[default]');
    assert.equal((await resolveDefaultRegion({ profile: 'nosuch', env })).code, 'us-east-1');
    // Read again every time: an edited file is seen without a restart.
    writeFileSync(env.AWS_CONFIG_FILE!, '[profile dev]\nregion = sa-east-1\n');
    assert.equal((await resolveDefaultRegion({ profile: 'dev', env })).code, 'sa-east-1');
  });

  it('takes a region set in the credentials file when the config file has none, as the SDK does', async () => {
    const env = envWith('[profile dev]\noutput = json\n', '[dev]\nregion = me-south-1\n', { AWS_PROFILE: 'dev' });
    assert.equal((await resolveDefaultRegion({ env })).code, 'me-south-1');
  });

  it('without readable files, us-east-1', async () => {
    assert.equal(
      (
        await resolveDefaultRegion({
          env: { HOME: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' },
        })
      ).code,
      'us-east-1',
    );
  });

  it('refuses a value that is not a region code, naming where it came from', async () => {
    const env = envWith(config, '', { AWS_PROFILE: 'broken' });
    await assert.rejects(
      resolveDefaultRegion({ explicit: 'Mars', explicitName: '--region', env }),
      (err: unknown) =>
        err instanceof UsageError &&
        /^--region "Mars" is not an AWS region code$/.test(err.message) &&
        err.remedy?.kind === 'option' &&
        err.remedy.option === 'region',
    );
    // A bad variable is fixed where it is set: no option would help.
    await assert.rejects(
      resolveDefaultRegion({ env: { ...env, AWS_REGION: 'mars' } }),
      (err: unknown) => err instanceof UsageError && /^AWS_REGION "mars"/.test(err.message) && err.remedy === undefined,
    );
    await assert.rejects(
      resolveDefaultRegion({ env }),
      (err: unknown) =>
        err instanceof UsageError &&
        err.message === `the region of profile "broken" in ${env.AWS_CONFIG_FILE} ("Mars") is not an AWS region code` &&
        /aws configure set region eu-west-1 --profile broken/.test(err.hint ?? '') &&
        err.remedy?.kind === 'option',
    );
  });
});
