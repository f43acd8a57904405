// The local AWS server against the wire formats of docs/aws-formats.md §3 (raw HTTP), and against the
// real AWS samples in ../shared/aws-samples/query-api when that folder exists: each sample is served
// through the fake and read back by the real SDK and our code. The samples are read in place, never
// copied into the project.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DescribeInstanceTypesCommand } from '@aws-sdk/client-ec2';
import type { AwsSession } from '../../src/core/aws/aws-session';
import { describeInstanceTypes } from '../../src/core/aws/instance-types';
import { priceRecordFromItem } from '../../src/core/aws/price-list-item';
import { describeServices, getAttributeValues, getProducts } from '../../src/core/aws/pricing-api';
import { getSpotPrices } from '../../src/core/aws/spot-prices';
import type { PriceItemData, SpotPriceData } from '../fakes/aws-fake-data';
import { startAwsServer } from '../fakes/aws-server';
import type { AwsServer } from '../fakes/aws-server';
import { expectedSpot, fixedNow, openTestSession } from './aws-helpers';

const samples = path.resolve(__dirname, '../../../../shared/aws-samples/query-api');

function readSample<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(samples, file), 'utf8')) as T;
}

/** Drops nulls (the samples print absent members as null), as the SDK never returns them. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  return value;
}

describe('local AWS server: wire protocols (raw HTTP)', () => {
  let server: AwsServer;
  before(async () => {
    server = await startAwsServer({ now: () => fixedNow });
  });
  after(() => server.close());

  const post = (headers: Record<string, string>, body: string) =>
    fetch(server.url + '/', {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDRAW/20261123/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00', ...headers },
      body,
    });

  it('awsJson1_1: dispatches on x-amz-target, answers application/x-amz-json-1.1 with x-amzn-RequestId', async () => {
    const res = await post(
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSPriceListService.DescribeServices' },
      '{"ServiceCode":"AmazonEC2","FormatVersion":"aws_v1"}',
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { Services: { ServiceCode: string }[]; FormatVersion: string };
    assert.deepEqual([body.Services.map((s) => s.ServiceCode), body.FormatVersion], [['AmazonEC2'], 'aws_v1']);
  });

  it('awsJson1_1 errors: a 4xx with {"__type", "message"}', async () => {
    const res = await post({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSBudgetServiceGateway.Nope' }, '{}');
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { __type: 'UnknownOperationException', message: 'Unknown operation AWSBudgetServiceGateway.Nope' });
    server.setFault('pricing:GetProducts', { code: 'ThrottlingException', message: 'Rate exceeded' });
    const throttled = await post(
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSPriceListService.GetProducts' },
      '{"ServiceCode":"AmazonEC2"}',
    );
    assert.equal(throttled.status, 429);
    assert.deepEqual(await throttled.json(), { __type: 'com.amazonaws.pricing#ThrottlingException', message: 'Rate exceeded' });
  });

  it('EC2 query protocol: XML rooted at <ActionResponse> with a requestId; errors as <Response><Errors><Error>', async () => {
    const ok = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=DescribeRegions&Version=2016-11-15&RegionName.1=eu-west-1');
    assert.equal(ok.status, 200);
    const xml = await ok.text();
    assert.match(
      xml,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<DescribeRegionsResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/">\n<requestId>[0-9a-f-]{36}<\/requestId><regionInfo><item><regionName>eu-west-1<\/regionName><regionEndpoint>ec2\.eu-west-1\.amazonaws\.com<\/regionEndpoint><optInStatus>opt-in-not-required<\/optInStatus><\/item><\/regionInfo><\/DescribeRegionsResponse>$/,
    );
    const bad = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=DescribeInstanceTypes&Version=2016-11-15&InstanceType.1=zz.top');
    assert.equal(bad.status, 400);
    assert.match(
      await bad.text(),
      /<Response><Errors><Error><Code>InvalidInstanceType<\/Code><Message>[^<]*zz\.top[^<]*<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
  });

  it('STS awsQuery: <GetCallerIdentityResult> inside the response; errors as <ErrorResponse>', async () => {
    const ok = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.match(
      await ok.text(),
      /<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<GetCallerIdentityResult>\s*<Arn>arn:aws:iam::123456789012:user\/price-atlas-test<\/Arn>\s*<UserId>AIDAEXAMPLEUSERID0001<\/UserId>\s*<Account>123456789012<\/Account>/,
    );
    server.setFault('sts:GetCallerIdentity', { code: 'ExpiredToken', message: 'The security token included in the request is expired' });
    const expired = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(expired.status, 403);
    assert.match(
      await expired.text(),
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>ExpiredToken<\/Code><Message>The security token included in the request is expired<\/Message><\/Error><RequestId>/,
    );
  });

  it('refuses unsigned requests, other methods, and page tokens of another query', async () => {
    const unsigned = await fetch(server.url + '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSPriceListService.DescribeServices' },
      body: '{}',
    });
    assert.equal(unsigned.status, 403);
    // Pricing errors carry the namespace, as AWS sends them (docs/aws-formats.md §3.1: the SDK strips it).
    assert.equal(((await unsigned.json()) as { __type: string }).__type, 'com.amazonaws.pricing#MissingAuthenticationTokenException');
    assert.equal((await fetch(server.url + '/')).status, 405);
    const token = await post(
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSPriceListService.DescribeServices' },
      '{"NextToken":"eyJvZmZzZXQiOjUsImtleSI6MX0=:AA=="}',
    );
    assert.equal(((await token.json()) as { __type: string }).__type, 'com.amazonaws.pricing#InvalidNextTokenException');
  });
});

(existsSync(samples) ? describe : describe.skip)('local AWS server: conformance with real AWS samples (../shared/aws-samples/query-api)', function () {
  this.timeout(30_000);
  let server: AwsServer;
  let session: AwsSession;

  beforeEach(() => {
    server?.clearFaults();
  });
  afterEach(async () => {
    session?.close();
    await server?.close();
  });

  const serve = async (data: Parameters<typeof startAwsServer>[0]): Promise<void> => {
    server = await startAwsServer({ now: () => fixedNow, ...data });
    session = await openTestSession(server);
  };

  it('a real GetProducts item (m5.large, 2021) becomes the expected PriceRecord', async () => {
    const item = readSample<PriceItemData>('amazon-ec2-instance-selector/GetProducts-PriceListItem-m5_large.json');
    await serve({ data: { products: [item] } });
    const items = await getProducts(session, {
      serviceCode: 'AmazonEC2',
      filters: [
        { field: 'instanceType', value: 'm5.large' },
        { field: 'location', value: 'US East (N. Virginia)' },
      ],
    });
    assert.deepEqual(items, [item], 'the item survives the JSON-string round trip unchanged');
    const r = priceRecordFromItem(items[0]!)!;
    assert.deepEqual([r.size, r.region, r.currency, r.onDemand?.hourly, r.reserved.length], ['m5.large', 'us-east-1', 'USD', 0.096, 12]);
    const partial = r.reserved.find((x) => x.term === '1yr' && x.class === 'convertible' && x.purchase === 'Partial Upfront')!;
    assert.deepEqual([partial.hourly, partial.upfront], [0.034, 294]);
    assert.equal(partial.effectiveHourly, 0.034 + 294 / 8760);
    // Straight from the sample's terms: every Reserved term, hourly and upfront.
    for (const term of Object.values(item.terms.Reserved!) as {
      termAttributes: Record<string, string>;
      priceDimensions: Record<string, { unit: string; pricePerUnit: { USD: string } }>;
    }[]) {
      const t = term.termAttributes;
      const got = r.reserved.find((x) => x.term === t.LeaseContractLength && x.class === t.OfferingClass && x.purchase === t.PurchaseOption)!;
      const dims = Object.values(term.priceDimensions);
      assert.equal(got.hourly, Number(dims.find((d) => d.unit === 'Hrs')!.pricePerUnit.USD));
      assert.equal(got.upfront, Number(dims.find((d) => d.unit === 'Quantity')?.pricePerUnit.USD ?? 0));
    }
    assert.deepEqual(r.source, { offerCode: 'AmazonEC2', version: '20210205204500', publicationDate: '2021-02-05T20:45:00Z' });
    assert.deepEqual([r.specs.vcpu, r.specs.memoryGiB, r.specs.architecture, r.specs.clockSpeed], [2, 8, 'x86_64', '3.1 GHz']);
  });

  it("botocore's own Pricing examples come back through the SDK as AWS documents them", async () => {
    type Example = { input: Record<string, unknown>; output: Record<string, unknown> };
    const examples = readSample<{ examples: Record<string, Example[]> }>('botocore/pricing-2017-10-15-examples-1.json').examples;
    const ds = examples.DescribeServices![0]!;
    const gav = examples.GetAttributeValues![0]!;
    const gp = examples.GetProducts![0]!;
    const products = (gp.output.PriceList as string[]).map((s) => JSON.parse(s) as PriceItemData);
    await serve({
      data: {
        services: ds.output.Services as { ServiceCode: string; AttributeNames: string[] }[],
        attributeValues: { [`${gav.input.ServiceCode}/${gav.input.AttributeName}`]: (gav.output.AttributeValues as { Value: string }[]).map((v) => v.Value) },
        products,
      },
    });
    assert.deepEqual(
      (await describeServices(session, { serviceCode: 'AmazonEC2' })).map((s) => ({ ServiceCode: s.serviceCode, AttributeNames: s.attributeNames })),
      ds.output.Services,
    );
    assert.deepEqual(await getAttributeValues(session, 'AmazonEC2', 'volumeType'), ['Throughput Optimized HDD', 'Provisioned IOPS']);
    const filters = (gp.input.Filters as { Type: 'TERM_MATCH'; Field: string; Value: string }[]).map((f) => ({ type: f.Type, field: f.Field, value: f.Value }));
    const items = await getProducts(session, { serviceCode: 'AmazonEC2', filters });
    assert.deepEqual(items, products);
    assert.equal(priceRecordFromItem(items[0]!), undefined, 'a storage product is no instance price');
  });

  it('real DescribeServices and GetAttributeValues listings are read in full across pages', async () => {
    const all = readSample<{ services: { ServiceCode: string; AttributeNames: string[] }[] }>(
      'alanwsmith-attribute-values/DescribeServices-all-aggregated-2022.json',
    );
    const attributeFiles = readdirSync(path.join(samples, 'alanwsmith-attribute-values')).filter((f) => f.includes('--'));
    assert.ok(attributeFiles.length >= 10);
    const attributeValues: Record<string, string[]> = {};
    for (const f of attributeFiles) {
      const s = readSample<{ service_code: string; attribute: string; attribute_values: string[] }>(`alanwsmith-attribute-values/${f}`);
      attributeValues[`${s.service_code}/${s.attribute}`] = s.attribute_values;
    }
    await serve({ data: { services: all.services, attributeValues }, pageSize: { 'pricing:GetAttributeValues': 7 } });
    const services = await describeServices(session);
    assert.equal(services.length, all.services.length);
    assert.deepEqual(
      services.map((s) => s.serviceCode),
      all.services.map((s) => s.ServiceCode),
    );
    assert.equal(server.count('pricing:DescribeServices'), Math.ceil(all.services.length / 100));
    for (const [key, values] of Object.entries(attributeValues)) {
      const [service, attribute] = key.split('/') as [string, string];
      assert.deepEqual(await getAttributeValues(session, service, attribute), values, key);
    }
  });

  it('a real spot price history (m5.large us-east-1) gives the per-zone current price and min/max', async () => {
    const raw = readSample<{ SpotPriceHistory: (Omit<SpotPriceData, 'Timestamp'> & { Timestamp: string })[] }>(
      'amazon-ec2-instance-selector/DescribeSpotPriceHistory-m5_large.sdk.json',
    );
    const points: SpotPriceData[] = raw.SpotPriceHistory.map((p) => ({ ...p, Timestamp: new Date(p.Timestamp) }));
    const latest = new Date(Math.max(...points.map((p) => p.Timestamp.getTime())) + 60_000);
    await serve({ data: { spotPrices: points }, pageSize: { 'ec2:DescribeSpotPriceHistory': 40 } });
    const summary = await getSpotPrices(session, { size: 'm5.large', region: 'us-east-1', now: latest });
    const expected = expectedSpot(points, 'm5.large', 'us-east-1', 'Linux/UNIX', latest);
    assert.ok(Object.keys(expected).length >= 5);
    assert.deepEqual(Object.fromEntries(summary.zones.map((z) => [z.availabilityZone, { current: z.current, min: z.min, max: z.max }])), expected);
  });

  for (const file of ['DescribeInstanceTypes-t3_micro.sdk.json', 'DescribeInstanceTypes-c4_large.sdk.json']) {
    it(`real ${file} round-trips through the fake's EC2 XML and the SDK's parser unchanged`, async () => {
      const sample = readSample<{ InstanceTypes: Record<string, unknown>[] }>(`amazon-ec2-instance-selector/${file}`);
      await serve({ data: { instanceTypes: sample.InstanceTypes } });
      const size = sample.InstanceTypes[0]!.InstanceType as string;
      const out = await session.ec2().send(new DescribeInstanceTypesCommand({ InstanceTypes: [size as never] }));
      assert.deepEqual(out.InstanceTypes, withoutNulls(sample.InstanceTypes));
      const specs = (await describeInstanceTypes(session, { sizes: [size] })).get(size)!;
      const info = sample.InstanceTypes[0] as { VCpuInfo: { DefaultVCpus: number }; MemoryInfo: { SizeInMiB: number } };
      assert.deepEqual([specs.vcpu, specs.memoryGiB], [info.VCpuInfo.DefaultVCpus, Math.round((info.MemoryInfo.SizeInMiB / 1024) * 1000) / 1000]);
    });
  }
});
