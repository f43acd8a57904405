import * as assert from 'node:assert/strict';
import { componentsOf } from '../../src/core/cost/components';
import { iacResources } from '../../src/core/cost/iac-resources';
import { rdsVariant } from '../../src/core/cost/rds-variant';
import { recognise } from '../../src/core/iac/recognise';

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
    assert.equal(web!.count, 3);
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
});
