import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { OfferCsvParser, attributeKeyForColumn } from '../../src/core/offers/offer-csv';
import { OfferFormatError } from '../../src/core/offers/offer-events';
import type { OfferSink, PriceDimension, SavingsPlanRate, TermAttributes, TermType } from '../../src/core/offers/offer-events';
import { OfferJsonParser } from '../../src/core/offers/offer-json';
import { readOfferFile } from '../../src/core/offers/offer-reader';
import { IndexBuilder } from '../../src/core/prices/write/index-builder';
import type { IndexPart } from '../../src/core/prices/write/index-builder';
import { jacksonStringify, regionLocation, writeEc2RegionCsv, writeEc2RegionOffer } from '../fakes/fixture-tree';
import { feedParsedOffer } from '../fakes/reference-offer';

const version = '20250912225308';
const publicationDate = '2025-09-12T22:53:08Z';
const SOURCE = { offerCode: 'AmazonEC2', version, publicationDate };

/** Records everything a reader emits, in order. */
class RecordingSink implements OfferSink {
  readonly wantedAttributes: ReadonlySet<string>;
  readonly header: Record<string, string> = {};
  readonly products: { sku: string; family: string; attributes: Record<string, string> }[] = [];
  readonly prices: { sku: string; type: TermType; term: TermAttributes; dim: PriceDimension }[] = [];
  readonly plans: { sku: string; family: string; attributes: Record<string, string> }[] = [];
  readonly rates: SavingsPlanRate[] = [];
  productsEnded = 0;
  constructor(wanted: string[] = ['instanceType', 'operatingSystem', 'location', 'note']) {
    this.wantedAttributes = new Set(wanted);
  }
  meta(field: string, value: string): void {
    this.header[field] = value;
  }
  product(sku: string, family: string, attributes: Map<string, string>): void {
    this.products.push({ sku, family, attributes: Object.fromEntries(attributes) });
  }
  productsDone(): void {
    this.productsEnded++;
  }
  wantsPrices(): boolean {
    return true;
  }
  price(sku: string, type: TermType, term: TermAttributes, dim: PriceDimension): void {
    this.prices.push({ sku, type, term: { ...term }, dim: { ...dim } });
  }
  savingsPlan(sku: string, family: string, attributes: Map<string, string>): void {
    this.plans.push({ sku, family, attributes: Object.fromEntries(attributes) });
  }
  savingsPlanRate(rate: SavingsPlanRate): void {
    this.rates.push({ ...rate });
  }
}
function recording(wanted?: string[]): RecordingSink {
  return new RecordingSink(wanted);
}

function parseJson(text: string | Buffer, sink: OfferSink, chunk = 1 << 20): void {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const parser = new OfferJsonParser(sink);
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  parser.finish();
}

function parseCsv(text: string | Buffer, sink: OfferSink, chunk = 1 << 20): void {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const parser = new OfferCsvParser(sink);
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  parser.finish();
}

function partsFromJson(text: string | Buffer, chunk?: number): IndexPart[] {
  const b = new IndexBuilder();
  parseJson(text, b, chunk);
  return b.finish(SOURCE);
}

function partsFromCsv(text: string | Buffer, chunk?: number): IndexPart[] {
  const b = new IndexBuilder();
  parseCsv(text, b, chunk);
  return b.finish(SOURCE);
}

/** Reorders every object's keys (deterministically) and puts `terms` before `products`. */
function reorder(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => reorder(v, depth + 1));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    entries.reverse();
    if (depth === 0) entries.sort(([a], [b]) => (a === 'terms' ? -1 : b === 'terms' ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, reorder(v, depth + 1)]));
  }
  return value;
}

let dir: string;
let jsonFile: string;
let csvFile: string;
let jsonText: string;

