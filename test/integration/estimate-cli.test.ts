import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startBulkPricingServer } from '../fakes/bulk-pricing-server';
import type { BulkPricingServer } from '../fakes/bulk-pricing-server';
import { writeFixtureTree } from '../fakes/fixture-tree';
import type { FixtureTree } from '../fakes/fixture-tree';
import { runCli, tempDir } from './helpers';

interface JsonComponent { name: string; size?: string; variant: Record<string, string>; reasons: string[]; unit: string; quantity: number; unitPrice: number; monthly: number }
interface JsonResource { file: string; line: number; name: string; type: string; kind: string; region: string; count: number; components: JsonComponent[]; monthly: number | null; unpriced: { name: string; reason: string }[] }
interface JsonEstimate { currency: string; hoursPerMonth: number; resources: JsonResource[]; total: { monthly: number; resources: number; unpricedComponents: number } }

const terraform = `provider "aws" {
  region = "eu-west-1"
}

resource "aws_db_instance" "main" {
  instance_class    = "db.r6g.large"
  engine            = "postgres"
  multi_az          = true
  allocated_storage = 100
}

resource "aws_db_instance" "computed" {
  instance_class = "db.m5.large"
  engine         = var.engine
}

resource "aws_instance" "web" {
  count         = 2
  instance_type = "m5.large"
  tenancy       = "dedicated"
}

resource "aws_instance" "plain" {
  instance_type = "m5.large"
}

resource "aws_launch_template" "lt" {
  instance_type = "m5.large"
}
`;

const cloudFormation = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceClass: db.t3.micro
      Engine: sqlserver-ex
      AllocatedStorage: "20"
`;

// CDK L2: the construct's properties become the CloudFormation it synthesizes.
const cdkApp = `import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';

export class Shop extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: { region: 'eu-west-1' } });
    new rds.DatabaseInstance(this, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
      multiAz: true,
      vpc,
    });
    new ec2.Instance(this, 'Web', { instanceType: new ec2.InstanceType('m5.large'), machineImage, vpc });
  }
}
`;

// Pulumi classic in Python, its region from the stack file next to it.
const pulumiProgram = `import pulumi
import pulumi_aws as aws

db = aws.rds.Instance("db", instance_class="db.r6g.large", engine="postgres", multi_az=True)
web = aws.ec2.Instance("web", instance_type="m5.large", tenancy="dedicated")
`;

const pulumiYamlProgram = `name: shop-yaml
runtime: yaml
resources:
  db:
    type: aws:rds:Instance
    properties:
      instanceClass: db.r6g.large
      engine: postgres
      multiAz: false
