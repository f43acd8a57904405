import * as assert from 'node:assert/strict';
import { flatPriceIndex } from './flat-price-index';
import { componentsOf } from '../../src/core/cost/components';
import { estimateFiles } from '../../src/core/cost/estimate';
import { variantOfFinding } from '../../src/core/cost/finding-variant';
import { costedFormats, iacResources } from '../../src/core/cost/iac-resources';
import type { IacResource } from '../../src/core/cost/iac-resources';
import { cloudFormationKey, programSyntax, terraformKey } from '../../src/core/cost/program-resources';
import { recognise } from '../../src/core/iac/recognise';

/** Findings as `scan` / `estimate` get them (recognise is what scan-files.ts calls per file). */
function resourcesOf(fileName: string, text: string, withName = true): IacResource[] {
  const scan = recognise({ fileName, text });
  assert.ok(costedFormats.has(scan.format), `${fileName} is ${scan.format}`);
  return iacResources(text, scan.format, scan.findings, withName ? fileName : undefined);
}

function byName(rs: IacResource[], name: string): IacResource {
  const r = rs.find((x) => x.name === name);
  assert.ok(r, `${name} not in ${rs.map((x) => x.name).join(', ')}`);
  return r;
}

/** The RDS case every format must get right: PostgreSQL, Multi-AZ, the size the recogniser read. */
function assertPostgresMultiAz(r: IacResource, size = 'db.r6g.large'): void {
  const c = componentsOf(r);
  assert.ok(c, `${r.type} is modelled`);
  const db = c.priced.find((p) => p.name === 'Database instance');
  assert.ok(db, JSON.stringify(c.unpriced));
  assert.equal(db.size, size);
  assert.equal(db.filter.databaseEngine, 'PostgreSQL');
  assert.equal(db.filter.deploymentOption, 'Multi-AZ');
}

function assertInstance(r: IacResource, size: string): void {
  const c = componentsOf(r)!;
  assert.deepEqual(
    c.priced.filter((p) => p.size).map((p) => [p.name, p.size, p.filter.tenancy]),
    [['Instance usage', size, 'Shared']],
  );
  assert.deepEqual(
    c.priced.filter((p) => p.product).map((p) => p.name),
    ['Root volume storage'],
  );
}

/**
 * The names the recogniser gave the sizes: every resource that holds a size must be one of them (the
 * hover joins by name). `structLabelled`: resources whose sizes the recogniser labels with a Python
 * struct call inside them (`aws.opensearch.DomainClusterConfigArgs(...)`): estimate still prices them
 * (their findings are joined by position), the hover does not yet.
 */
function assertJoined(fileName: string, text: string, rs: IacResource[], structLabelled: string[] = []): void {
  const labels = new Set(recognise({ fileName, text }).findings.map((f) => f.resource));
  for (const r of rs) {
    if (r.findings.length === 0) continue;
    if (structLabelled.includes(r.name)) assert.ok(!labels.has(r.name) && r.findings.every((f) => !f.resource!.includes('"')), r.name);
    else assert.ok(labels.has(r.name), `${r.name} is not a finding label (${[...labels].join(', ')})`);
  }
}

const pulumiTs = `import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const db = new aws.rds.Instance("db", {
  instanceClass: "db.r6g.large",
  engine: "postgres",
  multiAz: true,
  allocatedStorage: 100,
});
const web = new aws.ec2.Instance("web", {
  instanceType: "m5.large",
  ami: ami.id,
  rootBlockDevice: { volumeSize: 50, volumeType: "gp3" },
});
const nodes = new aws.eks.NodeGroup("nodes", {
  clusterName: cluster.name,
  instanceTypes: ["c6i.large"],
  scalingConfig: { desiredSize: 3, maxSize: 5, minSize: 1 },
});
const search = new aws.opensearch.Domain("search", {
  clusterConfig: { instanceType: "r6g.large.search", instanceCount: 2, dedicatedMasterEnabled: false },
});
const computed = new aws.rds.Instance("computed", { instanceClass: "db.m5.large", engine: config.require("engine"), multiAz: \`\${prod}\` });
`;

