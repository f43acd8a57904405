import * as assert from 'node:assert/strict';
import { componentsOf } from '../../src/core/cost/components';
import { iacResources } from '../../src/core/cost/iac-resources';
import { rdsVariant } from '../../src/core/cost/rds-variant';
import { recognise } from '../../src/core/iac/recognise';
import { estimateFiles } from '../../src/core/cost/estimate';
import type { PriceIndex } from '../../src/core/prices/price-index';
import type { PriceRecord } from '../../src/core/prices/price-types';

const tfKeys = { engine: 'engine', multiAz: 'multi_az' };

function resourcesOf(fileName: string, text: string) {
  const scan = recognise({ fileName, text });
  return iacResources(text, scan.format, scan.findings);
}

describe('cost model: resources → components', () => {
  it('maps RDS engines to the offer’s engine, edition and licence, never guessing', () => {
    assert.deepEqual(rdsVariant('postgres', 'true', undefined, tfKeys), { filter: { databaseEngine: 'PostgreSQL', deploymentOption: 'Multi-AZ' }, reasons: ['engine = "postgres" → PostgreSQL', 'multi_az = true → Multi-AZ'] });
    assert.deepEqual((rdsVariant('sqlserver-se', undefined, undefined, tfKeys) as { filter: unknown }).filter, { databaseEngine: 'SQL Server', deploymentOption: 'Single-AZ', databaseEdition: 'Standard', licenseModel: 'License included' });
    assert.equal((rdsVariant('oracle-se2', 'false', 'bring-your-own-license', tfKeys) as { filter: Record<string, string> }).filter.licenseModel, 'Bring your own license');
    assert.equal((rdsVariant('aurora-postgresql', undefined, undefined, tfKeys) as { filter: Record<string, string> }).filter.databaseEngine, 'Aurora PostgreSQL');
    assert.match((rdsVariant('db2-se', undefined, undefined, tfKeys) as { unpriced: string }).unpriced, /not an engine the cost model knows/);
    assert.match((rdsVariant(null, undefined, undefined, tfKeys) as { unpriced: string }).unpriced, /computed/);
    assert.match((rdsVariant(undefined, undefined, undefined, tfKeys) as { unpriced: string }).unpriced, /not set/);
    assert.match((rdsVariant('mysql', null, undefined, tfKeys) as { unpriced: string }).unpriced, /multi_az is computed/);
  });

  it('reads Terraform resources: address, first line, count, region and the attributes that set the variant', () => {
    const text = 'provider "aws" {\n  region = "eu-west-1"\n}\n\nresource "aws_instance" "web" {\n  count = 3\n  instance_type = "c6g.large"\n  tenancy = "dedicated"\n}\n';
    const [web] = resourcesOf('main.tf', text);
    assert.equal(web!.name, 'aws_instance.web');
    assert.equal(web!.line, 5);
    assert.equal(web!.copies, 3);
    assert.equal(componentsOf(web!)!.count, 3);
    assert.equal(web!.region?.code, 'eu-west-1');
    const c = componentsOf(web!)!;
    assert.deepEqual(c.priced.map((p) => [p.name, p.size, p.filter.tenancy]), [['Instance usage', 'c6g.large', 'Dedicated']]);
    assert.equal(c.priced[0]!.quantityPerMonth(730), 730);
    assert.deepEqual(c.unpriced.map((u) => u.name), ['Root volume']);
  });

  it('host tenancy, a computed size and an unknown cache engine are unpriced with the reason', () => {
    const text = 'resource "aws_instance" "h" {\n  instance_type = "m5.large"\n  tenancy = "host"\n}\nresource "aws_instance" "v" {\n  instance_type = var.size\n}\nresource "aws_elasticache_cluster" "c" {\n  node_type = "cache.r7g.large"\n  engine = "dragonfly"\n}\n';
    const [h, v, c] = resourcesOf('main.tf', text).map((r) => componentsOf(r)!);
    assert.match(h!.unpriced[0]!.reason, /Dedicated Host is billed/);
    assert.equal(h!.priced.length, 0);
    assert.match(v!.unpriced[0]!.reason, /not a literal/);
    assert.match(c!.unpriced[0]!.reason, /not redis, memcached or valkey/);
  });

  it('ElastiCache nodes multiply the hours; CloudFormation properties read the same way', () => {
    const tf = resourcesOf('main.tf', 'resource "aws_elasticache_cluster" "c" {\n  node_type = "cache.r7g.large"\n  engine = "redis"\n  num_cache_nodes = 3\n}\n');
    const cache = componentsOf(tf[0]!)!;
    assert.equal(cache.priced[0]!.quantityPerMonth(730), 2190);
    assert.deepEqual(cache.priced[0]!.filter, { cacheEngine: 'Redis' });
    const cfn = resourcesOf('t.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBInstanceClass: db.m5.large\n      Engine: !Ref EngineParam\n      MultiAZ: true\n');
    assert.equal(cfn[0]!.name, 'Db');
    assert.equal(cfn[0]!.line, 3);
    assert.match(componentsOf(cfn[0]!)!.unpriced[0]!.reason, /Engine is computed/);
  });

  const nodesTf = `resource "aws_eks_node_group" "ng" {
  count = 2
  instance_types = ["m5.large"]
  scaling_config {
    desired_size = 3
    max_size = 5
    min_size = 1
  }
}
resource "aws_elasticache_cluster" "c" {
  node_type = "cache.r7g.large"
  engine = "redis"
  num_cache_nodes = 3
}
resource "aws_elasticache_replication_group" "g" {
  node_type = "cache.r7g.large"
  num_node_groups = 2
  replicas_per_node_group = 1
}
resource "aws_opensearch_domain" "d" {
  cluster_config {
    instance_type = "r6g.large.search"
    instance_count = 3
    dedicated_master_enabled = true
    dedicated_master_type = "m6g.large.search"
  }
}
resource "aws_instance" "web" {
  count = 4
  instance_type = "m5.large"
}
resource "aws_eks_node_group" "spot" {
  instance_types = ["m5.large"]
  capacity_type = "SPOT"
  scaling_config {
    desired_size = 3
  }
}
`;

  it('node counts are counted once: node groups, caches, replication groups and search domains (data + dedicated masters)', async () => {
    const scan = recognise({ fileName: 'nodes.tf', text: nodesTf });
    const asked: string[] = [];
    // A price index that answers $1/h for everything: the monthly figures are then hours x nodes x copies.
    const index = {
      lookup: async (size: string, _region: string, filter: Record<string, string>) => {
        asked.push(`${size} ${JSON.stringify(filter)}`);
        return { size, currency: 'USD', onDemand: { hourly: 1 }, variant: filter } as unknown as PriceRecord;
      },
      explainMiss: async () => ({ message: 'miss' }),
    } as unknown as PriceIndex;
    const e = await estimateFiles([{ file: 'nodes.tf', text: nodesTf, scan }], index, { hoursPerMonth: 730, defaultRegion: { code: 'us-east-1', reason: 'test' } });
    const monthly = Object.fromEntries(e.resources.map((r) => [r.name, [r.count, r.monthly, r.components.map((c) => `${c.name} ${c.size} ${c.quantity}`)]]));
    assert.deepEqual(monthly['aws_eks_node_group.ng'], [2, 2 * 3 * 730, ['Node instances m5.large 2190']]);
    assert.deepEqual(monthly['aws_elasticache_cluster.c'], [1, 3 * 730, ['Cache nodes cache.r7g.large 2190']]);
    assert.deepEqual(monthly['aws_elasticache_replication_group.g'], [1, 4 * 730, ['Cache nodes cache.r7g.large 2920']]);
    assert.deepEqual(monthly['aws_opensearch_domain.d'], [1, 6 * 730, ['Data nodes r6g.large.search 2190', 'Dedicated master nodes m6g.large.search 2190']]);
    assert.deepEqual(monthly['aws_instance.web'], [4, 4 * 730, ['Instance usage m5.large 730']]);
    const spot = e.resources.find((r) => r.name === 'aws_eks_node_group.spot')!;
    assert.equal(spot.monthly, null);
    assert.match(spot.unpriced[0]!.reason, /Spot capacity/);
    assert.ok(asked.includes('cache.r7g.large {"cacheEngine":"Redis"}'), asked.join('\n'));
  });

  it('Aurora cluster instances are priced per instance in their Aurora engine', () => {
    const [r] = resourcesOf('a.tf', 'resource "aws_rds_cluster_instance" "a" {\n  instance_class = "db.r6g.large"\n  engine = "aurora-postgresql"\n}\n');
    assert.deepEqual(componentsOf(r!)!.priced[0]!.filter, { databaseEngine: 'Aurora PostgreSQL', deploymentOption: 'Single-AZ' });
    const [m] = resourcesOf('a.tf', 'resource "aws_rds_cluster_instance" "a" {\n  instance_class = "db.r6g.large"\n  engine = "mysql"\n}\n');
    assert.match(componentsOf(m!)!.unpriced[0]!.reason, /not an Aurora engine/);
  });

  it('the editor counts what estimate counts: dedicated masters x3 by default, node groups x desired x copies', async () => {
    const { variantOfFinding } = await import('../../src/core/cost/finding-variant');
    const scan = recognise({ fileName: 'nodes.tf', text: nodesTf });
    const units = (resource: string, size: string): unknown => {
      const f = scan.findings.find((x) => x.resource === resource && x.resolved === size)!;
      const v = variantOfFinding(() => nodesTf, scan, f);
      return v && 'units' in v ? v.units : v;
    };
    assert.equal(units('aws_opensearch_domain.d', 'm6g.large.search'), 3);
    assert.equal(units('aws_opensearch_domain.d', 'r6g.large.search'), 3);
    assert.equal(units('aws_eks_node_group.ng', 'm5.large'), 6);
    assert.equal(units('aws_instance.web', 'm5.large'), 4);
    assert.equal(units('aws_elasticache_cluster.c', 'cache.r7g.large'), 3);
    assert.deepEqual(units('aws_eks_node_group.spot', 'm5.large'), { unpriced: 'Spot capacity: the price moves with the market (price-atlas spot shows it)' });
  });
});


describe('regions a file states itself', () => {
  it('a .tfvars that sets its own region runs there, not in a sibling terragrunt file’s region', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { scanFiles } = await import('../../src/core/iac/scan-files');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-tfvars-'));
    try {
      writeFileSync(path.join(dir, 'terragrunt.hcl'), 'inputs = {\n  region = "eu-north-1"\n  instance_type = "c5.large"\n}\n');
      writeFileSync(path.join(dir, 'prod.tfvars'), 'region = "us-east-2"\ninstance_type = "m5.large"\n');
      const result = await scanFiles([path.join(dir, 'prod.tfvars'), path.join(dir, 'terragrunt.hcl')]);
      const region = (name: string) => result.files.find((f) => f.file.endsWith(name))!.scan.findings[0]!.region;
      assert.equal(region('prod.tfvars')?.code, 'us-east-2');
      assert.match(region('prod.tfvars')!.reason, /region = "us-east-2" \(prod\.tfvars:1\)/);
      assert.equal(region('terragrunt.hcl')?.code, 'eu-north-1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
