import * as assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { createGzip, gzipSync } from 'node:zlib';
import { OfferCsvParser } from '../../src/core/offers/offer-csv';
import { OfferFormatError } from '../../src/core/offers/offer-events';
import type { OfferSink, PriceDimension, TermAttributes, TermType } from '../../src/core/offers/offer-events';
import { OfferJsonParser } from '../../src/core/offers/offer-json';
import { readOfferFile } from '../../src/core/offers/offer-reader';
import { IndexBuilder } from '../../src/core/prices/write/index-builder';
import { regionLocation, writeEc2RegionOffer } from '../fakes/fixture-tree';

const MiB = 1 << 20;

/** Keeps what a reader hands over, so a test can say a refused value was never stored. */
class KeepingSink implements OfferSink {
  readonly wantedAttributes: ReadonlySet<string> = new Set(['instanceType', 'note']);
  readonly header: Record<string, string> = {};
  readonly products: string[] = [];
  readonly prices: PriceDimension[] = [];
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
  price(_sku: string, _type: TermType, _term: TermAttributes, dim: PriceDimension): void {
    this.prices.push(dim);
  }
}

interface Pushable {
  push(chunk: Uint8Array): void;
  finish(): void;
}

/**
 * Feeds `head`, then `total` bytes of `fill` (one chunk reused, as the file reader does), then
 * `tail`; returns how many bytes went in before the parser threw, and what it threw.
 */
function feed(parser: Pushable, head: string, fill: number, total: number, tail: string, chunkBytes = 8 * MiB): { pushed: number; error: unknown } {
  let pushed = 0;
  try {
    parser.push(Buffer.from(head, 'latin1'));
    pushed += head.length;
    const chunk = Buffer.alloc(chunkBytes, fill);
    for (let sent = 0; sent < total; sent += chunkBytes) {
      const part = chunk.subarray(0, Math.min(chunkBytes, total - sent));
      parser.push(part);
      pushed += part.length;
    }
    parser.push(Buffer.from(tail, 'latin1'));
    pushed += tail.length;
    parser.finish();
  } catch (error) {
    return { pushed, error };
  }
  return { pushed, error: undefined };
}

const CSV_HEAD =
  '"FormatVersion","v1.0"\n"Version","20250912225308"\n"OfferCode","AmazonEC2"\n"SKU","TermType","Unit","PricePerUnit","Currency","Product Family","Instance Type","Note"\n';

let dir: string;
let offerJson: Buffer;