const pulumiPy = `import pulumi
import pulumi_aws as aws

db = aws.rds.Instance("db",
    instance_class="db.r6g.large",
    engine="postgres",
    multi_az=True,
    allocated_storage=100)
web = aws.ec2.Instance("web", instance_type="m5.large", ami=ami.id)
search = aws.opensearch.Domain("search",
    cluster_config=aws.opensearch.DomainClusterConfigArgs(instance_type="r6g.large.search", instance_count=3))
fn = aws.lambda_.Function("fn", memory_size=512, role=role.arn)
computed = aws.rds.Instance("computed", instance_class="db.m5.large", engine=f"{engine}", multi_az=False, iops=None)
`;

const pulumiYaml = `name: shop
runtime: yaml
resources:
  db:
    type: aws:rds:Instance
    properties:
      instanceClass: db.r6g.large
      engine: postgres
      multiAz: true
  web:
    type: aws:ec2/instance:Instance
    properties:
      instanceType: m5.large
      rootBlockDevice:
        volumeSize: 50
  computed:
    type: aws:rds:Instance
    properties:
      instanceClass: db.m5.large
      engine: \${engine}
  bucket:
    type: aws:s3:BucketV2
`;

const cdkL1Ts = `import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { aws_opensearchservice as opensearch } from 'aws-cdk-lib';

export class Stack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new rds.CfnDBInstance(this, 'Db', {
      dbInstanceClass: 'db.r6g.large',
      engine: 'postgres',
      multiAz: true,
    });
    new ec2.CfnInstance(this, 'Web', { instanceType: 'm5.large', tenancy: 'dedicated' });
    new opensearch.CfnDomain(this, 'Search', {
      clusterConfig: { instanceType: 'r6g.large.search', instanceCount: 2, dedicatedMasterEnabled: true, dedicatedMasterType: 'm6g.large.search' },
    });
  }
}
`;

const cdkL1Py = `from aws_cdk import Stack, aws_rds as rds, aws_ec2 as ec2

class Db(Stack):
    def __init__(self, scope, id):
        super().__init__(scope, id)
        rds.CfnDBInstance(self, "Db", db_instance_class="db.r6g.large", engine="postgres", multi_az=True)
        ec2.CfnInstance(self, "Web", instance_type="m5.large")
`;

const cdkL2Ts = `import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Domain } from 'aws-cdk-lib/aws-opensearchservice';

export class App extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: { region: 'eu-west-1' } });
    const db = new rds.DatabaseInstance(this, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
      multiAz: true,
      vpc,
    });
    new rds.DatabaseInstance(this, 'Legacy', {
      engine: rds.DatabaseInstanceEngine.SQL_SERVER_EX,
      instanceType: new ec2.InstanceType('t3.micro'),
      allocatedStorage: 20,
      vpc,
    });
    new ec2.Instance(this, 'Web', { instanceType: new ec2.InstanceType('m5.large'), machineImage, vpc });
    const cluster = new eks.Cluster(this, 'Cluster', { version: eks.KubernetesVersion.V1_30 });
    cluster.addNodegroupCapacity('workers', { instanceTypes: [new ec2.InstanceType('c6i.large')], desiredSize: 4, capacityType: eks.CapacityType.ON_DEMAND });
    new Domain(this, 'Search', { version, capacity: { dataNodes: 3, dataNodeInstanceType: 'r6g.large.search', masterNodes: 3, masterNodeInstanceType: 'm6g.large.search' } });
    new ec2.Volume(this, 'Data', { availabilityZone: 'eu-west-1a', size: cdk.Size.gibibytes(100), volumeType: ec2.EbsDeviceVolumeType.GP3 });
    new lambda.Function(this, 'Fn', { runtime, handler: 'index.handler', code, memorySize: 1024, architecture: lambda.Architecture.ARM_64 });
    new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    new elbv2.NetworkLoadBalancer(this, 'Nlb', { vpc });
  }
}
`;

