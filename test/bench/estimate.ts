/**
 * `estimate` benchmark, warm store (in process; the store is built once from generated EC2 and RDS
 * offers in the bulk API's layout):
 * - one 10,000-line Terraform file (instances with counts and root volumes, databases with engines,
 *   Multi-AZ and storage, NAT gateways, gp3 volumes with IOPS):
 *   recognise + resources + components + lookups, repeated, p50/p99. Target p50 < 50 ms.
 * - 200 files of ~50 lines each, the whole tree per run, p50/p99.
 * Prints figures with their targets; asserts nothing about time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { estimateFiles } from '../../src/core/cost/estimate';
import { recognise } from '../../src/core/iac/recognise';
import { findMirrorOfferFiles, indexOfferFile } from '../../src/core/prices/write/index-offer-file';
import { PriceIndex } from '../../src/core/prices/read/price-index';
import { writeFixtureTree } from '../fakes/fixture-tree';

const engines = ['postgres', 'mysql', 'sqlserver-ex'];
const sizes = ['m5.large', 'm5.xlarge', 'c5.large', 'r5.large', 't3.micro'];
const dbSizes = ['db.m5.large', 'db.t3.micro', 'db.r6g.large'];

function terraform(lines: number, seed = 0): string {
  const out = ['provider "aws" {', '  region = "us-east-1"', '}', ''];
  for (let i = seed; out.length < lines; i++) {
    if (i % 7 === 6) {
      // Sizeless resources: priced by usage type in the region their provider says.
      out.push(
        `resource "aws_nat_gateway" "nat_${i}" {`,
        '  subnet_id = "subnet-1"',
        '}',
        '',
        `resource "aws_ebs_volume" "data_${i}" {`,
        '  type = "gp3"',
        `  size = ${100 + i}`,
        '  iops = 6000',
        '}',
        '',
      );
    } else if (i % 3 === 2) {
      out.push(
        `resource "aws_db_instance" "db_${i}" {`,
        `  instance_class    = "${dbSizes[i % dbSizes.length]}"`,
        `  engine            = "${engines[i % engines.length]}"`,
        `  multi_az          = ${i % 2 === 0}`,
        '  allocated_storage = 100',
        '  tags = {',
        `    Name = "db-${i}"`,
        '  }',
        '}',
        '',
      );
    } else {
      out.push(
        `resource "aws_instance" "web_${i}" {`,
        `  count         = ${1 + (i % 3)}`,
        `  instance_type = "${sizes[i % sizes.length]}"`,
        `  tenancy       = "${i % 5 === 0 ? 'dedicated' : 'default'}"`,
        '  ami           = data.aws_ami.al2023.id',
        '  tags = {',
        `    Name = "web-${i}"`,
        '  }',
        '}',
        '',
      );
    }
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(runs: number, body: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await body();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

export async function benchEstimate(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-bench-estimate-'));
  try {
    const tree = await writeFixtureTree({ root: path.join(dir, 'mirror'), regions: ['us-east-1'] });
    const store = path.join(dir, 'store');
    for (const f of await findMirrorOfferFiles(tree.root)) if (f.region === 'us-east-1') await indexOfferFile(f.file, store);
    const index = new PriceIndex(store);
    const options = { hoursPerMonth: 730, defaultRegion: { code: 'us-east-1', reason: 'bench' } };
    const scanOf = (file: string, text: string) => ({ file, text, scan: recognise({ fileName: file, text }) });

    const big = terraform(10_000);
    const warm = await estimateFiles([scanOf('big.tf', big)], index, options);
    const big10k = await timed(40, () => estimateFiles([scanOf('big.tf', big)], index, options));
    const files = Array.from({ length: 200 }, (_, i) => ({ name: `m${i}/main.tf`, text: terraform(50, i * 7) }));
    const tree200 = await timed(40, () =>
      estimateFiles(
        files.map((f) => scanOf(f.name, f.text)),
        index,
        options,
      ),
    );
    const priced = warm.resources.filter((r) => r.monthly !== null).length;
    console.log('estimate (warm store, in process)');
    console.log(
      `  10,000-line Terraform file: ${warm.resources.length} resources (${priced} priced, ${warm.total.unpricedComponents} unpriced components), total $${warm.total.monthly.toFixed(2)}/month`,
    );
    console.log(`    p50 ${big10k.p50.toFixed(1)} ms, p99 ${big10k.p99.toFixed(1)} ms   (target p50 < 50 ms)`);
    console.log(`  200 files x 50 lines: p50 ${tree200.p50.toFixed(1)} ms, p99 ${tree200.p99.toFixed(1)} ms for the whole tree`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
