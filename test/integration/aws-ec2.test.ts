import * as assert from 'node:assert/strict';
import type { AwsSession } from '../../src/core/aws/aws-session';
import { describeRegions, enabledRegions } from '../../src/core/aws/ec2-regions';
import { describeInstanceTypes } from '../../src/core/aws/instance-types';
import { fetchSpotPriceHistory, getSpotPrices } from '../../src/core/aws/spot-prices';
import type { AwsServer } from '../fakes/aws-server';
import { expectAwsError, expectedSpot, fixedNow, useAwsServer } from './aws-helpers';

describe('EC2: spot prices, instance types, regions (SDK against the local server)', function () {
  this.timeout(30_000);
  let server: AwsServer;
  let session: AwsSession;

  useAwsServer({ now: () => fixedNow, pageSize: { 'ec2:DescribeSpotPriceHistory': 25, 'ec2:DescribeInstanceTypes': 2 } }, (started, opened) => {
    server = started;
    session = opened;
  });

  it('DescribeSpotPriceHistory: all pages, current price per zone and the 7-day min/max', async () => {
    const summary = await getSpotPrices(session, { size: 'm5.large', region: 'us-east-1', now: fixedNow });
    const expected = expectedSpot(server.data.spotPrices, 'm5.large', 'us-east-1', 'Linux/UNIX', fixedNow);
    assert.deepEqual(Object.fromEntries(summary.zones.map((z) => [z.availabilityZone, { current: z.current, min: z.min, max: z.max }])), expected);
    assert.deepEqual(Object.keys(expected).sort(), ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
    assert.equal(summary.currency, 'USD');
    assert.deepEqual(summary.window, { start: '2026-11-16T12:00:00.000Z', end: '2026-11-23T12:00:00.000Z' });
    assert.ok(server.count('ec2:DescribeSpotPriceHistory') > 2, 'several pages');
  });

  it('sends the EC2 query protocol: Action, Version 2016-11-15, flattened lists, ISO times', async () => {
    await fetchSpotPriceHistory(session, {
      size: 'c5.large',
      region: 'eu-west-1',
      productDescription: 'Windows',
      start: new Date('2026-11-20T00:00:00Z'),
      end: fixedNow,
    });
    const req = server.requests[0]!;
    assert.equal(req.protocol, 'ec2');
    assert.match(req.contentType!, /^application\/x-www-form-urlencoded/);
    assert.deepEqual([req.signingService, req.signingRegion], ['ec2', 'eu-west-1']);
    const p = req.params as Record<string, string>;
    assert.deepEqual(
      {
        Action: p.Action,
        Version: p.Version,
        'InstanceType.1': p['InstanceType.1'],
        'ProductDescription.1': p['ProductDescription.1'],
        StartTime: p.StartTime,
        MaxResults: p.MaxResults,
      },
      {
        Action: 'DescribeSpotPriceHistory',
        Version: '2016-11-15',
        'InstanceType.1': 'c5.large',
        'ProductDescription.1': 'Windows',
        StartTime: '2026-11-20T00:00:00Z',
        MaxResults: '1000',
      },
    );
    assert.ok(server.requests[1]!.params.NextToken);
  });

  it('takes another product description and region', async () => {
    const summary = await getSpotPrices(session, {
      size: 't3.micro',
      region: 'af-south-1',
      productDescription: 'Linux/UNIX (Amazon VPC)',
      now: fixedNow,
      days: 3,
    });
    assert.deepEqual(
      Object.fromEntries(summary.zones.map((z) => [z.availabilityZone, { current: z.current, min: z.min, max: z.max }])),
      expectedSpot(server.data.spotPrices, 't3.micro', 'af-south-1', 'Linux/UNIX (Amazon VPC)', fixedNow, 3),
    );
  });

  it('gives no zones for a size without spot prices in the region', async () => {
    assert.deepEqual((await getSpotPrices(session, { size: 'g5.xlarge', region: 'us-east-1', now: fixedNow })).zones, []);
  });

  it('names ec2:DescribeSpotPriceHistory when unauthorised; retries RequestLimitExceeded (503)', async () => {
    server.setFault('ec2:DescribeSpotPriceHistory', { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' });
    await expectAwsError(getSpotPrices(session, { size: 'm5.large', region: 'us-east-1', now: fixedNow }), 'access-denied', {
      hint: /ec2:DescribeSpotPriceHistory/,
    });
    server.requests.length = 0;
    server.setFault('ec2:DescribeSpotPriceHistory', { code: 'RequestLimitExceeded', times: 2 });
    assert.equal((await getSpotPrices(session, { size: 'm5.large', region: 'us-east-1', now: fixedNow })).zones.length, 6);
    assert.deepEqual(
      server.requests.slice(0, 2).map((r) => [r.status, r.fault]),
      [
        [503, 'RequestLimitExceeded'],
        [503, 'RequestLimitExceeded'],
      ],
    );
  });

  it('says when a region is not enabled for the account', async () => {
    await expectAwsError(getSpotPrices(session, { size: 'm5.large', region: 'me-central-1', now: fixedNow }), 'region-not-enabled', {
      message: /me-central-1/,
      hint: /enable me-central-1/,
    });
  });

  it('DescribeInstanceTypes: specs of every size, all pages', async () => {
    const specs = await describeInstanceTypes(session);
    assert.deepEqual([...specs.keys()], ['m5.large', 'm5.xlarge', 'c5.large', 't3.micro', 'r6g.large', 'g5.xlarge']);
    assert.equal(server.count('ec2:DescribeInstanceTypes'), 3);
    assert.deepEqual(specs.get('g5.xlarge'), {
      vcpu: 4,
      memoryGiB: 16,
      architecture: 'x86_64',
      processor: 'Intel',
      clockSpeed: '3.3 GHz',
      network: 'Up to 10 Gigabit',
      storage: '250 GB instance storage',
      gpu: 1,
      gpuMemory: '24 GiB',
      currentGeneration: true,
    });
    assert.equal(specs.get('r6g.large')!.architecture, 'arm64');
    const two = await describeInstanceTypes(session, { sizes: ['t3.micro', 'c5.large'] });
    assert.deepEqual([...two.keys()], ['c5.large', 't3.micro']);
    await expectAwsError(describeInstanceTypes(session, { sizes: ['m5.nope'] }), 'service', { message: /InvalidInstanceType/ });
  });

  it('DescribeRegions: all regions with opt-in status; enabled ones', async () => {
    const regions = await describeRegions(session);
    assert.deepEqual(
      regions.filter((r) => !r.enabled).map((r) => r.name),
      ['ap-east-2', 'me-central-1'],
    );
    assert.equal(regions.find((r) => r.name === 'af-south-1')!.optInStatus, 'opted-in');
    assert.equal(regions.find((r) => r.name === 'us-east-1')!.endpoint, 'ec2.us-east-1.amazonaws.com');
    assert.deepEqual(await enabledRegions(session), ['af-south-1', 'ap-south-1', 'ap-southeast-2', 'eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-2']);
    assert.equal(server.requests[0]!.params.AllRegions, 'true');
  });
});