const cdkL2Py = `from aws_cdk import (
    Stack,
    aws_ec2 as ec2,
    aws_rds as rds,
    aws_opensearchservice as opensearch,
)

class App(Stack):
    def __init__(self, scope, id, **kwargs):
        super().__init__(scope, id, **kwargs)
        rds.DatabaseInstance(self, "Db",
            engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_16),
            instance_type=ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
            multi_az=True,
            vpc=vpc)
        rds.DatabaseInstance(self, "Maria", engine=rds.DatabaseInstanceEngine.maria_db(version=v), instance_type=ec2.InstanceType("t3.micro"), vpc=vpc)
        ec2.Instance(self, "Web", instance_type=ec2.InstanceType("m5.large"), machine_image=image, vpc=vpc)
        opensearch.Domain(self, "Search", version=version,
            capacity=opensearch.CapacityConfig(data_nodes=2, data_node_instance_type="r6g.large.search"))
`;

describe('cost model: CDK and Pulumi programs', () => {
  it('reads the formats estimate prices: cdk and pulumi are costed', () => {
    assert.ok(costedFormats.has('cdk'));
    assert.ok(costedFormats.has('pulumi'));
  });

  it('Pulumi TypeScript: Terraform types, snake_case names (nested too), literals and computed values', () => {
    const rs = resourcesOf('index.ts', pulumiTs);
    assertJoined('index.ts', pulumiTs, rs);
    const db = byName(rs, 'aws.rds.Instance "db"');
    assert.equal(db.type, 'aws_db_instance');
    assert.equal(db.line, 4);
    assert.equal(db.copies, 1);
    assert.equal(db.attribute('allocated_storage'), '100');
    assertPostgresMultiAz(db);
    const web = byName(rs, 'aws.ec2.Instance "web"');
    assert.equal(web.type, 'aws_instance');
    assertInstance(web, 'm5.large');
    assert.equal(web.attribute('root_block_device.volume_size'), '50');
    assert.equal(web.attribute('root_block_device.volume_type'), 'gp3');
    assert.equal(web.has('ami'), true);
    assert.equal(web.attribute('ami'), undefined, 'a variable is present but computed');
    const nodes = byName(rs, 'aws.eks.NodeGroup "nodes"');
    assert.equal(nodes.attribute('scaling_config.desired_size'), '3');
    assert.equal(nodes.sizeAt('instance_types'), 'c6i.large');
    assert.deepEqual(
      componentsOf(nodes)!.priced.map((p) => [p.name, p.size, p.quantityPerMonth(1)]),
      [
        ['Node instances', 'c6i.large', 3],
        ['Node disks storage', undefined, 60],
      ],
    );
    const search = byName(rs, 'aws.opensearch.Domain "search"');
    assert.equal(search.sizeAt('cluster_config.instance_type'), 'r6g.large.search');
    assert.deepEqual(
      componentsOf(search)!.priced.map((p) => [p.name, p.quantityPerMonth(1)]),
      [['Data nodes', 2]],
    );
    const computed = byName(rs, 'aws.rds.Instance "computed"');
    assert.equal(computed.has('engine'), true);
    assert.equal(computed.attribute('engine'), undefined);
    assert.equal(computed.attribute('multi_az'), undefined, 'a template with ${} is computed');
    assert.match(componentsOf(computed)!.unpriced[0]!.reason, /engine is computed/);
  });

  it('Pulumi Python: keyword arguments, Args structs and `lambda_`', () => {
    const rs = resourcesOf('__main__.py', pulumiPy);
    assertJoined('__main__.py', pulumiPy, rs, ['aws.opensearch.Domain "search"']);
    const db = byName(rs, 'aws.rds.Instance "db"');
    assert.equal(db.line, 4);
    assertPostgresMultiAz(db);
    assertInstance(byName(rs, 'aws.ec2.Instance "web"'), 'm5.large');
    const search = byName(rs, 'aws.opensearch.Domain "search"');
    assert.equal(search.attribute('cluster_config.instance_count'), '3');
    assert.deepEqual(
      componentsOf(search)!.priced.map((p) => [p.name, p.size, p.quantityPerMonth(1)]),
      [['Data nodes', 'r6g.large.search', 3]],
    );
    const fn = byName(rs, 'aws.lambda_.Function "fn"');
    assert.equal(fn.type, 'aws_lambda_function');
    assert.equal(fn.attribute('memory_size'), '512');
    const computed = byName(rs, 'aws.rds.Instance "computed"');
    assert.equal(computed.attribute('engine'), undefined, 'an f-string is computed');
    assert.equal(computed.has('engine'), true);
    assert.equal(computed.attribute('multi_az'), 'false');
    assert.equal(computed.has('iops'), false, 'None is not set');
  });

  it('Pulumi YAML and JSON programs: type tokens, camelCase properties, ${} interpolations computed', () => {
    const rs = resourcesOf('Pulumi.yaml', pulumiYaml);
    assertJoined('Pulumi.yaml', pulumiYaml, rs);
    const db = byName(rs, 'db');
    assert.equal(db.type, 'aws_db_instance');
    assert.equal(db.line, 4);
    assertPostgresMultiAz(db);
    const web = byName(rs, 'web');
    assert.equal(web.type, 'aws_instance', 'the full token aws:ec2/instance:Instance maps too');
    assertInstance(web, 'm5.large');
    assert.equal(web.attribute('root_block_device.volume_size'), '50');
    const computed = byName(rs, 'computed');
    assert.equal(computed.has('engine'), true);
    assert.equal(computed.attribute('engine'), undefined);
    assert.equal(byName(rs, 'bucket').type, 'aws:s3:BucketV2', 'an unmapped type stays as written');
    const json = JSON.stringify(
      {
        name: 'shop',
        runtime: 'yaml',
        resources: { db: { type: 'aws:rds:Instance', properties: { instanceClass: 'db.r6g.large', engine: 'postgres', multiAz: true } } },
      },
      null,
      2,
    );
    assertPostgresMultiAz(byName(resourcesOf('Main.json', json), 'db'));
  });

  it('CDK L1 TypeScript: CloudFormation types and spellings (MultiAZ, DBInstanceClass, nested ClusterConfig)', () => {
    const rs = resourcesOf('stack.ts', cdkL1Ts);
    assertJoined('stack.ts', cdkL1Ts, rs);
    const db = byName(rs, 'rds.CfnDBInstance "Db"');
    assert.equal(db.type, 'AWS::RDS::DBInstance');
    assert.equal(db.line, 9);
    assert.equal(db.attribute('MultiAZ'), 'true');
    assert.equal(db.has('DBInstanceClass'), true);
    assertPostgresMultiAz(db);
    const web = byName(rs, 'ec2.CfnInstance "Web"');
    assert.equal(web.type, 'AWS::EC2::Instance');
    assert.deepEqual(
      componentsOf(web)!
        .priced.filter((p) => p.size)
        .map((p) => [p.size, p.filter.tenancy]),
      [['m5.large', 'Dedicated']],
    );
    const search = byName(rs, 'opensearch.CfnDomain "Search"');
    assert.equal(search.type, 'AWS::OpenSearchService::Domain');
    assert.equal(search.attribute('ClusterConfig.DedicatedMasterEnabled'), 'true');
    assert.deepEqual(
      componentsOf(search)!.priced.map((p) => [p.name, p.size, p.quantityPerMonth(1)]),
      [
        ['Data nodes', 'r6g.large.search', 2],
        ['Dedicated master nodes', 'm6g.large.search', 3],
      ],
    );
  });

  it('CDK L1 Python: snake_case keyword arguments to CloudFormation names', () => {
    const rs = resourcesOf('db_stack.py', cdkL1Py);
    assertJoined('db_stack.py', cdkL1Py, rs);
    const db = byName(rs, 'rds.CfnDBInstance "Db"');
    assert.equal(db.line, 6);
    assert.equal(db.attribute('MultiAZ'), 'true');
    assertPostgresMultiAz(db);
    assertInstance(byName(rs, 'ec2.CfnInstance "Web"'), 'm5.large');
  });

  it('CDK L2 TypeScript: the CloudFormation each construct synthesizes, with CDK’s defaults', () => {
    const rs = resourcesOf('app.ts', cdkL2Ts);
    assertJoined('app.ts', cdkL2Ts, rs);
    const db = byName(rs, 'rds.DatabaseInstance "Db"');
    assert.equal(db.type, 'AWS::RDS::DBInstance');
    assert.equal(db.line, 12);
    assert.equal(db.region?.code, 'eu-west-1');
    assert.equal(db.attribute('Engine'), 'postgres');
    assert.equal(db.attribute('AllocatedStorage'), '100', 'CDK’s default allocated storage');
    assertPostgresMultiAz(db);
    const legacy = componentsOf(byName(rs, 'rds.DatabaseInstance "Legacy"'))!;
    assert.deepEqual(legacy.priced[0]!.filter, {
      databaseEngine: 'SQL Server',
      deploymentOption: 'Single-AZ',
      databaseEdition: 'Express',
      licenseModel: 'License included',
    });
    assert.equal(legacy.priced[0]!.size, 'db.t3.micro');
    assert.equal(byName(rs, 'rds.DatabaseInstance "Legacy"').attribute('AllocatedStorage'), '20');
    const web = byName(rs, 'ec2.Instance "Web"');
    assert.equal(web.type, 'AWS::EC2::Instance');
    assertInstance(web, 'm5.large');
    assert.equal(byName(rs, 'eks.Cluster "Cluster"').type, 'AWS::EKS::Cluster');
    const workers = byName(rs, 'cluster.addNodegroupCapacity "workers"');
    assert.equal(workers.type, 'AWS::EKS::Nodegroup');
    assert.equal(workers.attribute('CapacityType'), 'ON_DEMAND');
    assert.deepEqual(
      componentsOf(workers)!.priced.map((p) => [p.name, p.size, p.quantityPerMonth(1)]),
      [
        ['Node instances', 'c6i.large', 4],
        ['Node disks storage', undefined, 80],
      ],
    );
    const search = byName(rs, 'Domain "Search"');
    assert.equal(search.type, 'AWS::OpenSearchService::Domain');
    assert.deepEqual(
      componentsOf(search)!.priced.map((p) => [p.name, p.size, p.quantityPerMonth(1)]),
      [
        ['Data nodes', 'r6g.large.search', 3],
        ['Dedicated master nodes', 'm6g.large.search', 3],
      ],
    );
    assert.ok(
      componentsOf(search)!.unpriced.some((u) => u.name === 'EBS storage'),
      'CDK gives a domain EBS storage by default',
    );
    const volume = byName(rs, 'ec2.Volume "Data"');
    assert.deepEqual([volume.type, volume.attribute('Size'), volume.attribute('VolumeType')], ['AWS::EC2::Volume', '100', 'gp3']);
    const fn = byName(rs, 'lambda.Function "Fn"');
    assert.deepEqual([fn.type, fn.attribute('MemorySize'), fn.has('Architectures')], ['AWS::Lambda::Function', '1024', true]);
    const alb = byName(rs, 'elbv2.ApplicationLoadBalancer "Alb"');
    assert.deepEqual(
      [alb.type, alb.attribute('Type'), alb.attribute('Scheme')],
      ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'application', 'internet-facing'],
    );
    const nlb = byName(rs, 'elbv2.NetworkLoadBalancer "Nlb"');
    assert.deepEqual([nlb.attribute('Type'), nlb.attribute('Scheme')], ['network', 'internal']);
  });

  it('CDK L2 Python: engine methods, InstanceType calls and struct classes', () => {
    const rs = resourcesOf('app.py', cdkL2Py);
    assertJoined('app.py', cdkL2Py, rs, ['opensearch.Domain "Search"']);
    const db = byName(rs, 'rds.DatabaseInstance "Db"');
    assert.equal(db.line, 11);
    assertPostgresMultiAz(db);
    const maria = componentsOf(byName(rs, 'rds.DatabaseInstance "Maria"'))!;
    assert.deepEqual(
      [maria.priced[0]!.size, maria.priced[0]!.filter.databaseEngine, maria.priced[0]!.filter.deploymentOption],
      ['db.t3.micro', 'MariaDB', 'Single-AZ'],
    );
    assertInstance(byName(rs, 'ec2.Instance "Web"'), 'm5.large');
    const search = byName(rs, 'opensearch.Domain "Search"');
    assert.deepEqual(
      componentsOf(search)!.priced.map((p) => [p.name, p.size, p.quantityPerMonth(1)]),
      [['Data nodes', 'r6g.large.search', 2]],
    );
  });

  it('CDK for Terraform: provider classes are Terraform resources (TS named imports, a namespace, Python modules)', () => {
    const ts = `import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import * as aws from "@cdktf/provider-aws";
new DbInstance(this, "db", { instanceClass: "db.r6g.large", engine: "postgres", multiAz: true });
new aws.instance.Instance(this, "web", { instanceType: "m5.large", tenancy: "dedicated" });
`;
    const rs = resourcesOf('main.ts', ts);
    assertJoined('main.ts', ts, rs);
    const db = byName(rs, 'DbInstance "db"');
    assert.equal(db.type, 'aws_db_instance');
    assertPostgresMultiAz(db);
    const web = byName(rs, 'aws.instance.Instance "web"');
    assert.equal(web.type, 'aws_instance');
    assert.equal(componentsOf(web)!.priced[0]!.filter.tenancy, 'Dedicated');
    const py = `from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.db_instance import DbInstance
DbInstance(self, "db", instance_class="db.r6g.large", engine="postgres", multi_az=True)
`;
    assertPostgresMultiAz(byName(resourcesOf('main.py', py), 'DbInstance "db"'));
  });

  it('computed CDK values are present but unknown, and say so', () => {
    const text = `import * as rds from 'aws-cdk-lib/aws-rds';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
new rds.DatabaseInstance(this, 'Db', { engine: props.engine, instanceType: new ec2.InstanceType('r6g.large'), multiAz: isProd });
new rds.DatabaseInstance(this, 'Db2', { engine: rds.DatabaseInstanceEngine.POSTGRES, instanceType: new ec2.InstanceType('r6g.large'), multiAz: isProd });
`;
    const [db, db2] = resourcesOf('s.ts', text);
    assert.equal(db!.has('Engine'), true);
    assert.equal(db!.attribute('Engine'), undefined);
    assert.match(componentsOf(db!)!.unpriced[0]!.reason, /Engine is computed/);
    assert.equal(db2!.attribute('Engine'), 'postgres');
    assert.match(componentsOf(db2!)!.unpriced[0]!.reason, /MultiAZ is computed/);
  });

  it('only AWS constructs are resources: `new Foo()`, other providers and helpers are not', () => {
    const pulumi = `import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
const a = new Foo("x", { engine: "postgres", multiAz: true });
const b = new gcp.sql.DatabaseInstance("sql", { databaseVersion: "POSTGRES_15" });
const c = new gcp.compute.Instance("vm", { machineType: "e2-medium" });
const d = new aws.ec2.Instance("web", { instanceType: "t3.micro" });
`;
    assert.deepEqual(
      resourcesOf('index.ts', pulumi).map((r) => [r.name, r.type]),
      [['aws.ec2.Instance "web"', 'aws_instance']],
    );
    // @pulumi/aws-native has the same module.Class names with CloudFormation's properties: not read as classic.
    const native = `import * as native from "@pulumi/aws-native";\nimport * as aws from "@pulumi/aws";\nnew native.ec2.Instance("n", { instanceType: "t3.micro" });\n`;
    assert.deepEqual(
      resourcesOf('index.ts', native).map((r) => [r.name, r.type, componentsOf(r)]),
      [['native.ec2.Instance "n"', 'native.ec2.Instance', undefined]],
    );
    const cdk = `import * as ec2 from 'aws-cdk-lib/aws-ec2';
new Foo(this, 'Foo', { engine: 'postgres' });
new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
new cdk.CfnOutput(this, 'Note', { value: 'm5.large' });
new autoscaling.AutoScalingGroup(this, 'Asg', { instanceType: new ec2.InstanceType('c5.large'), vpc });
`;
    // A construct that deploys a size but is not modelled is listed (estimate says so); an output is not.
    assert.deepEqual(
      resourcesOf('s.ts', cdk).map((r) => [r.name, r.type, componentsOf(r)]),
      [['autoscaling.AutoScalingGroup "Asg"', 'autoscaling.AutoScalingGroup', undefined]],
    );
  });

  it('broken or absurdly nested code gives what it can, never a stack overflow (estimate does not catch)', () => {
    const deep = `import * as aws from "@pulumi/aws";\nnew aws.ec2.Instance("w", { instanceType: "m5.large", a: ${'{ b: '.repeat(20_000)}1${' }'.repeat(20_000)} });\n`;
    assert.deepEqual(
      resourcesOf('deep.ts', deep).map((r) => r.name),
      ['aws.ec2.Instance "w"'],
    );
    const broken = 'import pulumi_aws as aws\naws.rds.Instance("db", instance_class="db.r6g.large", engine="postgres", multi_az=True,\n  tags={"a": [1, (2,\n';
    assertPostgresMultiAz(byName(resourcesOf('broken.py', broken), 'aws.rds.Instance "db"'));
  });

  it('the language comes from the text when estimate gives no file name', () => {
    assert.equal(programSyntax(pulumiPy), 'python');
    assert.equal(programSyntax(cdkL2Py), 'python');
    assert.equal(programSyntax(pulumiTs), 'js');
    assert.equal(programSyntax(cdkL1Ts), 'js');
    assert.equal(programSyntax(pulumiYaml), 'yaml');
    assert.equal(programSyntax('{"resources": {}}'), 'json');
    for (const [file, text] of [
      ['__main__.py', pulumiPy],
      ['app.ts', cdkL2Ts],
      ['Pulumi.yaml', pulumiYaml],
      ['app.py', cdkL2Py],
    ] as const) {
      const named = resourcesOf(file, text).map((r) => [r.name, r.type, r.line, componentsOf(r)?.priced.length]);
      assert.deepEqual(
        resourcesOf(file, text, false).map((r) => [r.name, r.type, r.line, componentsOf(r)?.priced.length]),
        named,
        file,
      );
    }
  });

  it('attribute names: camelCase/snake_case to Terraform and to CloudFormation, with its own spellings', () => {
    assert.deepEqual(['multiAz', 'instanceClass', 'scalingConfig', 'desiredSize', 'ipv6AddressCount', 'multi_az'].map(terraformKey), [
      'multi_az',
      'instance_class',
      'scaling_config',
      'desired_size',
      'ipv6_address_count',
      'multi_az',
    ]);
    assert.deepEqual(
      ['multiAz', 'dbInstanceClass', 'db_instance_class', 'multi_az', 'ebsOptions', 'clusterConfig', 'num_cache_nodes', 'instanceType'].map(cloudFormationKey),
      ['MultiAZ', 'DBInstanceClass', 'DBInstanceClass', 'MultiAZ', 'EBSOptions', 'ClusterConfig', 'NumCacheNodes', 'InstanceType'],
    );
  });

  it('the editor prices a CDK size in the variant the construct states, as estimate does', () => {
    const scan = recognise({ fileName: 'app.ts', text: cdkL2Ts });
    const f = scan.findings.find((x) => x.resource === 'rds.DatabaseInstance "Db"')!;
    const v = variantOfFinding(() => cdkL2Ts, scan, f);
    assert.ok(v && 'filter' in v, JSON.stringify(v));
    assert.equal(v.filter.databaseEngine, 'PostgreSQL');
    assert.equal(v.filter.deploymentOption, 'Multi-AZ');
    const ng = scan.findings.find((x) => x.resource === 'cluster.addNodegroupCapacity "workers"')!;
    assert.equal((variantOfFinding(() => cdkL2Ts, scan, ng) as { units: number }).units, 4);
  });

  it('estimate prices CDK and Pulumi files through the same path as Terraform', async () => {
    const index = flatPriceIndex();
    const files = [
      ['app.ts', cdkL2Ts],
      ['__main__.py', pulumiPy],
    ].map(([file, text]) => ({ file: file!, text: text!, scan: recognise({ fileName: file!, text: text! }) }));
    const e = await estimateFiles(files, index, { hoursPerMonth: 730, defaultRegion: { code: 'us-east-1', reason: 'test' } });
    const got = Object.fromEntries(e.resources.map((r) => [r.name, [r.type, r.region, r.monthly]]));
    // $1 per unit: hours, plus storage GB (CDK's default 100 GB; Pulumi's stated 100), plus 20 GB per node.
    assert.deepEqual(got['rds.DatabaseInstance "Db"'], ['AWS::RDS::DBInstance', 'eu-west-1', 730 + 100]);
    assert.deepEqual(got['cluster.addNodegroupCapacity "workers"'], ['AWS::EKS::Nodegroup', 'eu-west-1', 4 * 730 + 4 * 20]);
    assert.deepEqual(got['aws.rds.Instance "db"'], ['aws_db_instance', 'us-east-1', 730 + 100]);
    assert.deepEqual(got['aws.opensearch.Domain "search"'], ['aws_opensearch_domain', 'us-east-1', 3 * 730]);
  });
});
