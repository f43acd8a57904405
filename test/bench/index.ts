/**
 * Index benchmark. On a generated ~400 MB EC2 region offer (AWS's layout, products before terms),
 * the same extraction (the IndexBuilder sink: instance products, On-Demand and Reserved prices) is
 * fed three ways, each in its own process so peak RSS is its own:
 *   scanner     - our byte-level reader (src/core/offers)
 *   json-parse  - fs.readFileSync + JSON.parse, then a walk over the object
 *   stream-json - stream-json 3.8 pipeline: parser -> pick -> streamValues
 * Then the full build (worker thread, hashing, part written), the 1.5 GB offer's peak RSS (which
 * JSON.parse cannot load: V8 strings stop at ~512 MiB), region load time and lookup latency.
 * Targets: scanner >= 1.0x json-parse and >= 5x stream-json; RSS < 300 MB on 1.5 GB; lookup
 * p99 < 50 us. Prints figures; asserts nothing about time.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readOfferFile } from '../../src/core/offers/offer-reader';
import type { TermType } from '../../src/core/offers/offer-events';
import { IndexBuilder } from '../../src/core/prices/write/index-builder';
import type { IndexPart } from '../../src/core/prices/write/index-builder';
import { buildIndex } from '../../src/core/prices/write/build-index';
import { PriceIndex } from '../../src/core/prices/read/price-index';
import { regionLocation, writeEc2RegionCsv, writeEc2RegionOffer } from '../fakes/fixture-tree';
import { ObjectFeeder, feedParsedOffer } from '../fakes/reference-offer';
import type { JsonProduct, JsonTerm } from '../fakes/reference-offer';

const projectRoot = path.resolve(__dirname, '../../..');
const benchDir = path.join(projectRoot, '.bench', 'index');
const version = '20250912225308';
const publicationDate = '2025-09-12T22:53:08Z';

interface RunResult {
  approach: string;
  seconds: number;
  bytes: number;
  maxRssMiB: number;
  records: number;
  /** Sum of every indexed On-Demand and Reserved number: equal sums = the same extraction. */
  checksum: number;
  error?: string;
}

