import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scratchDir } from '../scratch-dir';
import { activeProfileName, awsConfigPaths, listProfiles } from '../../src/core/aws/aws-config-files';

describe('AWS shared config files', () => {
  it('lists exactly the profiles the SDK resolves: its own loader reads the files', async () => {
    const dir = scratchDir('awscfg');
    const config = path.join(dir, 'config');
    // `[profile  dev ]` (two spaces) is no profile to the SDK; a hand parser that listed it offered a
    // profile whose region and credentials the SDK then never found. A dotted name is a profile.
    writeFileSync(
      config,
      '# comment\n[default]\nregion = us-east-1\ns3 =\n  max_concurrent_requests = 10\n; another\n[profile  dev ]\nregion=eu-west-1\n[profile team.prod]\nregion = us-west-2\n',
    );
    const profiles = await listProfiles({ HOME: dir, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') });
    assert.deepEqual(
      profiles.map((p) => [p.name, p.region]),
      [
        ['default', 'us-east-1'],
        ['team.prod', 'us-west-2'],
      ],
    );
  });

  it('takes the file locations from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws', () => {
    assert.deepEqual(awsConfigPaths({ HOME: '/home/u' }), { config: '/home/u/.aws/config', credentials: '/home/u/.aws/credentials' });
    assert.deepEqual(awsConfigPaths({ HOME: '/home/u', AWS_CONFIG_FILE: '~/cfg', AWS_SHARED_CREDENTIALS_FILE: '/etc/creds' }), {
      config: '/home/u/cfg',
      credentials: '/etc/creds',
    });
  });

  it('lists profiles from both files with kind and region, default first, and never a key value', async () => {
    const dir = scratchDir('awscfg');
    const config = path.join(dir, 'config');
    const credentials = path.join(dir, 'credentials');
    writeFileSync(
      config,
      [
        '[profile sso-dev]',
        'sso_session = corp',
        'sso_account_id = 111122223333',
        'sso_role_name = Dev',
        'region = eu-west-1',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        '[services local]',
        'ec2 =',
        '  endpoint_url = http://localhost:4566',
        '[profile admin]',
        'role_arn = arn:aws:iam::111122223333:role/Admin',
        'source_profile = default',
        '[default]',
        'region = us-east-2',
      ].join('\n'),
    );
    writeFileSync(
      credentials,
      '[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE12\naws_secret_access_key = verysecretvalue\n[ci]\naws_access_key_id = AKIAEXAMPLEEXAMPLE34\naws_secret_access_key = othersecret\n',
    );
    const profiles = await listProfiles({ HOME: dir, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials });
    assert.deepEqual(profiles, [
      { name: 'default', sources: ['config', 'credentials'], kind: 'static', region: 'us-east-2' },
      { name: 'admin', sources: ['config'], kind: 'assume-role' },
      { name: 'ci', sources: ['credentials'], kind: 'static' },
      { name: 'sso-dev', sources: ['config'], kind: 'sso', region: 'eu-west-1', ssoSession: 'corp' },
    ]);
    const text = JSON.stringify(profiles);
    assert.ok(!text.includes('verysecretvalue') && !text.includes('AKIAEXAMPLE'), 'only names and non-secret settings');
  });

  it('treats missing files as no profiles', async () => {
    const dir = scratchDir('awscfg');
    assert.deepEqual(await listProfiles({ HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'nope'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'nope2') }), []);
  });

  it('names the active profile: option, then AWS_PROFILE, then default', () => {
    assert.equal(activeProfileName('x', { AWS_PROFILE: 'y' }), 'x');
    assert.equal(activeProfileName(undefined, { AWS_PROFILE: 'y' }), 'y');
    assert.equal(activeProfileName(undefined, { AWS_PROFILE: '' }), 'default');
  });
});
