// The default region of the CLI's price lookups and AWS calls: --region > AWS_REGION >
// AWS_DEFAULT_REGION > the region of the selected profile in the AWS config file > us-east-1.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildIndex } from '../../src/core/prices/write/build-index';
import { startAwsServer } from '../fakes/aws-server';
import type { AwsServer } from '../fakes/aws-server';
import { regionLocation, writeEc2RegionOffer } from '../fakes/fixture-tree';
import { cliAwsEnv, fakeKeyId, fakeSecret, fakeSessionToken } from './aws-helpers';
import { runCli, tempDir } from './helpers';
import type { CliRun } from './helpers';

describe('default region of the CLI (price, compare, spot) from the AWS profile', function () {
  this.timeout(60_000);
  let server: AwsServer;
  let store: string;
  // Keys in the credentials file, so that a profile (not the environment) is what signs.
  const keys = (name: string): string =>
    `[${name}]\naws_access_key_id = ${fakeKeyId}\naws_secret_access_key = ${fakeSecret}\naws_session_token = ${fakeSessionToken}\n`;
  const files = {
    config: '[default]\nregion = eu-west-1\n[profile dev]\nregion = eu-west-3\n[profile broken]\nregion = Paris\n',
    credentials: ['default', 'dev', 'broken'].map(keys).join(''),
  };
  // No AWS_REGION / AWS_DEFAULT_REGION at all (undefined drops them from the child's environment).
  const unset = {
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
  };

  before(async () => {
    server = await startAwsServer();
    const mirror = tempDir('region-mirror');
    const offers: string[] = [];
    for (const region of ['us-east-1', 'eu-west-1', 'eu-west-3', 'eu-north-1']) {
      const file = path.join(mirror, region, 'index.json');
      await writeEc2RegionOffer(file, {
        region,
        location: regionLocation(region),
        version: '20250912225308',
        publicationDate: '2025-09-12T22:53:08Z',
        instanceTypes: ['m5.large', 'c5.large'],
      });
      offers.push(file);
    }
    store = tempDir('region-store');
    const built = await buildIndex(offers, { store });
    assert.equal(built.failures.length, 0);
  });
  after(() => server.close());

  const cli = (args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> => runCli(args, { env: cliAwsEnv(server, { ...unset, ...env }, files) });
  const priceRegion = async (args: string[], env: NodeJS.ProcessEnv): Promise<string> => {
    const run = await cli(['price', 'm5.large', '--store', store, '--json', ...args], env);
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as { region: string }).region;
  };

  it('price and compare use the region of AWS_PROFILE in AWS_CONFIG_FILE when no region variable is set', async () => {
    assert.equal(await priceRegion([], { AWS_PROFILE: 'dev' }), 'eu-west-3');
    const compare = await cli(['compare', 'm5.large', 'c5.large', '--store', store, '--json'], { AWS_PROFILE: 'dev' });
    assert.equal(compare.code, 0, compare.stderr);
    assert.equal((JSON.parse(compare.stdout) as { region: string }).region, 'eu-west-3');
  });

  it('--profile selects the profile too; [default] without one; empty variables count as unset', async () => {
    assert.equal(await priceRegion(['--profile', 'dev'], {}), 'eu-west-3');
    assert.equal(await priceRegion([], {}), 'eu-west-1', 'the [default] profile');
    assert.equal(await priceRegion([], { AWS_PROFILE: 'dev', AWS_REGION: '', AWS_DEFAULT_REGION: '' }), 'eu-west-3');
  });

  it('AWS_DEFAULT_REGION beats the profile, AWS_REGION beats both, --region beats everything', async () => {
    assert.equal(await priceRegion([], { AWS_PROFILE: 'dev', AWS_DEFAULT_REGION: 'eu-north-1' }), 'eu-north-1');
    assert.equal(await priceRegion([], { AWS_PROFILE: 'dev', AWS_DEFAULT_REGION: 'eu-north-1', AWS_REGION: 'us-east-1' }), 'us-east-1');
    assert.equal(await priceRegion(['--region', 'eu-west-1'], { AWS_PROFILE: 'dev', AWS_REGION: 'us-east-1' }), 'eu-west-1');
  });

  it('spot asks EC2 in the profile region, and a bad region in the profile is a usage error naming it', async () => {
    server.requests.length = 0;
    const spot = await cli(['spot', 'm5.large', '--json'], { AWS_PROFILE: 'dev' });
    assert.equal(spot.code, 0, spot.stderr);
    assert.equal((JSON.parse(spot.stdout) as { region: string }).region, 'eu-west-3');
    assert.equal(server.requests.find((r) => r.operation === 'ec2:DescribeSpotPriceHistory')!.signingRegion, 'eu-west-3');
    for (const args of [
      ['price', 'm5.large', '--store', store],
      ['spot', 'm5.large'],
    ]) {
      const bad = await cli(args, { AWS_PROFILE: 'broken' });
      assert.equal(bad.code, 2, bad.stderr);
      assert.match(bad.stderr, /the region of profile "broken" in .*config \("Paris"\) is not an AWS region code\n {2}→ /);
    }
  });
});
