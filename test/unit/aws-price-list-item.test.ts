import * as assert from 'node:assert/strict';
import { parsePriceListItem, priceRecordFromItem } from '../../src/core/aws/price-list-item';
import type { PriceListItem } from '../../src/core/aws/price-list-item';
import { pricingApiRegion } from '../../src/core/aws/pricing-api-region';
import { PriceAtlasError } from '../../src/core/errors';

// Hand-written in the GetProducts item format (docs/aws-formats.md §2.2-§2.3).
function item(currency = 'USD', attributes: Record<string, string> = {}): PriceListItem {
  return {
    product: {
      productFamily: 'Compute Instance',
      sku: 'ABCDEFGH12345678',
      attributes: {
        instanceType: 'm6i.large',
        regionCode: 'eu-west-1',
        location: 'EU (Ireland)',
        vcpu: '2',
        memory: '8 GiB',
        physicalProcessor: 'Intel Xeon 8375C (Ice Lake)',
        processorArchitecture: '64-bit',
        clockSpeed: '3.5 GHz',
        networkPerformance: 'Up to 12500 Megabit',
        storage: 'EBS only',
        instanceFamily: 'General purpose',
        currentGeneration: 'Yes',
        gpu: 'NA',
        operatingSystem: 'Linux',
        tenancy: 'Shared',
        licenseModel: 'No License required',
        preInstalledSw: 'NA',
        capacitystatus: 'Used',
        usagetype: 'EU-BoxUsage:m6i.large',
        operation: 'RunInstances',
        ...attributes,
      },
    },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        'ABCDEFGH12345678.JRTCKXETXF': {
          priceDimensions: { 'ABCDEFGH12345678.JRTCKXETXF.6YS6EN2CT7': { unit: 'Hrs', beginRange: '0', pricePerUnit: { [currency]: '0.1070000000' } } },
          termAttributes: {},
        },
      },
      Reserved: {
        'ABCDEFGH12345678.NQ3QZPMQV9': {
          priceDimensions: {
            'ABCDEFGH12345678.NQ3QZPMQV9.2TG2D8R56U': { unit: 'Quantity', pricePerUnit: { [currency]: '1314' } },
            'ABCDEFGH12345678.NQ3QZPMQV9.6YS6EN2CT7': { unit: 'Hrs', beginRange: '0', pricePerUnit: { [currency]: '0.0000000000' } },
          },
          termAttributes: { LeaseContractLength: '3yr', OfferingClass: 'standard', PurchaseOption: 'All Upfront' },
        },
        'ABCDEFGH12345678.4NA7Y494T4': {
          priceDimensions: { 'ABCDEFGH12345678.4NA7Y494T4.6YS6EN2CT7': { unit: 'Hrs', beginRange: '0', pricePerUnit: { [currency]: '0.0670000000' } } },
          termAttributes: { LeaseContractLength: '1yr', OfferingClass: 'standard', PurchaseOption: 'No Upfront' },
        },
      },
    },
    version: '20261120224512',
    publicationDate: '2026-11-20T22:45:12Z',
  };
}

describe('Pricing API item → PriceRecord', () => {
  it('reads on-demand, reserved terms (upfront amortised), specs, variant and source', () => {
    const r = priceRecordFromItem(item())!;
    assert.equal(r.kind, 'ec2');
    assert.equal(r.size, 'm6i.large');
    assert.equal(r.region, 'eu-west-1');
    assert.equal(r.currency, 'USD');
    assert.deepEqual(r.onDemand, { hourly: 0.107 });
    assert.deepEqual(r.variant, { operatingSystem: 'Linux', tenancy: 'Shared', licenseModel: 'No License required', preInstalledSw: 'NA' });
    assert.deepEqual(
      r.reserved.map((x) => [x.term, x.class, x.purchase, x.hourly, x.upfront]),
      [
        ['1yr', 'standard', 'No Upfront', 0.067, 0],
        ['3yr', 'standard', 'All Upfront', 0, 1314],
      ],
    );
    assert.equal(r.reserved[1]!.effectiveHourly, 1314 / (3 * 8760));
    assert.deepEqual(r.specs, {
      vcpu: 2,
      memoryGiB: 8,
      architecture: 'x86_64',
      processor: 'Intel Xeon 8375C (Ice Lake)',
      clockSpeed: '3.5 GHz',
      network: 'Up to 12500 Megabit',
      storage: 'EBS only',
      family: 'General purpose',
      currentGeneration: true,
    });
    assert.deepEqual(r.source, { offerCode: 'AmazonEC2', version: '20261120224512', publicationDate: '2026-11-20T22:45:12Z' });
    assert.equal(r.usageType, 'EU-BoxUsage:m6i.large');
    assert.deepEqual(r.savingsPlans, []);
  });

  it('takes the currency from pricePerUnit (CNY in China), never assuming USD', () => {
    assert.equal(priceRecordFromItem(item('CNY'))!.currency, 'CNY');
  });

  it('falls back to the location name when an older item has no regionCode', () => {
    const old = item('USD', { regionCode: undefined as unknown as string });
    delete old.product!.attributes!.regionCode;
    assert.equal(priceRecordFromItem(old)!.region, 'eu-west-1');
  });

  it('skips products that are not instance sizes', () => {
    const storage = item();
    storage.product!.productFamily = 'Storage';
    assert.equal(priceRecordFromItem(storage), undefined);
  });

  it("parses plain strings and the SDK's String-like LazyJsonString items alike", () => {
    const text = JSON.stringify(item());
    // LazyJsonString is a String subclass at run time (aws-sdk-js-v3 #2202).
    class LazyJsonString extends String {}
    for (const raw of [text, new LazyJsonString(text), item()]) assert.equal(priceRecordFromItem(parsePriceListItem(raw))!.size, 'm6i.large');
    assert.throws(() => parsePriceListItem('{not json'), PriceAtlasError);
  });

  it('refuses a price that is not a decimal number', () => {
    const bad = item();
    (
      bad.terms!.OnDemand!['ABCDEFGH12345678.JRTCKXETXF']!.priceDimensions!['ABCDEFGH12345678.JRTCKXETXF.6YS6EN2CT7']!.pricePerUnit as Record<string, string>
    ).USD = 'N/A';
    assert.throws(() => priceRecordFromItem(bad), /not a decimal/);
  });
});

describe('Pricing API endpoint region', () => {
  it('picks the nearest of us-east-1, eu-central-1 and ap-south-1 (cn-northwest-1 for China)', () => {
    const cases: Record<string, string> = {
      'us-east-1': 'us-east-1',
      'us-west-2': 'us-east-1',
      'sa-east-1': 'us-east-1',
      'ca-central-1': 'us-east-1',
      'us-gov-west-1': 'us-east-1',
      'eu-west-1': 'eu-central-1',
      'eu-north-1': 'eu-central-1',
      'il-central-1': 'eu-central-1',
      'af-south-1': 'eu-central-1',
      'ap-southeast-2': 'ap-south-1',
      'ap-northeast-1': 'ap-south-1',
      'me-central-1': 'ap-south-1',
      'cn-north-1': 'cn-northwest-1',
    };
    for (const [region, endpoint] of Object.entries(cases)) assert.equal(pricingApiRegion(region), endpoint, region);
  });
});