describe('offer readers: size limits', function () {
  this.timeout(60_000);
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pa-limits-'));
    const file = path.join(dir, 'ec2.json');
    await writeEc2RegionOffer(file, {
      region: 'us-east-1',
      location: regionLocation('us-east-1'),
      version: '20250912225308',
      publicationDate: '2025-09-12T22:53:08Z',
      instanceTypes: ['m5.large'],
    });
    offerJson = readFileSync(file);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a .json.gz that expands more than 200x as a decompression bomb', async () => {
    // A valid offer with 100 MB of spaces in an unknown key: gzip packs it ~1000x.
    const bomb = path.join(dir, 'bomb.json.gz');
    const gzip = createGzip();
    const out = gzip.pipe(createWriteStream(bomb));
    gzip.write('{"padding":[');
    const spaces = Buffer.alloc(MiB, 0x20);
    for (let n = 0; n < 100; n++) gzip.write(spaces);
    gzip.write('],');
    gzip.end(offerJson.subarray(offerJson.indexOf('{') + 1));
    await once(out, 'close');
    await assert.rejects(
      readOfferFile(bomb, new IndexBuilder()),
      (err: unknown) => err instanceof OfferFormatError && /decompression bomb/.test(err.message) && err.message.includes(bomb) && /200x/.test(err.message),
    );
  });

  it('refuses a .gz whose decoded size passes the absolute limit, whatever the ratio', async () => {
    const gz = path.join(dir, 'plain.json.gz');
    writeFileSync(gz, gzipSync(offerJson, { level: 1 }));
    await assert.rejects(
      readOfferFile(gz, new IndexBuilder(), { limits: { maxDecodedBytes: 100_000 }, chunkSize: 16 * 1024 }),
      (err: unknown) => err instanceof OfferFormatError && /decompression bomb/.test(err.message) && /100 KB|100\.0 KB/.test(err.message),
    );
    // Within the limits the same file reads as before.
    const read = await readOfferFile(gz, new IndexBuilder());
    assert.equal(read.parsedBytes, offerJson.length);
  });

  it('refuses a 200 MB version string with a clear error and never stores it (JSON and CSV)', () => {
    const json = new KeepingSink();
    const j = feed(new OfferJsonParser(json), '{"formatVersion":"v1.0","version":"', 0x37, 200 * MiB, '","products":{},"terms":{}}');
    assert.ok(j.error instanceof OfferFormatError, String(j.error));
    assert.match(j.error.message, /a string longer than 64 KiB/);
    assert.match(j.error.message, /byte 35/);
    // Refused in the first chunk: the scanner never held the rest.
    assert.ok(j.pushed <= 8 * MiB + 64, `pushed ${j.pushed}`);
    assert.equal(json.header.version, undefined);
    assert.equal(json.header.formatVersion, 'v1.0');

    const csv = new KeepingSink();
    const c = feed(new OfferCsvParser(csv), '"FormatVersion","v1.0"\n"Version","', 0x37, 200 * MiB, '"\n');
    assert.ok(c.error instanceof OfferFormatError, String(c.error));
    assert.match(c.error.message, /longer than 1 MiB/);
    assert.match(c.error.message, /line 2/);
    assert.ok(c.pushed <= 8 * MiB + 64, `pushed ${c.pushed}`);
    assert.equal(csv.header.version, undefined);
  });

  it('a 100 MB token inside a product, a 100 MB CSV line and a 100 MB product are refused with bounded memory', () => {
    const token = feed(new OfferJsonParser(new KeepingSink()), '{"products":{"A":{"sku":"A","attributes":{"note":"', 0x61, 100 * MiB, '"}}},"terms":{}}', MiB);
    assert.ok(token.error instanceof OfferFormatError, String(token.error));
    assert.match(token.error.message, /a string longer than 64 KiB/);
    assert.ok(token.pushed <= 2 * MiB, `pushed ${token.pushed}`);

    // Many small members: no single token is long, the product is. `"k":1,` is 6 bytes.
    const parser = new OfferJsonParser(new KeepingSink());
    const member = Buffer.from(',"k":1'.repeat(MiB / 8), 'latin1');
    let pushed = 0;
    let thrown: unknown;
    try {
      parser.push(Buffer.from('{"products":{"A":{"sku":"A","attributes":{"k":0', 'latin1'));
      for (; pushed < 100 * MiB; pushed += member.length) parser.push(member);
      parser.push(Buffer.from('}}},"terms":{}}', 'latin1'));
      parser.finish();
    } catch (err) {
      thrown = err;
    }
    assert.ok(thrown instanceof OfferFormatError, String(thrown));
    assert.match(thrown.message, /longer than 64 MiB/);
    assert.ok(pushed <= 64 * MiB + 2 * member.length, `pushed ${pushed}`);

    const line = feed(
      new OfferCsvParser(new KeepingSink()),
      `${CSV_HEAD}"A","OnDemand","Hrs","0.1","USD","Compute Instance","m5.large","`,
      0x61,
      100 * MiB,
      '"\n',
      MiB,
    );
    assert.ok(line.error instanceof OfferFormatError, String(line.error));
    assert.match(line.error.message, /longer than 1 MiB/);
    assert.match(line.error.message, /line 5/);
    assert.ok(line.pushed <= 3 * MiB, `pushed ${line.pushed}`);
  });

  it('long but sane values still read: a 60 KiB attribute and a 1000-attribute product', () => {
    const sink = new KeepingSink();
    const note = 'n'.repeat(60 * 1024);
    const many = Array.from({ length: 1000 }, (_, n) => `"a${n}":"${n}"`).join(',');
    const text = `{"version":"1","products":{"A":{"sku":"A","productFamily":"Compute Instance","attributes":{${many},"note":"${note}","instanceType":"m5.large"}}},"terms":{}}`;
    const parser = new OfferJsonParser(sink);
    for (let i = 0; i < text.length; i += 4096) parser.push(Buffer.from(text.slice(i, i + 4096), 'latin1'));
    parser.finish();
    assert.deepEqual(sink.products, ['A']);
  });
});
