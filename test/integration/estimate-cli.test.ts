import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startBulkPricingServer } from '../fakes/bulk-pricing-server';
import type { BulkPricingServer } from '../fakes/bulk-pricing-server';
import { writeFixtureTree } from '../fakes/fixture-tree';
import type { FixtureTree } from '../fakes/fixture-tree';
import { runCli, tempDir } from './helpers';

interface JsonComponent {
  name: string;
  size?: string;
  variant: Record<string, string>;
  reasons: string[];
  unit: string;
  quantity: number;
  unitPrice: number;
  monthly: number;
}
interface JsonResource {
  file: string;
  line: number;
  name: string;
  type: string;
  kind: string;
  region: string;
  count: number;
  components: JsonComponent[];
  monthly: number | null;
  unpriced: { name: string; reason: string; usageBased?: boolean; unit?: string; unitPrice?: number }[];
}
interface JsonEstimate {
  currency: string;
  hoursPerMonth: number;
  resources: JsonResource[];
  total: { monthly: number; resources: number; unpricedComponents: number };
}

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

resource "aws_instance" "tuned" {
  instance_type = "m5.large"
  root_block_device {
    volume_type = "gp3"
    volume_size = 50
    iops        = 4000
    throughput  = 250
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_type = "st1"
    volume_size = 500
  }
}

resource "aws_ebs_volume" "data" {
  type = "io2"
  size = 200
  iops = 40000
}

resource "aws_nat_gateway" "nat" {
  subnet_id = "subnet-1"
}

resource "aws_lb" "web" {
  name = "web"
}

resource "aws_lb" "tcp" {
  load_balancer_type = "network"
}

resource "aws_eks_cluster" "k8s" {
  name = "k8s"
}

resource "aws_lambda_function" "api" {
  memory_size   = 512
  architectures = ["arm64"]
}

data "aws_ami" "windows" {
  filter {
    name   = "name"
    values = ["Windows_Server-2022-English-Full-Base-*"]
  }
}

resource "aws_instance" "win" {
  instance_type = "m5.large"
  ami           = data.aws_ami.windows.id
}
`;

const usageFile = `version: 0.1
resource_type_default_usage:
  aws_lambda_function:
    monthly_requests: 1000000
resource_usage:
  aws_nat_gateway.nat:
    monthly_data_processed_gb: 100
  aws_lambda_function.api:
    request_duration_ms: 250
  aws_lb.web:
    new_connections: 50
    processed_bytes_gb: 0.5
