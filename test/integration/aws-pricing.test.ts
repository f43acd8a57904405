import * as assert from 'node:assert/strict';
import type { AwsSession } from '../../src/core/aws/aws-session';
import { describeServices, fetchEc2PriceRecords, getAttributeValues, getProducts } from '../../src/core/aws/pricing-api';
import { onDemandPrice, pricedSizes, reservedPlan } from '../fakes/aws-fake-data';
import type { AwsServer } from '../fakes/aws-server';
import { expectAwsError, fixedNow, useAwsServer } from './aws-helpers';

describe('Pricing API (SDK against the local server)', function () {
  this.timeout(30_000);
  let server: AwsServer;
  let session: AwsSession;

  // Small pages, so every listing below spans several.
  useAwsServer(
    { now: () => fixedNow, pageSize: { 'pricing:DescribeServices': 3, 'pricing:GetAttributeValues': 2, 'pricing:GetProducts': 3 } },
    (started, opened) => {
      server = started;
      session = opened;
    },
  );

  it('DescribeServices reads every page (awsJson1_1, x-amz-target AWSPriceListService.*)', async () => {
    const services = await describeServices(session);
    assert.deepEqual(
      services.map((s) => s.serviceCode),
      server.data.services.map((s) => s.ServiceCode),
    );
    assert.ok(services.find((s) => s.serviceCode === 'AmazonEC2')!.attributeNames.includes('regionCode'));
    assert.equal(server.count('pricing:DescribeServices'), Math.ceil(server.data.services.length / 3));
    const req = server.requests[0]!;
    assert.equal(req.target, 'AWSPriceListService.DescribeServices');
    assert.match(req.contentType!, /^application\/x-amz-json-1\.1/);
    assert.equal(req.signingService, 'pricing');
  });

  it('GetAttributeValues reads every page', async () => {
    const values = await getAttributeValues(session, 'AmazonEC2', 'instanceType');
    assert.deepEqual(values, Object.keys(pricedSizes).sort());
    assert.equal(server.count('pricing:GetAttributeValues'), Math.ceil(values.length / 2));
  });

  it('GetProducts sends the filters and reads every page; items are parsed from their JSON strings', async () => {
    const items = await getProducts(session, {
      serviceCode: 'AmazonEC2',
      filters: [
        { field: 'regionCode', value: 'us-east-1' },
        { field: 'instanceType', value: 'm5.large' },
      ],
    });
    // Four variants of the size, as the fake publishes them.
    assert.equal(items.length, 4);
    assert.ok(items.every((i) => i.product?.attributes?.instanceType === 'm5.large'));
    assert.equal(server.count('pricing:GetProducts'), 2);
    const params = server.requests[0]!.params;
    assert.deepEqual(params.Filters, [
      { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
      { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'm5.large' },
    ]);
    assert.equal(params.FormatVersion, 'aws_v1');
    assert.equal(params.MaxResults, 100);
    assert.ok(server.requests[1]!.params.NextToken, 'the second page asked with the token');
  });

  it('supports the newer filter types (ANY_OF)', async () => {
    const items = await getProducts(session, {
      serviceCode: 'AmazonEC2',
      filters: [
        { field: 'regionCode', value: 'eu-west-1' },
        { type: 'ANY_OF', field: 'instanceType', value: 'm5.large,c5.large' },
        { field: 'capacitystatus', value: 'Used' },
        { field: 'operatingSystem', value: 'Linux' },
        { field: 'tenancy', value: 'Shared' },
      ],
    });
    assert.deepEqual(items.map((i) => i.product!.attributes!.instanceType).sort(), ['c5.large', 'm5.large']);
  });

  it('gives one EC2 size as a PriceRecord: plain Linux, on-demand and 12 reserved terms with amortised upfront', async () => {
    const records = await fetchEc2PriceRecords(session, { size: 'm5.large', region: 'eu-west-1' });
    assert.equal(records.length, 1, 'the Windows, Dedicated and unused-reservation variants are filtered out');
    const r = records[0]!;
    const od = onDemandPrice('m5.large', 'eu-west-1', 1);
    assert.deepEqual(r.onDemand, { hourly: od });
    assert.equal(r.currency, 'USD');
    assert.equal(r.region, 'eu-west-1');
    assert.deepEqual(r.variant, { operatingSystem: 'Linux', tenancy: 'Shared', licenseModel: 'No License required', preInstalledSw: 'NA' });
    assert.equal(r.reserved.length, 12);
    const expected = reservedPlan(od);
    for (const x of r.reserved) {
      const plan = expected.find((p) => p.term === x.term && p.class === x.class && p.purchase === x.purchase)!;
      assert.deepEqual([x.hourly, x.upfront], [plan.hourly, plan.upfront], `${x.term} ${x.class} ${x.purchase}`);
      const years = x.term === '3yr' ? 3 : 1;
      assert.ok(Math.abs(x.effectiveHourly - (plan.hourly + plan.upfront / (years * 8760))) < 1e-12);
    }
    assert.deepEqual(r.source, { offerCode: 'AmazonEC2', version: '20261120224512', publicationDate: '2026-11-20T22:45:12Z' });
    assert.deepEqual([r.specs.vcpu, r.specs.memoryGiB, r.specs.architecture], [2, 8, 'x86_64']);
    // Graviton is arm64.
    const arm = await fetchEc2PriceRecords(session, { size: 'r6g.large', region: 'us-east-1' });
    assert.equal(arm[0]!.specs.architecture, 'arm64');
  });

  it('asks the nearest Pricing endpoint: eu-west-1 → eu-central-1, ap-southeast-2 → ap-south-1, us-* → us-east-1', async () => {
    await fetchEc2PriceRecords(session, { size: 'm5.large', region: 'eu-west-1' });
    await fetchEc2PriceRecords(session, { size: 'm5.large', region: 'ap-southeast-2' });
    await fetchEc2PriceRecords(session, { size: 'm5.large', region: 'us-east-1' });
    assert.deepEqual([...new Set(server.requests.map((r) => r.signingRegion))], ['eu-central-1', 'ap-south-1', 'us-east-1']);
  });

  it('reads the currency from the price (CNY for China)', async () => {
    const [r] = await fetchEc2PriceRecords(session, { size: 'c5.large', region: 'cn-north-1' });
    assert.equal(r!.currency, 'CNY');
    assert.equal(r!.onDemand!.hourly, onDemandPrice('c5.large', 'cn-north-1', 1));
    assert.equal(server.requests[0]!.signingRegion, 'cn-northwest-1');
  });

  it('gives no records for a size the API does not know', async () => {
    assert.deepEqual(await fetchEc2PriceRecords(session, { size: 'x9.huge', region: 'us-east-1' }), []);
  });

  it('names pricing:GetProducts when access is denied, and retries throttling', async () => {
    server.setFault('pricing:GetProducts', { code: 'AccessDeniedException', message: 'User is not authorized to perform: pricing:GetProducts' });
    await expectAwsError(fetchEc2PriceRecords(session, { size: 'm5.large', region: 'us-east-1' }), 'access-denied', {
      message: /pricing:GetProducts/,
      hint: /IAM action pricing:GetProducts/,
    });
    server.setFault('pricing:GetProducts', { code: 'ThrottlingException', times: 2 });
    assert.equal((await fetchEc2PriceRecords(session, { size: 'm5.large', region: 'us-east-1' })).length, 1);
    assert.equal(server.requests.filter((r) => r.fault === 'ThrottlingException').length, 2);
  });

  it("reports a bad page token as the API's error", async () => {
    server.setFault('pricing:DescribeServices', { code: 'InvalidNextTokenException', message: 'The pagination token is invalid' });
    await expectAwsError(describeServices(session), 'service', { message: /pricing:DescribeServices failed: InvalidNextTokenException/ });
  });
});
