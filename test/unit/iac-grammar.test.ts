import * as assert from 'node:assert/strict';
import { cdkClassFamily, cdkSize } from '../../src/core/iac/cdk';
import { enumMemberSize } from '../../src/core/iac/pulumi';
import { contextKindOfType, findSizes, isSizeToken, isValueScalar, kindOfToken, parseSize } from '../../src/core/iac/size-grammar';
import type { SizeMatch } from '../../src/core/iac/size-grammar';

function sizesIn(text: string): string[] {
  const out: SizeMatch[] = [];
  findSizes(text, 0, text.length, out);
  return out.map((m) => m.token);
}

describe('IaC size grammar', () => {
  it('matches sizes of every shape by grammar, new families included', () => {
    const sizes = [
      't3.micro',
      't3a.nano',
      't4g.small',
      'm5.large',
      'm7i-flex.large',
      'c8i-flex.2xlarge',
      'r7iz.metal-16xl',
      'm5zn.6xlarge',
      'x2iedn.32xlarge',
      'x8aedz.metal-24xl',
      'i7ie.metal-48xl',
      'hpc7g.16xlarge',
      'inf2.48xlarge',
      'trn1n.32xlarge',
      'dl2q.24xlarge',
      'p5en.48xlarge',
      'g6e.xlarge',
      'gr6f.4xlarge',
      'c8gb.large',
      'm8azn.medium',
      'im4gn.large',
      'is4gen.medium',
      'vt1.3xlarge',
      'p6-b200.48xlarge',
      'p6e-gb200.36xlarge',
      'mac2-m2pro.metal',
      'mac2-m1ultra.metal',
      'mac-m4.metal',
      'mac-m4pro.metal',
      'u-6tb1.56xlarge',
      'u-24tb1.112xlarge',
      'u7i-12tb.224xlarge',
      'u7in-32tb.224xlarge',
      'u7inh-32tb.480xlarge',
      'mac1.metal',
      // Families newer than any SDK enum (docs/iac-patterns.md §1.1).
      'c8ib.large',
      'c8in.large',
      'c8ine.large',
      'm8ib.large',
      'm8idb.large',
      'm8idn.large',
      'm8in.large',
      'r8gb.large',
      'trn2u.48xlarge',
      // Other services.
      'db.r6g.xlarge',
      'db.r5.4xlarge.tpc2.mem2x',
      'cache.r7g.large',
      'r6g.large.search',
      't2.small.elasticsearch',
      'ultrawarm1.medium.search',
      'or1.large.search',
      'kafka.m5.large',
      'express.m7g.large',
      'ml.m5.xlarge',
      'ml.p6e-gb200.36xlarge',
      'ml.eia2.medium',
      'ra3.xlplus',
      'ra3.16xlarge',
      'dc2.8xlarge',
      'ds2.xlarge',
      'dms.t3.medium',
      'mq.m5.large',
      'dax.r5.large',
      'mw1.small',
    ];
    for (const s of sizes) {
      assert.ok(isSizeToken(s), s);
      assert.deepEqual(sizesIn(`x = "${s}"`), [s], s);
    }
  });

  it('refuses names, versions, hosts and other clouds that look alike', () => {
    const others = [
      'ecs.t6-c2m1.large',
      'ecs.g6.large',
      'g6-nanode-1',
      'f1-micro',
      'e2-medium',
      'Standard_D2ds_v5',
      'vbox.vm.1g.2cpu',
      'm5.large.example.com',
      'kafka.amazonaws.com',
      'ec2.amazonaws.com',
      'emr-5.7.0',
      'emr-7.2.0',
      'go1.x',
      'nodejs18.x',
      'python3.12',
      't3_micro',
      'ra3.x',
      'db.t3',
      't3.micro.json',
      'T3.micro',
      'M5.LARGE',
      'db.serverless',
      'al2023-ami-2023.6.20250107.0-kernel-6.1-x86_64',
      '8.0.mysql_aurora.3.08.0',
      'default.postgres16',
      'stream.standard.large',
      'BUILD_GENERAL1_LARGE',
      'small_3_0',
      'web-m5.large',
      'lt-m5.large-',
      'm5.large-class',
      'arn:aws:ec2:us-east-1:123:instance/i-1',
      'my.m5.large',
      'ml.{{workflow.parameters.node-type}}-b200.48xlarge',
      'm5.lar',
      'c5.',
    ];
    for (const o of others) assert.deepEqual(sizesIn(`x = "${o}"`), [], o);
  });

  it('finds several sizes in one value, with exact offsets', () => {
    const text = 'value = "t3.small,t3.medium" # m5.large';
    const out: SizeMatch[] = [];
    findSizes(text, 9, 27, out);
    assert.deepEqual(out, [
      { start: 9, end: 17, token: 't3.small' },
      { start: 18, end: 27, token: 't3.medium' },
    ]);
  });

  it('splits a size into prefix, family, size and suffix', () => {
    assert.deepEqual(parseSize('db.r5.4xlarge.tpc2.mem2x'), { prefix: 'db', family: 'r5', size: '4xlarge', suffix: '.tpc2.mem2x' });
    assert.deepEqual(parseSize('u-6tb1.metal'), { prefix: '', family: 'u-6tb1', size: 'metal', suffix: '' });
    assert.deepEqual(parseSize('r6g.large.search'), { prefix: '', family: 'r6g', size: 'large', suffix: '.search' });
    assert.equal(parseSize('m5.large '), undefined);
  });

  it('derives the kind from the token, and lets the owning resource say "other"', () => {
    const kind = (s: string, ctx?: 'other'): string => kindOfToken(parseSize(s)!, ctx);
    assert.equal(kind('m5.large'), 'ec2');
    assert.equal(kind('db.t3.micro'), 'rds');
    assert.equal(kind('cache.t3.micro'), 'elasticache');
    assert.equal(kind('r6g.large.search'), 'opensearch');
    assert.equal(kind('t2.small.elasticsearch'), 'opensearch');
    assert.equal(kind('ra3.xlplus'), 'redshift');
    assert.equal(kind('dc2.large'), 'redshift');
    assert.equal(kind('kafka.m5.large'), 'msk');
    assert.equal(kind('express.m7g.large'), 'msk');
    assert.equal(kind('ml.m5.xlarge'), 'sagemaker');
    assert.equal(kind('mw1.small'), 'other');
    assert.equal(kind('eia1.medium'), 'other');
    assert.equal(kind('dax.r5.large'), 'other');
    assert.equal(kind('db.r5.large', 'other'), 'other');
    for (const t of [
      'aws_docdb_cluster_instance',
      'AWS::Neptune::DBInstance',
      'aws_memorydb_cluster',
      'aws:docdb/clusterInstance:ClusterInstance',
      'docdb.aws.upbound.io/v1beta1',
      'neptune.DatabaseCluster',
      'aws_dax_cluster',
      'aws_mq_broker',
      'AWS::AmazonMQ::Broker',
      'aws_dms_replication_instance',
      'aws_mwaa_environment',
      'aws_gamelift_fleet',
    ]) {
      assert.equal(contextKindOfType(t), 'other', t);
    }
    for (const t of [
      'aws_instance',
      'aws_db_instance',
      'AWS::RDS::DBInstance',
      'aws_emr_cluster',
      'AWS::EC2::Instance',
      'aws_sagemaker_endpoint_configuration',
      'aws_kms_key',
    ]) {
      assert.equal(contextKindOfType(t), undefined, t);
    }
  });

  it('tells values from prose', () => {
    const check = (text: string): boolean => {
      const out: SizeMatch[] = [];
      findSizes(text, 0, text.length, out);
      return isValueScalar(text, 0, text.length, out);
    };
    for (const v of [
      'm5.large',
      't3.small,t3.medium',
      't3.small, t3.medium',
      "${opt:size, 'm5.large'}",
      "{{ instance_type | default('t3.micro') }}",
      '[m5.large]',
    ])
      assert.ok(check(v), v);
    for (const p of ['Use m5.large for prod', 'e.g. m5.large', 'm5.large (burstable)', 'instance_type == "m5.large"', 'echo m5.large', 'm5.large:2'])
      assert.ok(!check(p), p);
  });
});