describe('offer readers', () => {
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pa-offers-'));
    jsonFile = path.join(dir, 'ec2.json');
    csvFile = path.join(dir, 'ec2.csv');
    const opts = {
      region: 'eu-west-1',
      location: regionLocation('eu-west-1'),
      version,
      publicationDate,
      instanceTypes: ['m5.large', 't3.micro', 'r7g.medium', 'i3.metal', 'g5.xlarge'],
    };
    await writeEc2RegionOffer(jsonFile, opts);
    await writeEc2RegionCsv(csvFile, opts);
    jsonText = readFileSync(jsonFile, 'utf8');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('JSON', () => {
    it('gives the same index as JSON.parse of the whole file', () => {
      const reference = new IndexBuilder();
      feedParsedOffer(jsonFile, reference);
      const expected = reference.finish(SOURCE);
      const actual = partsFromJson(jsonText);
      assert.equal(actual.length, 1);
      assert.equal(actual[0].region, 'eu-west-1');
      assert.ok(actual[0].records.length >= 5 * 10, `records: ${actual[0].records.length}`);
      assert.deepEqual(actual, expected);
    });

    it('gives the same answer whatever the chunk boundaries', () => {
      const whole = partsFromJson(jsonText);
      for (const chunk of [1, 3, 17, 256, 4093]) assert.deepEqual(partsFromJson(jsonText, chunk), whole, `chunk ${chunk}`);
    });

    it('gives the same answer with terms before products and keys in another order', () => {
      const shuffled = JSON.stringify(reorder(JSON.parse(jsonText)));
      assert.ok(shuffled.indexOf('"terms"') < shuffled.indexOf('"products"'));
      assert.deepEqual(partsFromJson(shuffled, 4096), partsFromJson(jsonText));
      // Compact and Jackson-pretty forms too.
      assert.deepEqual(partsFromJson(jacksonStringify(reorder(JSON.parse(jsonText)))), partsFromJson(jsonText));
    });

    it('reads metadata, products and every price dimension (upfront fees included)', () => {
      const sink = recording();
      parseJson(jsonText, sink);
      assert.equal(sink.header.offerCode, 'AmazonEC2');
      assert.equal(sink.header.version, version);
      assert.equal(sink.header.publicationDate, publicationDate);
      assert.equal(sink.productsEnded, 1);
      const doc = JSON.parse(jsonText) as {
        products: Record<string, unknown>;
        terms: Record<string, Record<string, Record<string, { priceDimensions: Record<string, unknown> }>>>;
      };
      assert.equal(sink.products.length, Object.keys(doc.products).length);
      let dims = 0;
      for (const type of Object.values(doc.terms))
        for (const sku of Object.values(type)) for (const t of Object.values(sku)) dims += Object.keys(t.priceDimensions).length;
      assert.equal(sink.prices.length, dims);
      const upfront = sink.prices.find((p) => p.dim.unit === 'Quantity');
      assert.ok(upfront && upfront.type === 'Reserved' && upfront.dim.beginRange === '' && upfront.term.purchaseOption !== 'No Upfront');
    });

    it('decodes escapes, unicode and braces inside strings exactly', () => {
      const text =
        '{"offerCode":"AmazonEC2","products":{"S\\u00c9KU1":{"sku":"S\\u00c9KU1","productFamily":"Compute Instance","attributes":' +
        '{"note":"a \\"quoted\\" {brace} [bracket] \\\\ back\\/slash \\u2013 dash","location":"South America (São Paulo)","instanceType":"m5.large","operatingSystem":"Linux"}}},' +
        '"terms":{"OnDemand":{"S\\u00c9KU1":{"S\\u00c9KU1.JRTCKXETXF":{"priceDimensions":{"d":{"description":"}}}{{ \\"tricky\\" ]]","unit":"Hrs","pricePerUnit":{"USD":"0.0960000000"},"beginRange":"0"}},"termAttributes":{}}}}}}';
      for (const chunk of [1, 5, 1 << 20]) {
        const sink = recording();
        parseJson(text, sink, chunk);
        assert.equal(sink.products.length, 1);
        assert.equal(sink.products[0].sku, 'S\u00c9KU1');
        assert.equal(sink.products[0].attributes.note, 'a "quoted" {brace} [bracket] \\ back/slash \u2013 dash');
        assert.equal(sink.products[0].attributes.location, 'South America (São Paulo)');
        assert.deepEqual(
          sink.prices.map((p) => [p.sku, p.dim.price, p.dim.currency]),
          [['S\u00c9KU1', '0.0960000000', 'USD']],
        );
      }
    });

    it('keeps the currency the file uses (CNY in China)', () => {
      const text =
        '{"products":{},"terms":{"OnDemand":{"A":{"A.99YE2YK9UR":{"priceDimensions":{"A.99YE2YK9UR.Q7UJUT2CE6":{"unit":"Hrs","pricePerUnit":{"CNY":"0.6920000000"}}},"termAttributes":{}}}}}}';
      const sink = recording();
      parseJson(text, sink);
      assert.deepEqual(sink.prices[0].dim, { unit: 'Hrs', price: '0.6920000000', currency: 'CNY', beginRange: '' });
    });

    it('skips unknown keys and term types of any size, across chunks', () => {
      const big = { nested: Array.from({ length: 2000 }, (_, i) => ({ k: `v${i} "}]`, deep: [[{ x: '{' }]] })) };
      const doc = JSON.parse(jsonText) as Record<string, unknown> & { terms: Record<string, unknown> };
      const text = JSON.stringify({ attributesList: big, ...doc, terms: { FlatRate: big, ...doc.terms }, trailer: [1, 2.5e3, true, null, 'x'] });
      assert.deepEqual(partsFromJson(text, 1000), partsFromJson(jsonText));
    });

    it('reports a truncated file, wherever it stops', () => {
      const cuts = [1, 50, Math.floor(jsonText.length / 3), Math.floor(jsonText.length / 2), jsonText.length - 2];
      for (const cut of cuts) {
        assert.throws(
          () => partsFromJson(jsonText.slice(0, cut), 4096),
          (err: unknown) => err instanceof OfferFormatError && /ends early/.test(err.message) && /byte \d+/.test(err.message),
          `cut at ${cut}`,
        );
      }
    });

    it('names the byte offset of malformed JSON and never emits a half-read product', () => {
      const good = '{"products":{"A":{"sku":"A","productFamily":"Compute Instance","attributes":{"instanceType":"m5.large"}},';
      const bad = `${good}"B":{"sku" "B"}}}`;
      const sink = recording();
      assert.throws(
        () => parseJson(bad, sink),
        (err: unknown) => err instanceof OfferFormatError && err.message.includes(`byte ${bad.indexOf(' "B"}') + 1}`) && /expected ':'/.test(err.message),
      );
      assert.deepEqual(
        sink.products.map((p) => p.sku),
        ['A'],
      );
      assert.throws(() => parseJson('{"products":{}} trailing', recording()), /unexpected data after the end/);
      assert.throws(() => parseJson('[1,2]', recording()), /expected '\{'/);
      assert.throws(() => parseJson('{"products":{"A":{"sku":"A\u0001"}}}', recording()), /control character/);
    });

    it('reads Savings Plans files: plans as an array, rates per plan', () => {
      const text = jacksonStringify({
        version: '20250911184447',
        publicationDate: '2025-09-11T18:44:47Z',
        regionCode: 'ap-east-2',
        products: [
          {
            sku: 'PLAN1',
            productFamily: 'EC2InstanceSavingsPlans',
            serviceCode: 'ComputeSavingsPlans',
            usageType: 'APE2-EC2SP:r7g.3yrPartialUpfront',
            operation: '',
            attributes: { purchaseOption: 'Partial Upfront', purchaseTerm: '3yr', instanceType: 'r7g' },
          },
        ],
        terms: {
          savingsPlan: [
            {
              sku: 'PLAN1',
              description: '3 year Partial Upfront r7g EC2 Instance Savings Plan in ap-east-2',
              effectiveDate: '2025-06-05T18:51:13Z',
              leaseContractLength: { duration: 3, unit: 'year' },
              rates: [
                {
                  discountedSku: 'SKU1',
                  discountedUsageType: 'APE2-DedicatedUsage:r7g.medium',
                  discountedOperation: 'RunInstances:0010',
                  discountedServiceCode: 'AmazonEC2',
                  rateCode: 'PLAN1.SKU1',
                  unit: 'Hrs',
                  discountedRate: { price: '0.0425', currency: 'USD' },
                },
              ],
            },
          ],
        },
      });
      const sink = recording(['purchaseOption', 'purchaseTerm']);
      parseJson(text, sink, 64);
      assert.equal(sink.header.regionCode, 'ap-east-2');
      assert.deepEqual(sink.plans, [
        { sku: 'PLAN1', family: 'EC2InstanceSavingsPlans', attributes: { purchaseOption: 'Partial Upfront', purchaseTerm: '3yr', instanceType: 'r7g' } },
      ]);
      assert.deepEqual(sink.rates, [
        {
          planSku: 'PLAN1',
          leaseYears: 3,
          discountedSku: 'SKU1',
          discountedServiceCode: 'AmazonEC2',
          discountedUsageType: 'APE2-DedicatedUsage:r7g.medium',
          discountedOperation: 'RunInstances:0010',
          unit: 'Hrs',
          price: '0.0425',
          currency: 'USD',
        },
      ]);
    });
  });

  describe('CSV', () => {
    it('gives exactly the index the JSON file of the same offer gives', () => {
      const fromCsv = partsFromCsv(readFileSync(csvFile));
      const fromJson = partsFromJson(jsonText);
      assert.ok(fromCsv[0].records.length > 0);
      assert.deepEqual(fromCsv, fromJson);
    });

    it('is independent of chunk boundaries and column order', () => {
      const text = readFileSync(csvFile, 'utf8');
      const whole = partsFromCsv(text);
      for (const chunk of [1, 7, 1000]) assert.deepEqual(partsFromCsv(text, chunk), whole, `chunk ${chunk}`);
      // Move the last column to the front: columns are found by name.
      const lines = text.split('\n');
      // Field by field up to the end of the line, so a trailing empty field is kept (every row has every column).
      const split = (line: string): string[] => {
        const fields: string[] = [];
        const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
        for (let m = re.exec(line); m; m = re.exec(line)) {
          fields.push(m[1]);
          if (m[2] === '') break;
        }
        return fields;
      };
      const moved = lines.map((line, n) => {
        if (n < 5 || line === '') return line;
        const fields = split(line);
        return [fields[fields.length - 1], ...fields.slice(0, -1)].join(',');
      });
      assert.deepEqual(partsFromCsv(moved.join('\n')), whole);
    });

    it('a quoted last field at the very end of the file ends there, whatever bytes the reader held before', () => {
      // The previous row was longer and full of quotes: its bytes linger past the end of the last row in the
      // reader's carry buffer, and a look one byte past the end once read them as a doubled quote (a flaky
      // "ends inside a quoted field" on valid files).
      const header =
        '"SKU","OfferTermCode","TermType","Unit","PricePerUnit","Currency","StartingRange","LeaseContractLength","PurchaseOption","OfferingClass","Product Family","Instance Type","Note"';
      const last = 'B,JRTCKXETXF,OnDemand,Hrs,0.5,USD,0,,,,Compute Instance,c5.large,"x"';
      const before = `A,JRTCKXETXF,OnDemand,Hrs,0.1,USD,0,,,,Compute Instance,m5.large,"${'""'.repeat(last.length)}"`;
      const text = ['"FormatVersion","v1.0"', '"Version","20250912225308"', '"OfferCode","AmazonEC2"', header, before, last].join('\n');
      for (const chunk of [1, 2, 7]) {
        const sink = recording(['instanceType', 'note']);
        parseCsv(text, sink, chunk);
        assert.deepEqual(
          sink.products.map((p) => [p.sku, p.attributes.note]),
          [
            ['A', '"'.repeat(last.length)],
            ['B', 'x'],
          ],
          `chunk ${chunk}`,
        );
      }
    });

    it('handles quotes, doubled quotes, commas and newlines in fields, CRLF, no final newline', () => {
      const header =
        '"SKU","OfferTermCode","TermType","Unit","PricePerUnit","Currency","StartingRange","LeaseContractLength","PurchaseOption","OfferingClass","Product Family","Instance Type","Note"';
      const rows = [
        '"A","JRTCKXETXF","OnDemand","Hrs","0.0960000000","USD","0",,,,"Compute Instance","m5.large","say ""hi"", {x}"',
        'B,JRTCKXETXF,OnDemand,Hrs,0.5,USD,0,,,,Compute Instance,c5.large,"two\nlines"',
      ];
      const text = ['"FormatVersion","v1.0"', '"Version","20250912225308"', '"OfferCode","AmazonEC2"', header, ...rows].join('\r\n');
      for (const chunk of [1, 3, 1 << 20]) {
        const sink = recording(['instanceType', 'note']);
        parseCsv(text, sink, chunk);
        assert.equal(sink.header.version, '20250912225308');
        assert.deepEqual(sink.products, [
          { sku: 'A', family: 'Compute Instance', attributes: { instanceType: 'm5.large', note: 'say "hi", {x}' } },
          { sku: 'B', family: 'Compute Instance', attributes: { instanceType: 'c5.large', note: 'two\nlines' } },
        ]);
        assert.deepEqual(
          sink.prices.map((p) => [p.sku, p.dim.price]),
          [
            ['A', '0.0960000000'],
            ['B', '0.5'],
          ],
        );
      }
    });

    it('names the line of a broken row and refuses a file without a header', () => {
      const text = readFileSync(csvFile, 'utf8');
      const lines = text.split('\n');
      const cut = lines.slice(0, 12).join('\n') + '\n"ABC","x"junk\n';
      assert.throws(
        () => partsFromCsv(cut),
        (err: unknown) => err instanceof OfferFormatError && /line 13/.test(err.message),
      );
      assert.throws(() => partsFromCsv('hello,world\n'), /no header row/);
    });

    it('maps CSV display names to the JSON attribute keys', () => {
      assert.equal(attributeKeyForColumn('Instance Type'), 'instanceType');
      assert.equal(attributeKeyForColumn('Operating System'), 'operatingSystem');
      assert.equal(attributeKeyForColumn('Pre Installed S/W'), 'preInstalledSw');
      assert.equal(attributeKeyForColumn('CapacityStatus'), 'capacitystatus');
      assert.equal(attributeKeyForColumn('vCPU'), 'vcpu');
      assert.equal(attributeKeyForColumn('usageType'), 'usagetype');
      assert.equal(attributeKeyForColumn('Region Code'), 'regionCode');
      assert.equal(attributeKeyForColumn('Database Engine'), 'databaseEngine');
    });
  });

  describe('files', () => {
    it('reads gzip files and detects the format from the bytes', async () => {
      const gz = path.join(dir, 'ec2.json.gz');
      writeFileSync(gz, gzipSync(readFileSync(jsonFile)));
      const csvGz = path.join(dir, 'offer.data');
      writeFileSync(csvGz, gzipSync(readFileSync(csvFile)));
      const a = new IndexBuilder();
      const ra = await readOfferFile(gz, a, { hash: true, chunkSize: 4096 });
      assert.equal(ra.format, 'json');
      assert.equal(ra.gzip, true);
      assert.equal(ra.parsedBytes, readFileSync(jsonFile).length);
      const b = new IndexBuilder();
      const rb = await readOfferFile(csvGz, b);
      assert.equal(rb.format, 'csv');
      assert.deepEqual(a.finish(SOURCE), b.finish(SOURCE));
    });

    it('reports a truncated gzip file', async () => {
      const gz = path.join(dir, 'cut.json.gz');
      const whole = gzipSync(readFileSync(jsonFile));
      writeFileSync(gz, whole.subarray(0, Math.floor(whole.length / 2)));
      await assert.rejects(readOfferFile(gz, new IndexBuilder()), (err: unknown) => err instanceof OfferFormatError && err.message.includes(gz));
    });

    it('stops when cancelled', async () => {
      const controller = new AbortController();
      controller.abort(new Error('stop'));
      await assert.rejects(readOfferFile(jsonFile, new IndexBuilder(), { signal: controller.signal }), /stop/);
    });
  });
});