`;

/** The On-Demand price of the product with this usage type (its region prefix aside) in a downloaded offer: read straight from AWS's format. */
function offerPrice(root: string, code: string, region: string, usage: string, family?: string): number {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'index.json' && p.includes(`${path.sep}${code}${path.sep}`) && path.basename(path.dirname(p)) === region) files.push(p);
    }
  };
  walk(root);
  assert.equal(files.length, 1, `one ${code} ${region} offer`);
  const offer = JSON.parse(readFileSync(files[0]!, 'utf8')) as {
    products: Record<string, { productFamily: string; attributes: Record<string, string> }>;
    terms: { OnDemand: Record<string, Record<string, { priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }>> };
  };
  const skus = Object.entries(offer.products).filter(
    ([, p]) =>
      (p.attributes.usagetype === usage || p.attributes.usagetype!.endsWith(`-${usage}`)) &&
      !p.attributes.usagetype!.slice(0, -usage.length - 1).includes('-') &&
      (!family || p.productFamily === family),
  );
  assert.equal(skus.length, 1, `one ${usage} product in ${code} ${region}`);
  const term = Object.values(offer.terms.OnDemand[skus[0]![0]]!)[0]!;
  return Number(Object.values(term.priceDimensions)[0]!.pricePerUnit.USD);
}

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
    const dl = await runCli(
      [
        'download',
        '--endpoint',
        server.url,
        '--services',
        'AmazonEC2',
        'AmazonRDS',
        'AmazonEKS',
        'AWSELB',
        'AWSLambda',
        '--regions',
        'eu-west-1',
        'us-east-1',
        '--no-savings-plans',
      ],
      { cwd: work },
    );
    assert.equal(dl.code, 0, dl.stderr);
    const ix = await runCli(['index'], { cwd: work });
    assert.equal(ix.code, 0, ix.stderr);
    mkdirSync(path.join(work, 'infra'));
    writeFileSync(path.join(work, 'infra', 'main.tf'), terraform);
    writeFileSync(path.join(work, 'usage.yml'), usageFile);
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
    const multiAzGp2 = offerPrice(work, 'AmazonRDS', 'eu-west-1', 'RDS:Multi-AZ-GP2-Storage');
    assert.notEqual(multiAzGp2, offerPrice(work, 'AmazonRDS', 'eu-west-1', 'RDS:GP2-Storage'), 'Multi-AZ storage has its own price');
    assert.deepEqual(
      db.components.map((c) => [c.name, c.unit, c.quantity, c.unitPrice]),
      [
        ['Database instance', 'Hrs', 730, postgresMultiAz],
        ['Database storage', 'GB-Mo', 100, multiAzGp2],
      ],
    );
    assert.deepEqual([db.components[1]!.variant.storageType, db.components[1]!.variant.deploymentOption], ['gp2', 'Multi-AZ']);
    assert.equal(db.monthly, Math.round((730 * postgresMultiAz + 100 * multiAzGp2) * 1e6) / 1e6);
    assert.deepEqual(db.unpriced, []);

    const web = byName.get('aws_instance.web')!;
    assert.equal(web.count, 2);
    const dedicated = await price(['m5.large', '--region', 'eu-west-1', '--tenancy', 'Dedicated']);
    assert.equal(web.components[0]!.unitPrice, dedicated);
    assert.equal(web.components[0]!.variant.tenancy, 'Dedicated');
    const gp2 = offerPrice(work, 'AmazonEC2', 'eu-west-1', 'EBS:VolumeUsage.gp2');
    assert.deepEqual(
      web.components.map((c) => [c.name, c.quantity, c.unitPrice]),
      [
        ['Instance usage', 730, dedicated],
        ['Root volume storage', 8, gp2],
      ],
    );
    assert.ok(
      web.components[1]!.reasons.some((r) => /assumed: the AMI decides/.test(r)),
      'an assumed root volume says so',
    );
    assert.equal(web.monthly, Math.round(2 * (730 * dedicated + 8 * gp2) * 1e6) / 1e6);

    const tuned = byName.get('aws_instance.tuned')!;
    const p = (usage: string, code = 'AmazonEC2', family?: string): number => offerPrice(work, code, 'eu-west-1', usage, family);
    assert.deepEqual(
      tuned.components.slice(1).map((c) => [c.name, c.unit, c.quantity, c.unitPrice]),
      [
        ['Root volume storage', 'GB-Mo', 50, p('EBS:VolumeUsage.gp3')],
        ['Root volume IOPS', 'IOPS-Mo', 1000, p('EBS:VolumeP-IOPS.gp3')],
        ['Root volume throughput', 'GiBps-mo', 125 / 1024, p('EBS:VolumeP-Throughput.gp3')],
        ['Block device /dev/sdf storage', 'GB-Mo', 500, p('EBS:VolumeUsage.st1')],
      ],
    );
    const data = byName.get('aws_ebs_volume.data')!;
    assert.deepEqual(
      data.components.map((c) => [c.name, c.quantity, c.unitPrice]),
      [
        ['Volume storage', 200, p('EBS:VolumeUsage.io2')],
        ['Volume IOPS (tier 1)', 32000, p('EBS:VolumeP-IOPS.io2')],
        ['Volume IOPS (tier 2)', 8000, p('EBS:VolumeP-IOPS.io2.tier2')],
      ],
    );
    assert.equal(data.kind, 'ebs');

    const nat = byName.get('aws_nat_gateway.nat')!;
    assert.deepEqual(
      nat.components.map((c) => [c.name, c.quantity, c.unitPrice]),
      [['NAT gateway', 730, p('NatGateway-Hours')]],
    );
    assert.deepEqual(
      nat.unpriced.map((u) => [u.name, u.usageBased, u.unit, u.unitPrice]),
      [['Data processed', true, 'GB', p('NatGateway-Bytes')]],
      'usage-based: listed with its unit price',
    );
    assert.match(nat.unpriced[0]!.reason, /monthly_data_processed_gb/);
    const alb = byName.get('aws_lb.web')!;
    assert.deepEqual(
      alb.components.map((c) => [c.name, c.unitPrice]),
      [['Load balancer', p('LoadBalancerUsage', 'AWSELB', 'Load Balancer-Application')]],
    );
    const nlb = byName.get('aws_lb.tcp')!;
    assert.deepEqual(
      nlb.unpriced.map((u) => [u.name, u.unitPrice]),
      [['Capacity units (LCU)', p('LCUUsage', 'AWSELB', 'Load Balancer-Network')]],
    );
    assert.deepEqual(
      byName.get('aws_eks_cluster.k8s')!.components.map((c) => [c.name, c.quantity, c.unitPrice]),
      [['Cluster', 730, p('AmazonEKS-Hours:perCluster', 'AmazonEKS')]],
    );
    const win = byName.get('aws_instance.win')!;
    assert.deepEqual([win.components[0]!.variant.operatingSystem, win.components[0]!.variant.preInstalledSw], ['Windows', 'NA'], JSON.stringify(win));
    assert.equal(win.components[0]!.unitPrice, await price(['m5.large', '--region', 'eu-west-1', '--os', 'Windows']), 'the image name states the OS');
    assert.notEqual(win.components[0]!.unitPrice, await price(['m5.large', '--region', 'eu-west-1']));
    const fn = byName.get('aws_lambda_function.api')!;
    assert.equal(fn.monthly, null);
    assert.deepEqual(
      fn.unpriced.map((u) => [u.name, u.unit, u.unitPrice]),
      [
        ['Requests', 'Requests', p('Request', 'AWSLambda')],
        ['Duration', 'Lambda-GB-Second', p('Lambda-GB-Second-ARM', 'AWSLambda')],
      ],
    );

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
    assert.equal(
      doc.total.unpricedComponents,
      doc.resources.reduce((s, r) => s + r.unpriced.length, 0),
    );
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
    assert.deepEqual(
      cdkDb.components.slice(1).map((c) => [c.name, c.quantity]),
      [['Database storage', 100]],
      'CDK’s default: 100 GiB',
    );
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
    assert.equal(
      yamlDb.components[0]!.unitPrice,
      await price(['db.r6g.large', '--region', 'eu-west-1', '--engine', 'PostgreSQL', '--deployment', 'Single-AZ']),
    );
  });

  it('prices usage-based components from a usage file (Infracost format), and only those it gives', async () => {
    const run = await runCli(['estimate', 'infra', '--usage', 'usage.yml', '--json'], { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as JsonEstimate;
    const byName = new Map(doc.resources.map((r) => [r.name, r]));
    const p = (usage: string, code = 'AmazonEC2', family?: string): number => offerPrice(work, code, 'eu-west-1', usage, family);
    const nat = byName.get('aws_nat_gateway.nat')!;
    assert.deepEqual(
      nat.components.map((c) => [c.name, c.unit, c.quantity, c.unitPrice]),
      [
        ['NAT gateway', 'Hrs', 730, p('NatGateway-Hours')],
        ['Data processed', 'GB', 100, p('NatGateway-Bytes')],
      ],
    );
    assert.deepEqual(nat.unpriced, []);
    const fn = byName.get('aws_lambda_function.api')!;
    // The type's default requests and the resource's own duration: 1M x 250 ms x 512 MB = 125,000 GB-s.
    assert.deepEqual(
      fn.components.map((c) => [c.name, c.quantity, c.unitPrice]),
      [
        ['Requests', 1_000_000, p('Request', 'AWSLambda')],
        ['Duration', 125_000, p('Lambda-GB-Second-ARM', 'AWSLambda')],
      ],
    );
    const alb = byName.get('aws_lb.web')!;
    // 50 new connections/s = 2 LCU, 0.5 GB/h = 0.5 LCU: the larger is billed, every hour.
    assert.deepEqual(
      alb.components.map((c) => [c.name, c.quantity]),
      [
        ['Load balancer', 730],
        ['Capacity units (LCU)', 2 * 730],
      ],
    );
    assert.ok(
      byName.get('aws_lb.tcp')!.unpriced.some((u) => u.usageBased),
      'a resource the file does not give usage for stays unpriced',
    );

    writeFileSync(path.join(work, 'bad-usage.yml'), 'resource_usage:\n  aws_nat_gateway.nat:\n    monthly_data_processed_gb: lots\n');
    const bad = await runCli(['estimate', 'infra', '--usage', 'bad-usage.yml'], { cwd: work });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad-usage\.yml:3: aws_nat_gateway\.nat\.monthly_data_processed_gb is not a number/);
    writeFileSync(path.join(work, 'typo-usage.yml'), 'resource_usage:\n  aws_nat_gateway.natt:\n    monthly_data_processed_gb: 5\n');
    const typo = await runCli(['estimate', 'infra', '--usage', 'typo-usage.yml'], { cwd: work });
    assert.equal(typo.code, 0, typo.stderr);
    assert.match(typo.stderr, /usage file names resources not found: aws_nat_gateway\.natt/);
  });

  it('prints a table per file and a total that says what is not priced', async () => {
    const run = await runCli(['estimate', 'infra'], { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /infra\/main\.tf/);
    assert.match(run.stdout, /aws_instance\.web \(x2\) · eu-west-1/);
    assert.match(run.stdout, /PostgreSQL \/ Multi-AZ/);
    assert.match(run.stdout, /Total: \$[\d,]+\.\d{2}\/month \(730 h\) for \d+ resources; \d+ components not priced/);
  });

  it('a region the store lacks: the JSON says which offer would price it, the table prints the commands once', async () => {
    mkdirSync(path.join(work, 'far'), { recursive: true });
    writeFileSync(
      path.join(work, 'far', 'main.tf'),
      'provider "aws" {\n  region = "ap-south-1"\n}\nresource "aws_instance" "a" {\n  instance_type = "m5.large"\n}\nresource "aws_nat_gateway" "n" {}\n',
    );
    const json = await runCli(['estimate', 'far', '--json'], { cwd: work });
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as JsonEstimate;
    const unpriced = doc.resources.flatMap((r) => r.unpriced);
    assert.ok(unpriced.length >= 2 && unpriced.every((u) => (u as { offerCode?: string }).offerCode === 'AmazonEC2'), JSON.stringify(unpriced));
    assert.ok(
      unpriced.every((u) => !u.reason.includes('price-atlas')),
      "reasons are no host's commands: " + JSON.stringify(unpriced),
    );
    const text = await runCli(['estimate', 'far'], { cwd: work });
    assert.match(
      text.stdout,
      /Prices missing from the store: Download and index them: price-atlas download --services AmazonEC2 --regions ap-south-1 && price-atlas index \.aws-pricing --store /,
    );
  });

  it('bad input exits 2 with what to do', async () => {
    assert.equal((await runCli(['estimate'], { cwd: work })).code, 2);
    const noStore = await runCli(['estimate', 'infra', '--store', 'nowhere'], { cwd: work });
    assert.equal(noStore.code, 2);
    assert.match(noStore.stderr, /price-atlas download/);
    assert.equal((await runCli(['estimate', 'infra', '--region', 'mars-1'], { cwd: work })).code, 2);
  });
});
