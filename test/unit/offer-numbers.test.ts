import * as assert from 'node:assert/strict';
import { OfferCsvParser } from '../../src/core/offers/offer-csv';
import { OfferFormatError } from '../../src/core/offers/offer-events';
import { OfferJsonParser } from '../../src/core/offers/offer-json';
import { IndexBuilder, reservedOf } from '../../src/core/prices/write/index-builder';
import type { IndexPart } from '../../src/core/prices/write/index-builder';
import { jacksonStringify, regionLocation } from '../fakes/fixture-tree';

const SOURCE = { offerCode: 'AmazonEC2', version: '20250912225308', publicationDate: '2025-09-12T22:53:08Z' };

const attributes = {
  instanceType: 'm5.large',
  regionCode: 'us-east-1',
  location: regionLocation('us-east-1'),
  operatingSystem: 'Linux',
  tenancy: 'Shared',
  licenseModel: 'No License required',
  preInstalledSw: 'NA',
  capacitystatus: 'Used',
  vcpu: '2',
  memory: '8 GiB',
};

/** One m5.large with an On-Demand price and a Partial Upfront RI, prices as given (strings or numbers). */
function offer(od: unknown, hourly: unknown = '0.0300000000', upfront: unknown = '400'): string {
  return jacksonStringify({
    formatVersion: 'v1.0',
    offerCode: 'AmazonEC2',
    version: SOURCE.version,
    products: { SKU1: { sku: 'SKU1', productFamily: 'Compute Instance', attributes } },
    terms: {
      OnDemand: {
        SKU1: {
          'SKU1.JRTCKXETXF': {
            priceDimensions: { 'SKU1.JRTCKXETXF.6YS6EN2CT7': { unit: 'Hrs', beginRange: '0', pricePerUnit: { USD: od } } },
            termAttributes: {},
          },
        },
      },
      Reserved: {
        SKU1: {
          'SKU1.38NPMPTW36': {
            priceDimensions: {
              'SKU1.38NPMPTW36.6YS6EN2CT7': { unit: 'Hrs', beginRange: '0', pricePerUnit: { USD: hourly } },
              'SKU1.38NPMPTW36.2TG2D8R56U': { unit: 'Quantity', pricePerUnit: { USD: upfront } },
            },
            termAttributes: { LeaseContractLength: '3yr', OfferingClass: 'standard', PurchaseOption: 'Partial Upfront' },
          },
        },
      },
    },
  });
}

function partsOf(text: string, csv = false, chunk = 1 << 20): IndexPart[] {
  const builder = new IndexBuilder();
  const parser = csv ? new OfferCsvParser(builder) : new OfferJsonParser(builder);
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  parser.finish();
  return builder.finish(SOURCE);
}

const CSV_HEADER =
  '"FormatVersion","v1.0"\n"Version","20250912225308"\n"OfferCode","AmazonEC2"\n"SKU","TermType","Unit","PricePerUnit","Currency","StartingRange","Product Family","Instance Type","Region Code","Operating System","Tenancy","License Model","Pre Installed S/W","CapacityStatus"\n';
const csvRow = (sku: string, price: string): string =>
  `"${sku}","OnDemand","Hrs","${price}","USD","0","Compute Instance","m5.large","us-east-1","Linux","Shared","No License required","NA","Used"\n`;

describe('offer readers: numbers', () => {
  it('a price that overflows to Infinity (1e400) is an error naming the SKU (JSON) and the line (CSV)', () => {
    assert.throws(
      () => partsOf(offer('1e400')),
      (err: unknown) =>
        err instanceof OfferFormatError && /"1e400"/.test(err.message) && /SKU SKU1/.test(err.message) && /not a finite number/.test(err.message),
    );
    assert.throws(
      () => partsOf(offer('0.03', '0.01', '1e400')),
      (err: unknown) => err instanceof OfferFormatError && /"1e400"/.test(err.message) && /SKU SKU1/.test(err.message),
    );
    const csv = CSV_HEADER + csvRow('SKU1', '0.0960000000') + csvRow('SKU2', '1e400');
    assert.throws(
      () => partsOf(csv, true),
      (err: unknown) => err instanceof OfferFormatError && /"1e400"/.test(err.message) && /SKU SKU2/.test(err.message) && /line 6/.test(err.message),
    );
    // Large but finite prices are data.
    assert.equal(partsOf(offer('1e300'))[0].records[0].onDemand, 1e300);
  });

  it('prices given as JSON numbers read the same as the strings AWS writes', () => {
    const strings = partsOf(offer('0.0104000000', '0.0060000000', '157'));
    const numbers = partsOf(offer(0.0104, 0.006, 157));
    assert.equal(numbers[0].records.length, 1);
    assert.equal(numbers[0].records[0].onDemand, 0.0104);
    assert.deepEqual(reservedOf(numbers[0].records[0]), [{ term: '3yr', class: 'standard', purchase: 'Partial Upfront', hourly: 0.006, upfront: 157 }]);
    assert.deepEqual(numbers, strings);
    // Across chunk boundaries too, and a number with an exponent.
    assert.deepEqual(partsOf(offer(0.0104, 0.006, 157), false, 7), strings);
    assert.equal(partsOf(offer('1.04e-2'))[0].records[0].onDemand, 0.0104);
    assert.equal(partsOf(offer('placeholder').replace('"placeholder"', '1.04E-2'))[0].records[0].onDemand, 0.0104);
    // Not a number is not a price: refused, not dropped.
    assert.throws(() => partsOf(offer('placeholder').replace('"placeholder"', 'null')), /price "null" of SKU SKU1 is not a decimal number/);
  });
});