`;

describe('price-atlas estimate (bundled CLI, generated offers with every variant)', function () {
  this.timeout(120_000);
  let tree: FixtureTree;
  let server: BulkPricingServer;
  let work: string;

  const price = async (args: string[]): Promise<number> => {
    const run = await runCli(['price', ...args, '--json'], { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as { onDemand: { hourly: number } }).onDemand.hourly;
  };

  before(async () => {
    tree = await writeFixtureTree({ root: tempDir('estimate-fixture'), regions: ['eu-west-1', 'us-east-1'] });
    server = await startBulkPricingServer({ root: tree.root });
    work = tempDir('estimate');
    const dl = await runCli(['download', '--endpoint', server.url, '--services', 'AmazonEC2', 'AmazonRDS', '--regions', 'eu-west-1', 'us-east-1', '--no-savings-plans'], { cwd: work });
    assert.equal(dl.code, 0, dl.stderr);
    const ix = await runCli(['index'], { cwd: work });
    assert.equal(ix.code, 0, ix.stderr);
    mkdirSync(path.join(work, 'infra'));
    writeFileSync(path.join(work, 'infra', 'main.tf'), terraform);
    writeFileSync(path.join(work, 'infra', 'db.yaml'), cloudFormation);
    mkdirSync(path.join(work, 'programs', 'cdk'), { recursive: true });
    writeFileSync(path.join(work, 'programs', 'cdk', 'shop.ts'), cdkApp);
    mkdirSync(path.join(work, 'programs', 'pulumi'));
    writeFileSync(path.join(work, 'programs', 'pulumi', 'Pulumi.yaml'), 'name: shop\nruntime: python\n');
    writeFileSync(path.join(work, 'programs', 'pulumi', 'Pulumi.prod.yaml'), 'config:\n  aws:region: eu-west-1\n');
    writeFileSync(path.join(work, 'programs', 'pulumi', '__main__.py'), pulumiProgram);
    mkdirSync(path.join(work, 'programs', 'pulumi-yaml'));
    writeFileSync(path.join(work, 'programs', 'pulumi-yaml', 'Pulumi.yaml'), pulumiYamlProgram);
    writeFileSync(path.join(work, 'programs', 'pulumi-yaml', 'Pulumi.prod.yaml'), 'config:\n  aws:region: eu-west-1\n');
  });
  after(async () => {
    await server.close();
    rmSync(tree.root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('prices each resource in the variant its file states: the same numbers as `price` with those flags', async () => {
    const run = await runCli(['estimate', 'infra', '--json'], { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as JsonEstimate;
    assert.deepEqual(Object.keys(doc), ['currency', 'hoursPerMonth', 'resources', 'total']);
    assert.equal(doc.currency, 'USD');
    assert.equal(doc.hoursPerMonth, 730);
    const byName = new Map(doc.resources.map((r) => [r.name, r]));

    const db = byName.get('aws_db_instance.main')!;
    assert.equal(db.type, 'aws_db_instance');
    assert.equal(db.line, 5);
    assert.equal(db.region, 'eu-west-1');
    const postgresMultiAz = await price(['db.r6g.large', '--region', 'eu-west-1', '--engine', 'PostgreSQL', '--deployment', 'Multi-AZ']);
    const mysqlSingleAz = await price(['db.r6g.large', '--region', 'eu-west-1']);
    assert.notEqual(postgresMultiAz, mysqlSingleAz, 'the fixture must tell the variants apart');
    assert.equal(db.components[0]!.unitPrice, postgresMultiAz);
    assert.equal(db.components[0]!.variant.databaseEngine, 'PostgreSQL');
    assert.equal(db.components[0]!.variant.deploymentOption, 'Multi-AZ');
    assert.ok(db.components[0]!.reasons.some((r) => /engine = "postgres" → PostgreSQL/.test(r)));
    assert.equal(db.monthly, Math.round(730 * postgresMultiAz * 1e6) / 1e6);
    assert.deepEqual(db.unpriced.map((u) => u.name), ['Database storage'], 'storage is listed, not guessed');

    const web = byName.get('aws_instance.web')!;
    assert.equal(web.count, 2);
    const dedicated = await price(['m5.large', '--region', 'eu-west-1', '--tenancy', 'Dedicated']);
    assert.equal(web.components[0]!.unitPrice, dedicated);
    assert.equal(web.components[0]!.variant.tenancy, 'Dedicated');
    assert.equal(web.monthly, Math.round(2 * 730 * dedicated * 1e6) / 1e6);
    assert.ok(web.unpriced.some((u) => u.name === 'Root volume'));
    const plain = byName.get('aws_instance.plain')!;
    assert.equal(plain.components[0]!.unitPrice, await price(['m5.large', '--region', 'eu-west-1']));

    const computed = byName.get('aws_db_instance.computed')!;
    assert.equal(computed.monthly, null);
    assert.match(computed.unpriced[0]!.reason, /engine is computed/);
    assert.match(byName.get('aws_launch_template.lt')!.unpriced[0]!.reason, /not in the cost model yet/);

    const cfn = byName.get('Db')!;
    assert.equal(cfn.type, 'AWS::RDS::DBInstance');
    assert.equal(cfn.region, 'us-east-1');
    assert.equal(cfn.components[0]!.unitPrice, await price(['db.t3.micro', '--region', 'us-east-1', '--engine', 'SQL Server', '--edition', 'Express']));

    const sum = doc.resources.reduce((s, r) => s + (r.monthly ?? 0), 0);
    assert.equal(doc.total.monthly, Math.round(sum * 1e6) / 1e6);
    assert.equal(doc.total.resources, doc.resources.length);
    assert.equal(doc.total.unpricedComponents, doc.resources.reduce((s, r) => s + r.unpriced.length, 0));
  });

  it('prices CDK and Pulumi programs in the variant their constructs state, as `price` does', async () => {
    const run = await runCli(['estimate', 'programs', '--json'], { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as JsonEstimate;
    const byName = new Map(doc.resources.map((r) => [`${path.basename(r.file)} ${r.name}`, r]));
    const postgresMultiAz = await price(['db.r6g.large', '--region', 'eu-west-1', '--engine', 'PostgreSQL', '--deployment', 'Multi-AZ']);

    const cdkDb = byName.get('shop.ts rds.DatabaseInstance "Db"')!;
    assert.ok(cdkDb, [...byName.keys()].join(', '));
    assert.equal(cdkDb.type, 'AWS::RDS::DBInstance');
    assert.equal(cdkDb.line, 8);
    assert.equal(cdkDb.region, 'eu-west-1');
    assert.equal(cdkDb.components[0]!.size, 'db.r6g.large');
    assert.equal(cdkDb.components[0]!.unitPrice, postgresMultiAz);
    assert.deepEqual([cdkDb.components[0]!.variant.databaseEngine, cdkDb.components[0]!.variant.deploymentOption], ['PostgreSQL', 'Multi-AZ']);
    assert.deepEqual(cdkDb.unpriced.map((u) => u.name), ['Database storage'], 'CDK’s default 100 GiB is storage, listed not priced');
    const cdkWeb = byName.get('shop.ts ec2.Instance "Web"')!;
    assert.equal(cdkWeb.components[0]!.unitPrice, await price(['m5.large', '--region', 'eu-west-1']));

    const pyDb = byName.get('__main__.py aws.rds.Instance "db"')!;
    assert.ok(pyDb, [...byName.keys()].join(', '));
    assert.equal(pyDb.type, 'aws_db_instance');
    assert.equal(pyDb.region, 'eu-west-1');
    assert.equal(pyDb.components[0]!.unitPrice, postgresMultiAz);
    const pyWeb = byName.get('__main__.py aws.ec2.Instance "web"')!;
    assert.equal(pyWeb.components[0]!.variant.tenancy, 'Dedicated');
    assert.equal(pyWeb.components[0]!.unitPrice, await price(['m5.large', '--region', 'eu-west-1', '--tenancy', 'Dedicated']));

    const yamlDb = byName.get('Pulumi.yaml db')!;
    assert.ok(yamlDb, [...byName.keys()].join(', '));
    assert.equal(yamlDb.line, 4);
    assert.equal(yamlDb.components[0]!.variant.deploymentOption, 'Single-AZ');
    assert.equal(yamlDb.components[0]!.unitPrice, await price(['db.r6g.large', '--region', 'eu-west-1', '--engine', 'PostgreSQL', '--deployment', 'Single-AZ']));
  });

  it('prints a table per file and a total that says what is not priced', async () => {
    const run = await runCli(['estimate', 'infra'], { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /infra\/main\.tf/);
    assert.match(run.stdout, /aws_instance\.web \(x2\) · eu-west-1/);
    assert.match(run.stdout, /PostgreSQL \/ Multi-AZ/);
    assert.match(run.stdout, /Total: \$[\d,]+\.\d{2}\/month \(730 h\) for \d+ resources; \d+ components not priced/);
  });

  it('bad input exits 2 with what to do', async () => {
    assert.equal((await runCli(['estimate'], { cwd: work })).code, 2);
    const noStore = await runCli(['estimate', 'infra', '--store', 'nowhere'], { cwd: work });
    assert.equal(noStore.code, 2);
    assert.match(noStore.stderr, /price-atlas download/);
    assert.equal((await runCli(['estimate', 'infra', '--region', 'mars-1'], { cwd: work })).code, 2);
  });
});