describe('IaC SDK names', () => {
  it('maps CDK InstanceClass members, symbolic and concrete', () => {
    const expected: Record<string, string> = {
      BURSTABLE2: 't2',
      BURSTABLE3: 't3',
      BURSTABLE3_AMD: 't3a',
      BURSTABLE4_GRAVITON: 't4g',
      STANDARD5: 'm5',
      STANDARD7_INTEL_FLEX: 'm7i-flex',
      STANDARD8_GRAVITON: 'm8g',
      MEMORY4: 'r4',
      MEMORY5: 'r5',
      MEMORY6_GRAVITON: 'r6g',
      MEMORY7_INTEL_BASE: 'r7i',
      MEMORY7_INTEL: 'r7iz',
      COMPUTE5: 'c5',
      COMPUTE6_GRAVITON2: 'c6g',
      IO3: 'i3',
      STORAGE_COMPUTE_1: 'h1',
      HIGH_MEMORY_6TB_1: 'u-6tb1',
      X2G: 'x2g',
      IO4_INTEL: 'i4i',
      MEMORY_INTENSIVE_2_XT_INTEL: 'x2iedn',
      MACINTOSH2_M2_PRO: 'mac2-m2pro',
      // Concrete members map by spelling, so families added to CDK later still resolve.
      T3: 't3',
      R6G: 'r6g',
      M7I_FLEX: 'm7i-flex',
      U_6TB1: 'u-6tb1',
      C8G: 'c8g',
      R8GD: 'r8gd',
      G6E: 'g6e',
      MAC2_M2PRO: 'mac2-m2pro',
    };
    for (const [member, family] of Object.entries(expected)) assert.equal(cdkClassFamily(member), family, member);
    assert.equal(cdkClassFamily('instanceClass'), undefined);
    assert.equal(cdkClassFamily('STANDARD'), undefined);
  });

  it('maps CDK InstanceSize members', () => {
    assert.equal(cdkSize('MICRO'), 'micro');
    assert.equal(cdkSize('XLARGE'), 'xlarge');
    assert.equal(cdkSize('XLARGE4'), '4xlarge');
    assert.equal(cdkSize('XLARGE112'), '112xlarge');
    assert.equal(cdkSize('METAL'), 'metal');
    assert.equal(cdkSize('XLARGE48METAL'), 'metal-48xl');
    assert.equal(cdkSize('HUGE'), undefined);
  });

  it('maps Pulumi (TS and Python) and CDK-alpha enum members', () => {
    const expected: Record<string, string> = {
      T3_Micro: 't3.micro',
      T2_Micro: 't2.micro',
      M5_2XLarge: 'm5.2xlarge',
      C6g_XLarge: 'c6g.xlarge',
      U_12tb1Metal: 'u-12tb1.metal',
      R5_Large: 'r5.large',
      M5as_XLarge: 'm5ad.xlarge',
      T3_MICRO: 't3.micro',
      M5_2_X_LARGE: 'm5.2xlarge',
      U_12TB1_METAL: 'u-12tb1.metal',
      HS1_8_X_LARGE: 'hs1.8xlarge',
      C7A_METAL: 'c7a.metal',
      R5_LARGE: 'r5.large',
      M5_2XLARGE: 'm5.2xlarge',
      R6ID_16XLARGE: 'r6id.16xlarge',
    };
    for (const [member, size] of Object.entries(expected)) assert.equal(enumMemberSize(member, cdkClassFamily), size, member);
    assert.equal(enumMemberSize('MEMORY6_INTEL_NVME_DRIVE_16XLARGE', cdkClassFamily), 'r6id.16xlarge');
    for (const bad of ['V1_34', 'VER_16_4', 'Micro', 'LinuxUnix']) assert.equal(enumMemberSize(bad, cdkClassFamily), undefined, bad);
  });
});