async function offer(name: string, bytes: number, format: 'json' | 'csv' = 'json'): Promise<string> {
  const file = path.join(benchDir, name);
  const stamp = `${file}.complete`;
  if (!existsSync(stamp)) {
    mkdirSync(benchDir, { recursive: true });
    const started = performance.now();
    const opts = { region: 'us-east-1', location: regionLocation('us-east-1'), version, publicationDate, targetBytes: bytes };
    if (format === 'json') await writeEc2RegionOffer(file, opts);
    else await writeEc2RegionCsv(file, opts);
    writeFileSync(stamp, new Date().toISOString());
    console.log(`  generated ${name} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return file;
}

function summarise(parts: IndexPart[]): { records: number; checksum: number } {
  let records = 0;
  let checksum = 0;
  for (const p of parts) {
    for (const r of p.records) {
      records++;
      if (!Number.isNaN(r.onDemand)) checksum += r.onDemand;
      for (const x of r.reservedPrices) checksum += Number.isNaN(x) ? 0 : x;
    }
  }
  return { records, checksum };
}

const SOURCE = { offerCode: 'AmazonEC2', version, publicationDate };

// ---------------------------------------------------------------------------------------------
// The three ways to feed the same sink

async function viaScanner(file: string): Promise<IndexPart[]> {
  const builder = new IndexBuilder('us-east-1');
  await readOfferFile(file, builder);
  return builder.finish(SOURCE);
}

function viaJsonParse(file: string): IndexPart[] {
  const builder = new IndexBuilder('us-east-1');
  feedParsedOffer(file, builder);
  return builder.finish(SOURCE);
}

async function viaStreamJson(file: string): Promise<IndexPart[]> {
  // stream-json 3 is ESM; Node 20.19+ loads it with require().
  const { parser } = require('stream-json/parser.js') as { parser: () => NodeJS.ReadWriteStream };
  const { pick } = require('stream-json/filters/pick.js') as { pick: (o: { filter: RegExp }) => NodeJS.ReadWriteStream };
  const { streamValues } = require('stream-json/streamers/stream-values.js') as { streamValues: () => NodeJS.ReadWriteStream };
  const { chain } = require('stream-chain') as { chain: (fns: unknown[]) => NodeJS.ReadWriteStream };
  const builder = new IndexBuilder('us-east-1');
  const feeder = new ObjectFeeder(builder);
  const pipeline = chain([
    createReadStream(file, { highWaterMark: 1 << 20 }),
    parser(),
    pick({ filter: /^(products|terms\.(OnDemand|Reserved))\.[^.]+$/ }),
    streamValues(),
  ]);
  let productsDone = false;
  for await (const item of pipeline as AsyncIterable<{ value: JsonProduct | Record<string, JsonTerm & { sku?: string }> }>) {
    const v = item.value;
    if (typeof (v as JsonProduct).sku === 'string' && 'attributes' in v) {
      feeder.product(v as JsonProduct);
      continue;
    }
    if (!productsDone) {
      builder.productsDone();
      productsDone = true;
    }
    // A SKU's terms: {"SKU.CODE": {sku, termAttributes, priceDimensions}}; Reserved ones carry a lease.
    const terms = v as Record<string, JsonTerm & { sku?: string }>;
    const first = Object.values(terms)[0];
    if (!first?.sku) continue;
    const type: TermType = first.termAttributes && Object.keys(first.termAttributes).length > 0 ? 'Reserved' : 'OnDemand';
    feeder.skuTerms(type, first.sku, terms);
  }
  return builder.finish(SOURCE);
}

async function runOne(approach: string, file: string): Promise<void> {
  const started = performance.now();
  let parts: IndexPart[];
  if (approach === 'scanner') parts = await viaScanner(file);
  else if (approach === 'json-parse') parts = viaJsonParse(file);
  else if (approach === 'stream-json') parts = await viaStreamJson(file);
  else throw new Error(`unknown approach ${approach}`);
  const seconds = (performance.now() - started) / 1000;
  const result: RunResult = { approach, seconds, bytes: statSync(file).size, maxRssMiB: process.resourceUsage().maxRSS / 1024, ...summarise(parts) };
  process.stdout.write(JSON.stringify(result) + '\n');
}

function spawnRun(approach: string, file: string, heapMiB?: number): RunResult {
  const args = [...(heapMiB ? [`--max-old-space-size=${heapMiB}`] : []), __filename, '--run', approach, file];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as RunResult;
  } catch {
    const error = (child.stderr.match(/(RangeError|Error|FATAL ERROR)[^\n]*/) ?? [child.stderr.trim().split('\n').pop() ?? `exit ${child.status}`])[0];
    return { approach, seconds: NaN, bytes: statSync(file).size, maxRssMiB: NaN, records: 0, checksum: 0, error };
  }
}

function mbps(r: RunResult): number {
  return r.bytes / 1e6 / r.seconds;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function benchIndex(): Promise<void> {
  console.log('\nIndex build (generated EC2 region offers, same extraction, one process each)');
  const file = await offer('ec2-400mb.json', 400e6);
  const csv = await offer('ec2-400mb.csv', 400e6, 'csv');

  const rounds = 2;
  const runs: Record<string, RunResult[]> = { scanner: [], 'json-parse': [], 'stream-json': [] };
  for (let round = 0; round < rounds; round++) {
    for (const approach of Object.keys(runs)) runs[approach].push(spawnRun(approach, file));
  }
  const best = (a: string): RunResult => runs[a].filter((r) => !r.error).sort((x, y) => x.seconds - y.seconds)[0] ?? runs[a][0];
  const scanner = best('scanner');
  console.log(`  ${'approach'.padEnd(12)} ${'MB/s'.padStart(7)} ${'s'.padStart(6)} ${'peak RSS'.padStart(9)} ${'records'.padStart(8)}  checksum`);
  for (const a of Object.keys(runs)) {
    const r = best(a);
    if (r.error) {
      console.log(`  ${a.padEnd(12)} failed: ${r.error}`);
      continue;
    }
    console.log(
      `  ${a.padEnd(12)} ${mbps(r).toFixed(1).padStart(7)} ${r.seconds.toFixed(2).padStart(6)} ${`${r.maxRssMiB.toFixed(0)} MiB`.padStart(9)} ${String(r.records).padStart(8)}  ${r.checksum.toFixed(4)}`,
    );
  }
  const jp = best('json-parse');
  const sj = best('stream-json');
  const same = [jp, sj].every((r) => r.error || (r.records === scanner.records && Math.abs(r.checksum - scanner.checksum) < 1e-6 * scanner.checksum));
  console.log(
    `  scanner vs JSON.parse: ${(mbps(scanner) / mbps(jp)).toFixed(2)}x (target >= 1.0x); vs stream-json: ${(mbps(scanner) / mbps(sj)).toFixed(2)}x (target >= 5x); same records and checksum: ${same ? 'yes' : 'NO'}`,
  );

  const csvRun = spawnRun('scanner', csv);
  console.log(
    `  CSV (${(csvRun.bytes / 1e6).toFixed(0)} MB, same generator): ${mbps(csvRun).toFixed(1)} MB/s, peak RSS ${csvRun.maxRssMiB.toFixed(0)} MiB, ${csvRun.records} records`,
  );

  // The full build as the extension and CLI run it: worker thread, SHA-256 on a second thread, part written.
  const store = path.join(benchDir, 'store');
  rmSync(store, { recursive: true, force: true });
  const t0 = performance.now();
  const built = await buildIndex([file], { store });
  const buildSeconds = (performance.now() - t0) / 1000;
  if (built.failures.length > 0) throw new Error(built.failures[0].message);
  const partBytes = built.results[0].regions.reduce((n, r) => n + statSync(r.path).size, 0);
  console.log(
    `  full build (worker + hash + write): ${buildSeconds.toFixed(2)} s, ${(statSync(file).size / 1e6 / buildSeconds).toFixed(1)} MB/s; part file ${(partBytes / 1e6).toFixed(1)} MB`,
  );

  // 1.5 GB: only the scanner; JSON.parse is tried to show that it cannot load it.
  const big = await offer('ec2-1500mb.json', 1.5e9);
  const bigRun = spawnRun('scanner', big);
  console.log(
    `  1.5 GB offer (${(bigRun.bytes / 1e9).toFixed(2)} GB): scanner ${mbps(bigRun).toFixed(1)} MB/s, peak RSS ${bigRun.maxRssMiB.toFixed(0)} MiB (target < 300 MB), ${bigRun.records} records`,
  );
  const bigJson = spawnRun('json-parse', big);
  console.log(`  1.5 GB with JSON.parse: ${bigJson.error ? `fails: ${bigJson.error}` : `${mbps(bigJson).toFixed(1)} MB/s`}`);

  // Region load and lookups on the loaded index.
  const index = new PriceIndex(store);
  const l0 = performance.now();
  await index.region('us-east-1');
  const loadMs = performance.now() - l0;
  const sizes = (await index.records('us-east-1')).map((r) => r.size);
  // The code is warmed on one index (as after a few hovers); the answers are measured on another,
  // freshly loaded, so each size is looked up for the first time.
  const warmup = new PriceIndex(store);
  await warmup.region('us-east-1');
  for (const size of sizes) warmup.lookupLoaded(size, 'us-east-1');
  const fresh = new PriceIndex(store);
  await fresh.region('us-east-1');
  await new Promise((r) => setTimeout(r, 200));
  const cold: number[] = [];
  for (const size of sizes) {
    const t = process.hrtime.bigint();
    fresh.lookupLoaded(size, 'us-east-1');
    cold.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  const warm: number[] = [];
  for (let n = 0; n < 100_000; n++) {
    const size = sizes[(n * 7919) % sizes.length];
    const t = process.hrtime.bigint();
    fresh.lookupLoaded(size, 'us-east-1');
    warm.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  cold.sort((a, b) => a - b);
  warm.sort((a, b) => a - b);
  console.log(`  region load (${sizes.length} sizes): ${loadMs.toFixed(1)} ms`);
  console.log(
    `  lookup, first time per size on a freshly loaded index (${cold.length}): p50 ${percentile(cold, 50).toFixed(1)} us, p99 ${percentile(cold, 99).toFixed(1)} us (target p99 < 50 us)`,
  );
  console.log(`  lookup, answered from cache (${warm.length}): p50 ${percentile(warm, 50).toFixed(2)} us, p99 ${percentile(warm, 99).toFixed(2)} us`);
}

if (require.main === module) {
  const at = process.argv.indexOf('--run');
  if (at >= 0) {
    runOne(process.argv[at + 1], process.argv[at + 2]).catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
  } else {
    benchIndex().catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
  }
}
