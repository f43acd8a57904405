import * as assert from 'node:assert/strict';
import { flatPriceIndex } from './flat-price-index';
import { componentsOf } from '../../src/core/cost/components';
import { iacResources } from '../../src/core/cost/iac-resources';
import { rdsVariant } from '../../src/core/cost/rds-variant';
import { parseUsageFile } from '../../src/core/cost/usage-file';
import { imageVariant } from '../../src/core/cost/machine-image';
import { recognise } from '../../src/core/iac/recognise';
import { estimateFiles } from '../../src/core/cost/estimate';

const tfKeys = { engine: 'engine', multiAz: 'multi_az' };

function resourcesOf(fileName: string, text: string) {
  const scan = recognise({ fileName, text });
  return iacResources(text, scan.format, scan.findings);
}

describe('cost model: resources → components', () => {
  it('maps RDS engines to the offer’s engine, edition and licence, never guessing', () => {
    assert.deepEqual(rdsVariant('postgres', 'true', undefined, tfKeys), {
      filter: { databaseEngine: 'PostgreSQL', deploymentOption: 'Multi-AZ' },
      reasons: ['engine = "postgres" → PostgreSQL', 'multi_az = true → Multi-AZ'],
    });
    assert.deepEqual((rdsVariant('sqlserver-se', undefined, undefined, tfKeys) as { filter: unknown }).filter, {
      databaseEngine: 'SQL Server',
      deploymentOption: 'Single-AZ',
      databaseEdition: 'Standard',
      licenseModel: 'License included',
    });
    assert.equal(
      (rdsVariant('oracle-se2', 'false', 'bring-your-own-license', tfKeys) as { filter: Record<string, string> }).filter.licenseModel,
      'Bring your own license',
    );
    assert.equal(
      (rdsVariant('aurora-postgresql', undefined, undefined, tfKeys) as { filter: Record<string, string> }).filter.databaseEngine,
      'Aurora PostgreSQL',
    );
    assert.match((rdsVariant('db2-se', undefined, undefined, tfKeys) as { unpriced: string }).unpriced, /not an engine the cost model knows/);
    assert.match((rdsVariant(null, undefined, undefined, tfKeys) as { unpriced: string }).unpriced, /computed/);
    assert.match((rdsVariant(undefined, undefined, undefined, tfKeys) as { unpriced: string }).unpriced, /not set/);
    assert.match((rdsVariant('mysql', null, undefined, tfKeys) as { unpriced: string }).unpriced, /multi_az is computed/);
  });

  it('reads Terraform resources: address, first line, count, region and the attributes that set the variant', () => {
    const text =
      'provider "aws" {\n  region = "eu-west-1"\n}\n\nresource "aws_instance" "web" {\n  count = 3\n  instance_type = "c6g.large"\n  tenancy = "dedicated"\n}\n';
    const [web] = resourcesOf('main.tf', text);
    assert.equal(web!.name, 'aws_instance.web');
    assert.equal(web!.line, 5);
    assert.equal(web!.copies, 3);
    assert.equal(componentsOf(web!)!.count, 3);
    assert.equal(web!.region?.code, 'eu-west-1');
    const c = componentsOf(web!)!;
    assert.deepEqual(
      c.priced.map((p) => [p.name, p.size ?? p.product!.usage, p.filter.tenancy]),
      [
        ['Instance usage', 'c6g.large', 'Dedicated'],
        ['Root volume storage', 'EBS:VolumeUsage.gp2', undefined],
      ],
    );
    assert.equal(c.priced[0]!.quantityPerMonth(730), 730);
    assert.equal(c.priced[1]!.quantityPerMonth(730), 8, 'no root_block_device: 8 GB, assumed');
    assert.ok(c.priced[1]!.reasons.some((r) => /assumed: the AMI decides/.test(r)));
    assert.deepEqual(c.unpriced, []);
  });

  it('host tenancy, a computed size and an unknown cache engine are unpriced with the reason', () => {
    const text =
      'resource "aws_instance" "h" {\n  instance_type = "m5.large"\n  tenancy = "host"\n}\nresource "aws_instance" "v" {\n  instance_type = var.size\n}\nresource "aws_elasticache_cluster" "c" {\n  node_type = "cache.r7g.large"\n  engine = "dragonfly"\n}\n';
    const [h, v, c] = resourcesOf('main.tf', text).map((r) => componentsOf(r)!);
    assert.match(h!.unpriced[0]!.reason, /Dedicated Host is billed/);
    assert.deepEqual(
      h!.priced.map((p) => p.name),
      ['Root volume storage'],
      'the volume is billed whatever the tenancy',
    );
    assert.match(v!.unpriced[0]!.reason, /not a literal/);
    assert.match(c!.unpriced[0]!.reason, /not redis, memcached or valkey/);
  });

  it('ElastiCache nodes multiply the hours; CloudFormation properties read the same way', () => {
    const tf = resourcesOf(
      'main.tf',
      'resource "aws_elasticache_cluster" "c" {\n  node_type = "cache.r7g.large"\n  engine = "redis"\n  num_cache_nodes = 3\n}\n',
    );
    const cache = componentsOf(tf[0]!)!;
    assert.equal(cache.priced[0]!.quantityPerMonth(730), 2190);
    assert.deepEqual(cache.priced[0]!.filter, { cacheEngine: 'Redis' });
    const cfn = resourcesOf(
      't.yaml',
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBInstanceClass: db.m5.large\n      Engine: !Ref EngineParam\n      MultiAZ: true\n',
    );
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
    const index = flatPriceIndex(asked);
    const e = await estimateFiles([{ file: 'nodes.tf', text: nodesTf, scan }], index, {
      hoursPerMonth: 730,
      defaultRegion: { code: 'us-east-1', reason: 'test' },
    });
    const monthly = Object.fromEntries(e.resources.map((r) => [r.name, [r.count, r.monthly, r.components.map((c) => `${c.name} ${c.size} ${c.quantity}`)]]));
    assert.deepEqual(monthly['aws_eks_node_group.ng'], [2, 2 * (3 * 730 + 3 * 20), ['Node instances m5.large 2190', 'Node disks storage undefined 60']]);
    assert.deepEqual(monthly['aws_elasticache_cluster.c'], [1, 3 * 730, ['Cache nodes cache.r7g.large 2190']]);
    assert.deepEqual(monthly['aws_elasticache_replication_group.g'], [1, 4 * 730, ['Cache nodes cache.r7g.large 2920']]);
    assert.deepEqual(monthly['aws_opensearch_domain.d'], [1, 6 * 730, ['Data nodes r6g.large.search 2190', 'Dedicated master nodes m6g.large.search 2190']]);
    assert.deepEqual(monthly['aws_instance.web'], [4, 4 * (730 + 8), ['Instance usage m5.large 730', 'Root volume storage undefined 8']]);
    const spot = e.resources.find((r) => r.name === 'aws_eks_node_group.spot')!;
    assert.equal(spot.monthly, 60, 'Spot nodes: only their disks are priced');
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
    assert.deepEqual(units('aws_eks_node_group.spot', 'm5.large'), {
      unpriced: 'Spot capacity: the price moves with the market (see the current Spot price of the size)',
    });
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

describe('cost model: storage, gateways, load balancers, clusters and functions', () => {
  const usages = (c: ReturnType<typeof componentsOf>) => c!.priced.map((p) => [p.name, p.product?.usage ?? p.size, p.quantityPerMonth(730)]);

  it('CloudFormation volumes and block device mappings: type, size, IOPS, and the root volume only when no mapping is the root', () => {
    const cfn = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Data:
    Type: AWS::EC2::Volume
    Properties:
      Size: 100
      VolumeType: io1
      Iops: 2000
  Web:
    Type: AWS::EC2::Instance
    Properties:
      InstanceType: m5.large
      BlockDeviceMappings:
        - DeviceName: /dev/xvda
          Ebs: { VolumeSize: 30, VolumeType: gp3 }
        - DeviceName: /dev/sdf
          Ebs: { VolumeSize: !Ref DataSize }
  Snap:
    Type: AWS::EC2::Volume
    Properties:
      SnapshotId: snap-1
`;
    const [data, web, snap] = resourcesOf('t.yaml', cfn);
    assert.deepEqual(usages(componentsOf(data!)), [
      ['Volume storage', 'EBS:VolumeUsage.piops', 100],
      ['Volume IOPS', 'EBS:VolumeP-IOPS.piops', 2000],
    ]);
    const w = componentsOf(web!)!;
    assert.deepEqual(
      usages(w),
      [
        ['Instance usage', 'm5.large', 730],
        ['Block device /dev/xvda storage', 'EBS:VolumeUsage.gp3', 30],
      ],
      'the mapped root replaces the assumed one',
    );
    assert.deepEqual(
      w.unpriced.map((u) => [u.name, u.reason]),
      [['Block device /dev/sdf storage', 'Ebs.VolumeSize is computed in the file']],
    );
    assert.match(componentsOf(snap!)!.unpriced[0]!.reason, /Size is not stated: the snapshot or the AMI decides it/);
  });

  it('RDS storage: io1 when iops is set, gp3 IOPS above the baseline, Multi-AZ usage types, replicas without a size', () => {
    const tf = `resource "aws_db_instance" "a" {
  instance_class = "db.m5.large"
  engine = "mysql"
  allocated_storage = 200
  iops = 3000
}
resource "aws_db_instance" "b" {
  instance_class = "db.m5.large"
  engine = "postgres"
  multi_az = true
  storage_type = "gp3"
  allocated_storage = 500
  iops = 15000
}
resource "aws_db_instance" "replica" {
  instance_class = "db.m5.large"
  engine = "mysql"
  replicate_source_db = aws_db_instance.a.id
}
resource "aws_db_instance" "io2" {
  instance_class = "db.m5.large"
  engine = "mysql"
  storage_type = "io2"
  allocated_storage = 100
}
`;
    const [a, b, replica, io2] = resourcesOf('db.tf', tf).map((r) => componentsOf(r)!);
    assert.deepEqual(usages(a).slice(1), [
      ['Database storage', 'RDS:PIOPS-Storage', 200],
      ['Provisioned IOPS', 'RDS:PIOPS', 3000],
    ]);
    assert.deepEqual(
      usages(b).slice(1),
      [
        ['Database storage', 'RDS:Multi-AZ-GP3-Storage', 500],
        ['Provisioned IOPS', 'RDS:Multi-AZ-GP3-PIOPS', 3000],
      ],
      'from 400 GB, 12,000 IOPS are included',
    );
    assert.match(replica!.unpriced[0]!.reason, /allocated_storage is not stated \(a read replica takes its source instance's\)/);
    assert.match(io2!.unpriced[0]!.reason, /only gp2, gp3, io1 and standard/);
  });

  it('NAT gateways, load balancers and EKS clusters are hourly; data, LCUs and Lambda are usage-based', () => {
    const tf = `resource "aws_nat_gateway" "n" {}
resource "aws_alb" "a" {}
resource "aws_lb" "g" {
  load_balancer_type = "gateway"
}
resource "aws_lb" "x" {
  load_balancer_type = var.kind
}
resource "aws_eks_cluster" "k" {}
resource "aws_lambda_function" "f" {
  memory_size = var.memory
}
`;
    const [n, a, g, x, k, f] = resourcesOf('net.tf', tf).map((r) => componentsOf(r)!);
    assert.deepEqual(usages(n), [['NAT gateway', 'NatGateway-Hours', 730]]);
    assert.deepEqual(
      n!.usage!.map((u) => [u.name, u.usageKeys]),
      [['Data processed', ['monthly_data_processed_gb']]],
    );
    assert.deepEqual(
      [a!.priced[0]!.filter, g!.priced[0]!.filter],
      [{ productFamily: 'Load Balancer-Application' }, { productFamily: 'Load Balancer-Gateway' }],
    );
    assert.equal(
      a!.usage![0]!.fromUsage({ active_connections: 6000, rule_evaluations: 500 }, 730)!.quantity,
      2 * 730,
      'the busiest dimension: 6,000 active connections = 2 LCU',
    );
    assert.equal(a!.usage![0]!.fromUsage({}, 730), undefined, 'no usage: no quantity, never zero');
    assert.match(x!.unpriced[0]!.reason, /load_balancer_type is computed/);
    assert.deepEqual(usages(k), [['Cluster', 'AmazonEKS-Hours:perCluster', 730]]);
    assert.deepEqual(
      f!.usage!.map((u) => u.name),
      ['Requests'],
    );
    assert.match(f!.unpriced[0]!.reason, /memory_size is computed/);
  });

  it("a sizeless resource takes its block's region from the folder's provider, and an alias's", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { scanFiles } = await import('../../src/core/iac/scan-files');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-regions-'));
    try {
      writeFileSync(
        path.join(dir, 'providers.tf'),
        'provider "aws" {\n  region = "eu-west-1"\n}\nprovider "aws" {\n  alias = "west"\n  region = "us-west-2"\n}\n',
      );
      writeFileSync(path.join(dir, 'network.tf'), 'resource "aws_nat_gateway" "a" {}\nresource "aws_nat_gateway" "b" {\n  provider = aws.west\n}\n');
      const result = await scanFiles([path.join(dir, 'providers.tf'), path.join(dir, 'network.tf')]);
      const e = await estimateFiles(result.files, flatPriceIndex(), { hoursPerMonth: 730, defaultRegion: { code: 'us-east-1', reason: 'default' } });
      assert.deepEqual(
        e.resources.map((r) => [r.name, r.region]),
        [
          ['aws_nat_gateway.a', 'eu-west-1'],
          ['aws_nat_gateway.b', 'us-west-2'],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage files: Infracost’s layout, type defaults under resource values, errors with their line', () => {
    const usage = parseUsageFile(
      'version: 0.1\nresource_type_default_usage:\n  aws_lambda_function:\n    monthly_requests: 1_000_000\n    request_duration_ms: 100\nresource_usage:\n  aws_lambda_function.api:\n    request_duration_ms: 250\n',
      'u.yml',
    );
    assert.deepEqual(usage.valuesFor('aws_lambda_function.api', 'aws_lambda_function'), { monthly_requests: 1_000_000, request_duration_ms: 250 });
    assert.deepEqual(usage.valuesFor('aws_lambda_function.other', 'aws_lambda_function'), { monthly_requests: 1_000_000, request_duration_ms: 100 });
    assert.deepEqual(usage.unused(['aws_lambda_function.api']), []);
    assert.deepEqual(usage.unused([]), ['aws_lambda_function.api']);
    assert.throws(() => parseUsageFile('resource_usage:\n  x.y:\n    monthly_requests: many\n', 'u.yml'), /u\.yml:3: x\.y\.monthly_requests is not a number/);
    assert.throws(() => parseUsageFile('resources:\n  x: 1\n', 'u.yml'), /unknown key "resources"/);
    assert.deepEqual(
      parseUsageFile('{"resource_usage": {"aws_nat_gateway.n": {"monthly_data_processed_gb": 5}}}', 'u.json').valuesFor('aws_nat_gateway.n', 'aws_nat_gateway'),
      { monthly_data_processed_gb: 5 },
    );
  });
});

describe('cost model: the operating system and SQL Server edition an image name states', () => {
  const filterOf = (fileName: string, text: string, name: string) => {
    const r = resourcesOf(fileName, text).find((x) => x.name === name)!;
    const c = componentsOf(r)!.priced.find((p) => p.name === 'Instance usage')!;
    return { filter: c.filter, reasons: c.reasons };
  };

  it('maps names to the offer’s operatingSystem and preInstalledSw', () => {
    assert.deepEqual(imageVariant('Windows_Server-2022-English-Full-Base-*'), { operatingSystem: 'Windows', preInstalledSw: 'NA' });
    assert.deepEqual(imageVariant('/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-SQL_2019_Standard'), {
      operatingSystem: 'Windows',
      preInstalledSw: 'SQL Std',
    });
    assert.deepEqual(imageVariant('WINDOWS_SERVER_2022_ENGLISH_FULL_SQL_2022_ENTERPRISE'), { operatingSystem: 'Windows', preInstalledSw: 'SQL Ent' });
    assert.deepEqual(
      imageVariant('Windows_Server-2022-English-Full-SQL_2022_Express-*'),
      { operatingSystem: 'Windows', preInstalledSw: 'NA' },
      'Express is free',
    );
    assert.deepEqual(imageVariant('RHEL-9.*_HVM-*-x86_64-*'), { operatingSystem: 'RHEL', preInstalledSw: 'NA' });
    assert.deepEqual(imageVariant('suse-sles-15-sp5-*'), { operatingSystem: 'SUSE', preInstalledSw: 'NA' });
    assert.deepEqual(imageVariant('ubuntu-pro-server/images/*'), { operatingSystem: 'Ubuntu Pro', preInstalledSw: 'NA' });
    assert.deepEqual(imageVariant('al2023-ami-*-x86_64'), { operatingSystem: 'Linux', preInstalledSw: 'NA' });
  });

  it('Terraform: data "aws_ami" name filters and SSM parameters; an AMI id stays Linux, assumed', () => {
    const tf = `data "aws_ami" "win" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["Windows_Server-2022-English-Full-SQL_2022_Standard-*"]
  }
}
data "aws_ssm_parameter" "rhel" {
  name = "/aws/service/rhel/9/x86_64/latest"
}
resource "aws_instance" "sql" {
  instance_type = "m5.large"
  ami           = data.aws_ami.win.id
}
resource "aws_instance" "rhel" {
  instance_type = "m5.large"
  ami           = data.aws_ssm_parameter.rhel.value
}
resource "aws_instance" "id" {
  instance_type = "m5.large"
  ami           = "ami-0abcdef1234567890"
}
`;
    const sql = filterOf('main.tf', tf, 'aws_instance.sql');
    assert.deepEqual([sql.filter.operatingSystem, sql.filter.preInstalledSw], ['Windows', 'SQL Std']);
    assert.ok(
      sql.reasons.some((r) => r.includes('data.aws_ami.win filter name = "Windows_Server-2022-English-Full-SQL_2022_Standard-*" → Windows with SQL Std')),
      sql.reasons.join('\n'),
    );
    assert.equal(filterOf('main.tf', tf, 'aws_instance.rhel').filter.operatingSystem, 'RHEL');
    const id = filterOf('main.tf', tf, 'aws_instance.id');
    assert.equal(id.filter.operatingSystem, 'Linux');
    assert.ok(id.reasons.some((r) => /Linux \(assumed/.test(r)));
  });

  it('CloudFormation: resolve:ssm paths and SSM-typed parameters with a default', () => {
    const cfn = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  WinAmi:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base
Resources:
  A:
    Type: AWS::EC2::Instance
    Properties:
      InstanceType: m5.large
      ImageId: !Ref WinAmi
  B:
    Type: AWS::EC2::Instance
    Properties:
      InstanceType: m5.large
      ImageId: "{{resolve:ssm:/aws/service/suse/sles/15-sp5/x86_64/latest}}"
`;
    assert.equal(filterOf('t.yaml', cfn, 'A').filter.operatingSystem, 'Windows');
    assert.equal(filterOf('t.yaml', cfn, 'B').filter.operatingSystem, 'SUSE');
  });

  it('CDK: machineImage helpers and WindowsVersion members', () => {
    const ts = `import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
export class S extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id, { env: { region: 'eu-west-1' } });
    new ec2.Instance(this, 'Sql', { vpc, instanceType: new ec2.InstanceType('m5.large'), machineImage: ec2.MachineImage.latestWindows(ec2.WindowsVersion.WINDOWS_SERVER_2022_ENGLISH_FULL_SQL_2022_WEB) });
    new ec2.Instance(this, 'Al', { vpc, instanceType: new ec2.InstanceType('m5.large'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
  }
}
`;
    const sql = filterOf('app.ts', ts, 'ec2.Instance "Sql"');
    assert.deepEqual([sql.filter.operatingSystem, sql.filter.preInstalledSw], ['Windows', 'SQL Web']);
    const al = filterOf('app.ts', ts, 'ec2.Instance "Al"');
    assert.equal(al.filter.operatingSystem, 'Linux');
    assert.ok(
      al.reasons.some((r) => r.includes('machineImage AmazonLinux2023 → Linux')),
      al.reasons.join('\n'),
    );
  });
});

describe('cost model: YAML anchors and merge keys', () => {
  it('a size shared through a merge key is priced for every resource that runs it, each in its own variant', async () => {
    const text =
      'Resources:\n  A:\n    Type: AWS::EC2::Instance\n    Properties: &p\n      InstanceType: m5.large\n  B:\n    Type: AWS::EC2::Instance\n    Properties:\n      <<: *p\n      Tenancy: dedicated\n';
    const scan = recognise({ fileName: 't.yaml', text });
    assert.deepEqual(
      scan.findings.map((f) => [f.resource, f.role]),
      [
        ['A', 'value'],
        ['B', 'value'],
      ],
      'one text, two resources: neither is a choice',
    );
    const asked: string[] = [];
    const e = await estimateFiles([{ file: 't.yaml', text, scan }], flatPriceIndex(asked), {
      hoursPerMonth: 730,
      defaultRegion: { code: 'us-east-1', reason: 'test' },
    });
    assert.deepEqual(
      e.resources.map((r) => [r.name, r.components[0]?.size, r.components[0]?.variant.tenancy]),
      [
        ['A', 'm5.large', 'Shared'],
        ['B', 'm5.large', 'Dedicated'],
      ],
    );
  });
});
