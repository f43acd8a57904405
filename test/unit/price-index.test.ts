import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OfferFormatError } from '../../src/core/offers/offer-events';
import { findMirrorOfferFiles, indexOfferFile } from '../../src/core/prices/write/index-offer-file';
import { PartFormatError } from '../../src/core/prices/part-file';
import { PriceIndex } from '../../src/core/prices/read/price-index';
import { adviceText } from '../../src/cli/present-error';
import { usageWithoutRegion } from '../../src/core/prices/write/index-builder';
import { bestReserved, bestSavingsPlan } from '../../src/core/prices/price-math';
import { kindOfSize } from '../../src/core/prices/price-types';
import { jacksonStringify, regionLocation, writeEc2RegionCsv, writeEc2RegionOffer, writeFixtureTree } from '../fakes/fixture-tree';
import { partPath } from '../../src/core/prices/store-layout';

const version = '20250912225308';
const publicationDate = '2025-09-12T22:53:08Z';

/** A hand-written offer: every number below is a known answer. */
function smallOffer(
  region: string,
  opts: { currency?: string; od?: string; extraProducts?: Record<string, unknown>; extraTerms?: Record<string, unknown> } = {},
): string {
  const currency = opts.currency ?? 'USD';
  const attrs = (type: string, os: string, capacity = 'Used'): Record<string, string> => ({
    instanceType: type,
    vcpu: '2',
    memory: '8 GiB',
    physicalProcessor: 'AWS Graviton3 Processor',
    processorArchitecture: '64-bit',
    networkPerformance: 'Up to 12500 Megabit',
    storage: 'EBS only',
    instanceFamily: 'General purpose',
    currentGeneration: 'Yes',
    operatingSystem: os,
    tenancy: 'Shared',
    licenseModel: 'No License required',
    preInstalledSw: 'NA',
    capacitystatus: capacity,
    usagetype: `BoxUsage:${type}`,
    operation: os === 'Linux' ? 'RunInstances' : 'RunInstances:0002',
    regionCode: region,
    location: regionLocation(region),
  });
  const od = (sku: string, price: string): Record<string, unknown> => ({
    [`${sku}.JRTCKXETXF`]: {
      offerTermCode: 'JRTCKXETXF',
      sku,
      priceDimensions: { [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: { unit: 'Hrs', beginRange: '0', endRange: 'Inf', pricePerUnit: { [currency]: price } } },
      termAttributes: {},
    },
  });
  const ri = (sku: string, code: string, lease: string, cls: string, purchase: string, hourly: string, upfront?: string): Record<string, unknown> => ({
    [`${sku}.${code}`]: {
      offerTermCode: code,
      sku,
      priceDimensions: {
        [`${sku}.${code}.6YS6EN2CT7`]: { unit: 'Hrs', beginRange: '0', endRange: 'Inf', pricePerUnit: { [currency]: hourly } },
        ...(upfront ? { [`${sku}.${code}.2TG2D8R56U`]: { unit: 'Quantity', description: 'Upfront Fee', pricePerUnit: { [currency]: upfront } } } : {}),
      },
      termAttributes: { LeaseContractLength: lease, OfferingClass: cls, PurchaseOption: purchase },
    },
  });
  return jacksonStringify({
    formatVersion: 'v1.0',
    offerCode: 'AmazonEC2',
    version,
    publicationDate,
    products: {
      LINUX1: { sku: 'LINUX1', productFamily: 'Compute Instance', attributes: attrs('m7g.large', 'Linux') },
      WIN1: { sku: 'WIN1', productFamily: 'Compute Instance', attributes: attrs('m7g.large', 'Windows') },
      UNUSED1: { sku: 'UNUSED1', productFamily: 'Compute Instance', attributes: attrs('m7g.large', 'Linux', 'UnusedCapacityReservation') },
      EBS1: { sku: 'EBS1', productFamily: 'Storage', attributes: { volumeApiName: 'gp3', regionCode: region } },
      ...opts.extraProducts,
    },
    terms: {
      OnDemand: {
        ...{ LINUX1: od('LINUX1', opts.od ?? '0.0816000000') },
        WIN1: od('WIN1', '0.1736000000'),
        UNUSED1: od('UNUSED1', '0.0816000000'),
        EBS1: od('EBS1', '0.0800000000'),
        ...opts.extraTerms,
      },
      Reserved: {
        LINUX1: {
          ...ri('LINUX1', '4NA7Y494T4', '1yr', 'standard', 'No Upfront', '0.0514000000'),
          ...ri('LINUX1', '6QCMYABX3D', '1yr', 'standard', 'All Upfront', '0.0000000000', '438'),
          ...ri('LINUX1', '38NPMPTW36', '3yr', 'standard', 'Partial Upfront', '0.0160000000', '420'),
        },
      },
    },
  });
}

let dir: string;

describe('price index', () => {
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pa-index-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds known prices: On-Demand, Reserved with amortised upfront, specs, source', async () => {
    const file = path.join(dir, 'offer.json');
    writeFileSync(file, smallOffer('us-west-2'));
    const store = path.join(dir, 'store');
    const result = await indexOfferFile(file, store);
    assert.deepEqual(
      result.regions.map((r) => [r.region, r.entries]),
      [['us-west-2', 2]],
    );
    assert.equal(result.sha256.length, 64);

    const index = new PriceIndex(store);
    const r = await index.lookup('m7g.large', 'us-west-2');
    assert.ok(r);
    assert.equal(r.onDemand?.hourly, 0.0816);
    assert.equal(r.currency, 'USD');
    assert.deepEqual(r.variant, { operatingSystem: 'Linux', tenancy: 'Shared', licenseModel: 'No License required', preInstalledSw: 'NA' });
    assert.deepEqual(
      r.reserved.map((x) => [x.term, x.class, x.purchase, x.hourly, x.upfront]),
      [
        ['1yr', 'standard', 'No Upfront', 0.0514, 0],
        ['1yr', 'standard', 'All Upfront', 0, 438],
        ['3yr', 'standard', 'Partial Upfront', 0.016, 420],
      ],
    );
    assert.equal(r.reserved[1].effectiveHourly, 438 / 8760);
    assert.equal(r.reserved[2].effectiveHourly, 0.016 + 420 / (3 * 8760));
    assert.equal(bestReserved(r)?.purchase, 'Partial Upfront');
    assert.deepEqual(r.specs, {
      vcpu: 2,
      memoryGiB: 8,
      architecture: 'arm64',
      processor: 'AWS Graviton3 Processor',
      network: 'Up to 12500 Megabit',
      storage: 'EBS only',
      family: 'General purpose',
      currentGeneration: true,
    });
    assert.deepEqual(r.source, { offerCode: 'AmazonEC2', version, publicationDate, sha256: result.sha256 });

    const win = await index.lookup('m7g.large', 'us-west-2', { operatingSystem: 'Windows' });
    assert.equal(win?.onDemand?.hourly, 0.1736);
    assert.deepEqual(win?.reserved, []);
  });

  it('keeps only capacitystatus=Used: the capacity-reservation duplicate is not a variant', async () => {
    const file = path.join(dir, 'offer.json');
    writeFileSync(file, smallOffer('us-west-2'));
    const store = path.join(dir, 'store');
    await indexOfferFile(file, store);
    const variants = await new PriceIndex(store).variants('m7g.large', 'us-west-2');
    assert.equal(variants.length, 2);
  });

  it('two products with the same size and variant: the lowest SKU wins, in any file order', async () => {
    const dup = (sku: string): Record<string, unknown> => ({
      sku,
      productFamily: 'Compute Instance',
      attributes: {
        instanceType: 'c7g.large',
        operatingSystem: 'Linux',
        tenancy: 'Shared',
        licenseModel: 'No License required',
        preInstalledSw: 'NA',
        capacitystatus: 'Used',
        regionCode: 'us-west-2',
      },
    });
    const od = (sku: string, price: string): Record<string, unknown> => ({
      [`${sku}.T`]: { priceDimensions: { d: { unit: 'Hrs', beginRange: '0', pricePerUnit: { USD: price } } }, termAttributes: {} },
    });
    for (const order of [
      ['DUPB', 'DUPA'],
      ['DUPA', 'DUPB'],
    ]) {
      const file = path.join(dir, `dup-${order[0]}.json`);
      const products = Object.fromEntries(order.map((sku) => [sku, dup(sku)]));
      writeFileSync(
        file,
        smallOffer('us-west-2', { extraProducts: products, extraTerms: { DUPA: od('DUPA', '0.0700000000'), DUPB: od('DUPB', '0.0900000000') } }),
      );
      const store = path.join(dir, `store-${order[0]}`);
      const result = await indexOfferFile(file, store);
      assert.equal(result.stats.duplicates, 1);
      assert.equal((await new PriceIndex(store).lookup('c7g.large', 'us-west-2'))?.onDemand?.hourly, 0.07);
    }
  });

  it('keeps CNY prices in CNY', async () => {
    const file = path.join(dir, 'offer.json');
    writeFileSync(file, smallOffer('cn-north-1', { currency: 'CNY', od: '0.6920000000' }));
    const store = path.join(dir, 'store');
    await indexOfferFile(file, store);
    const r = await new PriceIndex(store).lookup('m7g.large', 'cn-north-1');
    assert.equal(r?.currency, 'CNY');
    assert.equal(r?.onDemand?.hourly, 0.692);
  });

  it('explains a miss: unknown region, missing service, unknown size, unmatched variant', async () => {
    const file = path.join(dir, 'offer.json');
    writeFileSync(file, smallOffer('us-west-2'));
    const store = path.join(dir, 'store');
    await indexOfferFile(file, store);
    const index = new PriceIndex(store);
    assert.equal(await index.lookup('m7g.large', 'eu-west-1'), undefined);
    const region = await index.explainMiss('m7g.large', 'eu-west-1');
    assert.match(region.message, /No prices for region eu-west-1.*it has: us-west-2/);
    assert.deepEqual(region.remedy, {
      kind: 'download',
      services: ['AmazonEC2'],
      regions: ['eu-west-1'],
      missing: 'region',
      pricingApi: { size: 'm7g.large', region: 'eu-west-1' },
    });
    assert.equal(region.hint, undefined, "no host's words in the core: the CLI and the editor word the remedy");
    assert.match(adviceText(region, 'store') ?? '', /price-atlas download --services AmazonEC2 --regions eu-west-1 && price-atlas index/);
    assert.match((await index.explainMiss('db.m5.large', 'us-west-2')).message, /no AmazonRDS prices for us-west-2/);
    assert.match((await index.explainMiss('m9z.huge', 'us-west-2')).message, /m9z.huge is not in the AmazonEC2 offer for us-west-2 \(version 20250912225308\)/);
    const variant = await index.explainMiss('m7g.large', 'us-west-2', { operatingSystem: 'SUSE' });
    assert.match(variant.message, /operatingSystem=SUSE/);
    assert.match(variant.hint ?? '', /Linux \/ Shared/);
  });

  it('counts hits and misses, caches misses, and reloads after the TTL when the store changed', async () => {
    const file = path.join(dir, 'offer.json');
    writeFileSync(file, smallOffer('us-west-2'));
    const store = path.join(dir, 'store');
    await indexOfferFile(file, store);
    let now = 1_000_000;
    const index = new PriceIndex(store, { ttlMs: 60_000, now: () => now });
    assert.equal((await index.lookup('m7g.large', 'us-west-2'))?.onDemand?.hourly, 0.0816);
    assert.equal(await index.lookup('nope.large', 'us-west-2'), undefined);
    assert.equal(await index.lookup('nope.large', 'us-west-2'), undefined);
    assert.equal(index.lookupLoaded('m7g.large', 'us-west-2')?.onDemand?.hourly, 0.0816);
    assert.deepEqual([index.stats().hits, index.stats().misses], [2, 2]);

    // A rebuild with a new price: not seen within the TTL, seen after it.
    writeFileSync(file, smallOffer('us-west-2', { od: '0.0900000000' }));
    await new Promise((r) => setTimeout(r, 20));
    await indexOfferFile(file, store);
    assert.equal((await index.lookup('m7g.large', 'us-west-2'))?.onDemand?.hourly, 0.0816);
    now += 60_001;
    assert.equal((await index.lookup('m7g.large', 'us-west-2'))?.onDemand?.hourly, 0.09);

    const stats = await index.storeStats();
    assert.equal(stats.regions.length, 1);
    assert.equal(stats.entries, 2);
    assert.ok(stats.bytes > 0);
    assert.equal(stats.regions[0].parts[0].offerCode, 'AmazonEC2');
  });

  it('a truncated or malformed offer leaves the previous index as it was, and says where', async () => {
    const file = path.join(dir, 'offer.json');
    const good = smallOffer('us-west-2');
    writeFileSync(file, good);
    const store = path.join(dir, 'store');
    await indexOfferFile(file, store);
    const part = partPath(store, 'us-west-2', 'AmazonEC2');
    const before = readFileSync(part);

    writeFileSync(file, good.slice(0, Math.floor(good.length * 0.8)));
    await assert.rejects(
      indexOfferFile(file, store),
      (err: unknown) => err instanceof OfferFormatError && err.message.includes(file) && /ends early.*byte \d+/.test(err.message),
    );
    writeFileSync(file, good.replace('"0.1736000000"', '"12,5"'));
    await assert.rejects(indexOfferFile(file, store), /price "12,5" of SKU WIN1 is not a decimal number/);
    assert.deepEqual(readFileSync(part), before);
    assert.deepEqual(readdirSync(path.dirname(part)), ['AmazonEC2.idx']);
    assert.equal((await new PriceIndex(store).lookup('m7g.large', 'us-west-2'))?.onDemand?.hourly, 0.0816);
  });

  it('refuses a damaged part file with a message that says to rebuild', async () => {
    const file = path.join(dir, 'offer.json');
    writeFileSync(file, smallOffer('us-west-2'));
    const store = path.join(dir, 'store');
    await indexOfferFile(file, store);
    const part = partPath(store, 'us-west-2', 'AmazonEC2');
    writeFileSync(part, readFileSync(part).subarray(0, 200));
    await assert.rejects(
      new PriceIndex(store).lookup('m7g.large', 'us-west-2'),
      (err: unknown) => err instanceof PartFormatError && /rebuild the index/.test(err.message),
    );
  });

  it('JSON and CSV of the same offer give byte-identical parts', async () => {
    const opts = {
      region: 'ap-southeast-3',
      location: regionLocation('ap-southeast-3'),
      version,
      publicationDate,
      instanceTypes: ['m5.large', 'c6i.large', 'r7g.medium'],
    };
    const json = path.join(dir, 'a', 'ec2.json');
    const csv = path.join(dir, 'b', 'ec2.csv');
    await writeEc2RegionOffer(await ensure(json), opts);
    await writeEc2RegionCsv(await ensure(csv), opts);
    const now = (): Date => new Date('2026-01-01T00:00:00Z');
    const a = await indexOfferFile(json, path.join(dir, 'sa'), { now });
    const b = await indexOfferFile(csv, path.join(dir, 'sb'), { now });
    const strip = (buf: Buffer): string => buf.toString('latin1').replace(/"sha256":"[0-9a-f]{64}"/, '');
    assert.equal(strip(readFileSync(a.regions[0].path)), strip(readFileSync(b.regions[0].path)));
  });

  it('indexes a fixture mirror: EC2, RDS and Savings Plans joined by usage type and operation', async () => {
    const root = path.join(dir, 'mirror');
    await writeFixtureTree({ root, regions: ['us-east-1', 'eu-west-1'] });
    const files = await findMirrorOfferFiles(root);
    assert.deepEqual(files.map((f) => `${f.offerCode}/${f.region}/${path.basename(f.file)}`).sort(), [
      'AWSComputeSavingsPlan/eu-west-1/index.json',
      'AWSComputeSavingsPlan/us-east-1/index.json',
      'AWSELB/eu-west-1/index.json',
      'AWSELB/us-east-1/index.json',
      'AWSLambda/eu-west-1/index.json',
      'AWSLambda/us-east-1/index.json',
      'AmazonEC2/eu-west-1/index.json',
      'AmazonEC2/us-east-1/index.json',
      'AmazonEKS/eu-west-1/index.json',
      'AmazonEKS/us-east-1/index.json',
      'AmazonRDS/eu-west-1/index.json',
      'AmazonRDS/us-east-1/index.json',
    ]);
    assert.equal(files.length, 12);
    const store = path.join(dir, 'store');
    for (const f of files) await indexOfferFile(f.file, store);
    const index = new PriceIndex(store);
    const m5 = await index.lookup('m5.large', 'us-east-1');
    assert.equal(m5?.onDemand?.hourly, 0.096);
    // Compute SP 1yr No Upfront is 0.72 of On-Demand in the fixture; EC2 Instance SP (m5) 1yr No Upfront 0.63.
    assert.deepEqual(
      m5?.savingsPlans.filter((s) => s.term === '1yr' && s.purchase === 'No Upfront').map((s) => [s.plan, s.hourly]),
      [
        ['Compute', 0.0691],
        ['EC2 Instance', 0.0605],
      ],
    );
    assert.equal(bestSavingsPlan(m5!)?.hourly, Math.min(...m5!.savingsPlans.map((s) => s.hourly)));
    const rds = await index.lookup('db.m5.large', 'us-east-1', { databaseEngine: 'PostgreSQL', deploymentOption: 'Multi-AZ' });
    assert.equal(rds?.kind, 'rds');
    assert.equal(rds?.onDemand?.hourly, Math.round((0.171 + 0.004) * 2 * 10000) / 10000);
    assert.ok((await index.records('us-east-1', { kind: 'ec2' })).every((r) => r.variant.operatingSystem === 'Linux' && r.variant.tenancy === 'Shared'));

    // Products priced by usage type, in their offer's unit; eu-west-1's usage types carry the EU- prefix.
    const ebs = await index.lookupComponent('ebs', 'EBS:VolumeUsage.gp3', 'eu-west-1');
    assert.equal(ebs?.unit, 'GB-Mo');
    assert.equal(ebs?.usageType, 'EU-EBS:VolumeUsage.gp3');
    assert.equal(ebs?.productFamily, 'Storage');
    assert.equal((await index.lookupComponent('ebs', 'EBS:VolumeUsage', 'us-east-1'))?.price, 0.05, 'magnetic: the unsuffixed usage type');
    assert.equal((await index.lookupComponent('ebs', 'EBS:VolumeP-Throughput.gp3', 'us-east-1'))?.unit, 'GiBps-mo');
    const nat = await index.lookupComponent('natgateway', 'NatGateway-Hours', 'us-east-1');
    assert.deepEqual([nat?.price, nat?.unit], [0.045, 'Hrs'], 'the NAT gateway, not the Regional NAT gateway ($0.09)');
    assert.equal(await index.lookupComponent('natgateway', 'RegionalNatGateway-Hours', 'us-east-1'), undefined);
    assert.equal(await index.lookupComponent('ebs', 'EBS:SnapshotUsage', 'us-east-1'), undefined, 'snapshots are not indexed');
    const single = await index.lookupComponent('rdsstorage', 'RDS:GP2-Storage', 'us-east-1');
    const multi = await index.lookupComponent('rdsstorage', 'RDS:Multi-AZ-GP2-Storage', 'us-east-1');
    assert.deepEqual([single?.price, multi?.price, multi?.usageType], [0.115, 0.23, 'USE1-RDS:Multi-AZ-GP2-Storage']);
    assert.equal((await index.lookupComponent('eks', 'AmazonEKS-Hours:perCluster', 'us-east-1'))?.price, 0.1);
    assert.equal(await index.lookupComponent('eks', 'Fargate-vCPU-Hours:perCPU', 'us-east-1'), undefined);
    const alb = await index.lookupComponent('elb', 'LoadBalancerUsage', 'us-east-1', { productFamily: 'Load Balancer-Application' });
    const gwlb = await index.lookupComponent('elb', 'LoadBalancerUsage', 'us-east-1', { productFamily: 'Load Balancer-Gateway' });
    assert.deepEqual([alb?.price, gwlb?.price], [0.0225, 0.0125], 'one usage type, told apart by family; TS- and Outposts- rows stay out');
    assert.equal((await index.lookupComponent('elb', 'LCUUsage', 'us-east-1', { productFamily: 'Load Balancer-Network' }))?.unit, 'LCU-Hrs');
    assert.equal((await index.lookupComponent('lambda', 'Lambda-GB-Second', 'us-east-1'))?.price, 0.0000166667, 'the first tier');
    assert.equal((await index.lookupComponent('lambda', 'Request', 'us-east-1'))?.unit, 'Requests');
    assert.equal(await index.lookupComponent('ebs', 'NatGateway-Hours', 'us-east-1'), undefined, 'a usage type answers only for its own kind');
    assert.ok(
      (await index.records('us-east-1')).every((r) => ['ec2', 'rds'].includes(r.kind)),
      'instance lists hold no storage or gateways',
    );
    assert.match((await index.explainComponentMiss('eks', 'AmazonEKS-Hours:perCluster', 'ap-south-1')).message, /No prices for region ap-south-1/);
  });

  it('takes one region prefix off a usage type, and only one', () => {
    assert.equal(usageWithoutRegion('EU-EBS:VolumeUsage.gp3'), 'EBS:VolumeUsage.gp3');
    assert.equal(usageWithoutRegion('USW2-NatGateway-Hours'), 'NatGateway-Hours');
    assert.equal(usageWithoutRegion('EBS:VolumeUsage.gp3'), 'EBS:VolumeUsage.gp3');
    assert.equal(usageWithoutRegion('EU-TS-LoadBalancerUsage'), 'TS-LoadBalancerUsage');
    assert.equal(usageWithoutRegion('TS-LoadBalancerUsage'), 'TS-LoadBalancerUsage');
    assert.equal(usageWithoutRegion('USW2-LAX1-LoadBalancerUsage'), 'LAX1-LoadBalancerUsage');
  });

  it('tells kinds apart by name', () => {
    assert.equal(kindOfSize('m5.large'), 'ec2');
    assert.equal(kindOfSize('db.r6g.xlarge'), 'rds');
    assert.equal(kindOfSize('cache.t3.micro'), 'elasticache');
    assert.equal(kindOfSize('r6g.large.search'), 'opensearch');
  });

  it('indexes ElastiCache and OpenSearch instances by their product families', async () => {
    const offer = (code: string, family: string, type: string, engine: Record<string, string>, price: string): string =>
      jacksonStringify({
        offerCode: code,
        version,
        publicationDate,
        products: {
          P1: { sku: 'P1', productFamily: family, attributes: { instanceType: type, vcpu: '2', memory: '3.09 GiB', regionCode: 'us-east-1', ...engine } },
        },
        terms: {
          OnDemand: { P1: { 'P1.JRTCKXETXF': { priceDimensions: { x: { unit: 'Hrs', beginRange: '0', pricePerUnit: { USD: price } } }, termAttributes: {} } } },
        },
      });
    const a = path.join(dir, 'cache.json');
    const b = path.join(dir, 'es.json');
    writeFileSync(a, offer('AmazonElastiCache', 'Cache Instance', 'cache.t3.medium', { cacheEngine: 'Redis' }, '0.0680000000'));
    writeFileSync(b, offer('AmazonES', 'Amazon OpenSearch Service Instance', 'r6g.large.search', {}, '0.1670000000'));
    const store = path.join(dir, 'store');
    await indexOfferFile(a, store);
    await indexOfferFile(b, store);
    const index = new PriceIndex(store);
    assert.equal((await index.lookup('cache.t3.medium', 'us-east-1'))?.onDemand?.hourly, 0.068);
    assert.equal((await index.lookup('r6g.large.search', 'us-east-1'))?.onDemand?.hourly, 0.167);
    assert.equal((await index.lookup('cache.t3.medium', 'us-east-1'))?.specs.memoryGiB, 3.09);
    assert.ok(existsSync(partPath(store, 'us-east-1', 'AmazonES')));
  });
});

async function ensure(file: string): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}
