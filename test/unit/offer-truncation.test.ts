import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { OfferCsvParser } from '../../src/core/offers/offer-csv';
import { OfferFormatError } from '../../src/core/offers/offer-events';
import { OfferJsonParser } from '../../src/core/offers/offer-json';
import { readOfferFile } from '../../src/core/offers/offer-reader';
import { IndexBuilder } from '../../src/core/prices/write/index-builder';
import type { IndexPart } from '../../src/core/prices/write/index-builder';
import { jacksonStringify, regionLocation, writeEc2RegionCsv, writeEc2RegionOffer } from '../fakes/fixture-tree';

const SOURCE = { offerCode: 'AmazonEC2', version: '20250912225308', publicationDate: '2025-09-12T22:53:08Z' };

function parts(text: string, format: 'json' | 'csv', chunk = 4096): IndexPart[] {
  const builder = new IndexBuilder('us-east-1');
  const parser = format === 'json' ? new OfferJsonParser(builder) : new OfferCsvParser(builder);
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  parser.finish();
  return builder.finish(SOURCE);
}

/** Every offset just after a structural byte, and the middle of every string: where a cut can fall. */
function cutPoints(text: string): number[] {
  const cuts = new Set<number>();
  let inString = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (i - from > 1) cuts.add(from + Math.floor((i - from) / 2));
        cuts.add(i + 1);
      }
    } else if (c === '"') {
      inString = true;
      from = i + 1;
      cuts.add(i + 1);
    } else if ('{}[]:,'.includes(c)) cuts.add(i + 1);
  }
  // Cutting after the last '}' is not a cut: that is the whole offer.
  const whole = text.trimEnd().length;
  return [...cuts].filter((n) => n < whole).sort((a, b) => a - b);
}

let dir: string;
let json: string;
let csv: string;

describe('offer readers: truncated files', function () {
  this.timeout(60_000);
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pa-cut-'));
    const opts = { region: 'us-east-1', location: regionLocation('us-east-1'), version: SOURCE.version, publicationDate: SOURCE.publicationDate, products: 10 };
    await writeEc2RegionOffer(path.join(dir, 'ec2.json'), opts);
    await writeEc2RegionCsv(path.join(dir, 'ec2.csv'), opts);
    json = readFileSync(path.join(dir, 'ec2.json'), 'utf8');
    csv = readFileSync(path.join(dir, 'ec2.csv'), 'utf8');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a CSV that ends inside a quoted field, mid-row or with a short row is an error naming the line', () => {
    const whole = parts(csv, 'csv');
    assert.ok(whole[0].records.length >= 3);
    const lines = csv.split('\n');
    // A data row in the middle with an hourly price: line n + 1.
    const n = lines.findIndex((line, k) => k >= lines.length / 2 && line.includes('","Hrs","'));
    const head = lines.slice(0, n).join('\n') + '\n';
    const row = lines[n];
    const fields = row.split('","');
    assert.ok(fields.length > 10, row);

    // Inside a quoted field: the reader never sees the closing quote.
    const insideQuote = head + row.slice(0, row.indexOf('","Hrs"') + 4);
    // Mid-row, just after a field: fewer fields than the header has.
    const midRow = head + row.slice(0, row.indexOf('","Hrs"') + 1);
    // A whole row too short, then more rows: damage in the middle of the file.
    const shortRow = head + fields.slice(0, 6).join('","') + '"\n' + lines.slice(n + 1).join('\n');
    for (const [text, pattern, what] of [
      [insideQuote, /ends inside a quoted field/, 'inside a quoted field'],
      [midRow, /has \d+ fields, the header has \d+/, 'mid-row'],
      [shortRow, /has 6 fields, the header has \d+/, 'a short row'],
    ] as const) {
      for (const chunk of [1 << 20, 97]) {
        assert.throws(
          () => parts(text, 'csv', chunk),
          (err: unknown) =>
            err instanceof OfferFormatError && pattern.test(err.message) && err.message.includes(`line ${n + 1}`) && /truncated/.test(err.message),
          `${what}, chunk ${chunk}`,
        );
      }
    }
  });

  it('a JSON offer cut after any structural byte or inside any string is an error, never fewer prices', () => {
    const whole = parts(json, 'json');
    assert.ok(whole[0].records.length >= 3);
    const cuts = cutPoints(json);
    assert.ok(cuts.length > 1500, `${cuts.length} cuts`);
    for (const cut of cuts) {
      let got: IndexPart[] | undefined;
      try {
        got = parts(json.slice(0, cut), 'json', 997);
      } catch (err) {
        assert.ok(err instanceof OfferFormatError, `cut at ${cut}: ${String(err)}`);
        continue;
      }
      assert.fail(`cut at ${cut} (after ${JSON.stringify(json.slice(cut - 20, cut))}) read as ${got[0]?.records.length ?? 0} records without an error`);
    }
    // Savings Plans files (plans as an array) too.
    const sp = jacksonStringify({
      version: '20250911184447',
      regionCode: 'us-east-1',
      products: [{ sku: 'PLAN1', productFamily: 'EC2InstanceSavingsPlans', attributes: { purchaseOption: 'No Upfront', purchaseTerm: '1yr' } }],
      terms: {
        savingsPlan: [
          {
            sku: 'PLAN1',
            leaseContractLength: { duration: 1, unit: 'year' },
            rates: [
              {
                discountedSku: 'S1',
                discountedUsageType: 'BoxUsage:m5.large',
                discountedOperation: 'RunInstances',
                discountedServiceCode: 'AmazonEC2',
                unit: 'Hrs',
                discountedRate: { price: '0.06', currency: 'USD' },
              },
            ],
          },
        ],
      },
    });
    assert.equal(parts(sp, 'json')[0].savingsPlans.length, 1);
    for (const cut of cutPoints(sp)) assert.throws(() => parts(sp.slice(0, cut), 'json', 13), OfferFormatError, `savings plans cut at ${cut}`);
  });

  it('a .json.gz or .csv.gz cut anywhere is an error', async () => {
    for (const [name, text] of [
      ['ec2.json.gz', json],
      ['ec2.csv.gz', csv],
    ] as const) {
      const gz = gzipSync(text);
      const file = path.join(dir, name);
      const cuts = new Set<number>();
      for (let n = 1; n < gz.length; n += 61) cuts.add(n);
      for (let n = Math.max(1, gz.length - 40); n < gz.length; n++) cuts.add(n); // the trailer: CRC and length
      for (const cut of cuts) {
        writeFileSync(file, gz.subarray(0, cut));
        await assert.rejects(
          readOfferFile(file, new IndexBuilder('us-east-1'), { chunkSize: 1024 }),
          (err: unknown) => err instanceof OfferFormatError && err.message.includes(file),
          `${name} cut at ${cut} of ${gz.length}`,
        );
      }
      writeFileSync(file, gz);
      const builder = new IndexBuilder('us-east-1');
      await readOfferFile(file, builder);
      assert.deepEqual(builder.finish(SOURCE), parts(text, name.includes('json') ? 'json' : 'csv'));
    }
  });
});
