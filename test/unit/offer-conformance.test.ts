import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { OfferSink, PriceDimension, SavingsPlanRate, TermAttributes, TermType } from '../../src/core/offers/offer-events';
import { readOfferFile } from '../../src/core/offers/offer-reader';
import { IndexBuilder, reservedOf } from '../../src/core/prices/write/index-builder';

// Conformance with real AWS offer files kept in ../shared (skipped on a clone without it).
const samples = path.resolve(__dirname, '../../../../shared/aws-samples/bulk');
const describeSamples = existsSync(samples) ? describe : describe.skip;

class CountingSink implements OfferSink {
  readonly wantedAttributes = new Set(['instanceType', 'location', 'regionCode']);
  readonly header: Record<string, string> = {};
  readonly products: string[] = [];
  readonly priceSkus = new Set<string>();
  readonly rates: SavingsPlanRate[] = [];
  prices = 0;
  meta(field: string, value: string): void {
    this.header[field] = value;
  }
  product(sku: string): void {
    this.products.push(sku);
  }
  productsDone(): void {}
  wantsPrices(): boolean {
    return true;
  }
  price(sku: string, _type: TermType, _term: TermAttributes, dim: PriceDimension): void {
    assert.match(dim.price, /^\d+(\.\d+)?$/);
    this.priceSkus.add(sku);
    this.prices++;
  }
  savingsPlanRate(rate: SavingsPlanRate): void {
    this.rates.push(rate);
  }
}

describeSamples('offer readers on real AWS offer files (../shared)', () => {
  it('reads the real 2018 us-west-2 EC2 JSON (re-serialised, trimmed): 7 products, 13 term SKUs, none shared', async () => {
    const sink = new CountingSink();
    const r = await readOfferFile(path.join(samples, 'spinnaker-clouddriver/AmazonEC2-us-west-2-trimmed-2018.json'), sink);
    assert.equal(r.format, 'json');
    assert.equal(sink.header.version, '20180504231021');
    assert.equal(sink.products.length, 7);
    assert.equal(sink.priceSkus.size, 13);
    assert.ok(sink.products.every((p) => !sink.priceSkus.has(p)));
    // The index: products without prices and prices without products give no records, and no error.
    const builder = new IndexBuilder();
    await readOfferFile(path.join(samples, 'spinnaker-clouddriver/AmazonEC2-us-west-2-trimmed-2018.json'), builder);
    assert.deepEqual(builder.finish({ offerCode: 'AmazonEC2', version: '', publicationDate: '' }), []);
    assert.equal(builder.stats.products, 7);
  });

  it('indexes the real 2025 EC2 CSV sample: known Reserved prices of m6id.2xlarge in ca-central-1', async () => {
    const builder = new IndexBuilder();
    const r = await readOfferFile(path.join(samples, 'jtdelia-ec2-priceit/3-global-pricing-file-sample.csv'), builder);
    assert.equal(r.format, 'csv');
    assert.equal(builder.header.version, '20250912225308');
    assert.equal(builder.header.offerCode, 'AmazonEC2');
    const parts = builder.finish({ offerCode: 'AmazonEC2', version: '20250912225308', publicationDate: '2025-09-12T22:53:08Z' });
    const ca = parts.find((p) => p.region === 'ca-central-1');
    const rec = ca?.records.find((x) => x.size === 'm6id.2xlarge' && x.variant.join('|') === 'Windows|Shared|No License required|SQL Std');
    assert.ok(rec, 'm6id.2xlarge Windows SQL Std in ca-central-1');
    const ri = (term: string, cls: string, purchase: string) => reservedOf(rec).find((x) => x.term === term && x.class === cls && x.purchase === purchase);
    assert.deepEqual(ri('3yr', 'standard', 'Partial Upfront'), {
      term: '3yr',
      class: 'standard',
      purchase: 'Partial Upfront',
      hourly: 0.76984,
      upfront: 20231,
    });
    assert.equal(ri('1yr', 'standard', 'No Upfront')?.hourly, 1.6614);
    assert.deepEqual([ri('1yr', 'standard', 'All Upfront')?.hourly, ri('1yr', 'standard', 'All Upfront')?.upfront], [0, 14359]);
    assert.ok(parts.length >= 2, `regions: ${parts.map((p) => p.region).join(', ')}`);
  });

  it('reads the real Savings Plans CSV sample (unquoted, AmazonComputeSavingsPlan)', async () => {
    const sink = new CountingSink();
    await readOfferFile(path.join(samples, 'jtdelia-ec2-priceit/5-ap-east-2-savingsplan-pricing.csv'), sink);
    assert.equal(sink.header.offerCode, 'AmazonComputeSavingsPlan');
    assert.equal(sink.rates.length, 44);
    const first = sink.rates[0];
    assert.equal(first.planSku, '2JT7C3ZD2AXA73Q4');
    assert.equal(first.discountedUsageType, 'APE2-DedicatedUsage:r7g.medium');
    assert.equal(first.discountedOperation, 'RunInstances:0010');
    assert.equal(first.price, '0.0425');
    assert.equal(first.leaseYears, 3);
    assert.equal(first.purchaseOption, 'Partial Upfront');
    assert.equal(first.productFamily, 'EC2InstanceSavingsPlans');
  });
});
