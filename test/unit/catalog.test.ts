import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  findOffer,
  parseOfferIndex,
  parseRegionIndex,
  parseSavingsPlanRegionIndex,
  parseSavingsPlanVersionIndex,
  parseVersionIndex,
} from '../../src/core/download/catalog';
import { UsageError } from '../../src/core/errors';
import { versionFromPath, withFormat } from '../../src/core/mirror/layout';

// Written in AWS's Jackson layout, trimmed: the real files are in ../shared (conformance below).
const offerIndex = {
  formatVersion: 'v1.0',
  disclaimer: 'This pricing list is for informational purposes only.',
  publicationDate: '2025-09-12T23:25:36Z',
  offers: {
    comprehend: {
      offerCode: 'comprehend',
      versionIndexUrl: '/offers/v1.0/aws/comprehend/index.json',
      currentVersionUrl: '/offers/v1.0/aws/comprehend/current/index.json',
      currentRegionIndexUrl: '/offers/v1.0/aws/comprehend/current/region_index.json',
    },
    AmazonEC2: {
      offerCode: 'AmazonEC2',
      versionIndexUrl: '/offers/v1.0/aws/AmazonEC2/index.json',
      currentVersionUrl: '/offers/v1.0/aws/AmazonEC2/current/index.json',
      currentRegionIndexUrl: '/offers/v1.0/aws/AmazonEC2/current/region_index.json',
      savingsPlanVersionIndexUrl: '/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/index.json',
      currentSavingsPlanIndexUrl: '/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json',
    },
    '../evil': { offerCode: '../evil', currentVersionUrl: '/offers/v1.0/aws/x/current/index.json' },
    Sneaky: { offerCode: 'Sneaky', currentVersionUrl: '/offers/v1.0/aws/Sneaky/../../../../etc/index.json' },
    Absolute: { offerCode: 'Absolute', currentVersionUrl: 'https://evil.example.com/offers/index.json' },
    Mismatch: { offerCode: 'Other', currentVersionUrl: '/offers/v1.0/aws/Other/current/index.json' },
  },
};

describe('catalog parsers', () => {
  it('reads the offer index, keeping exact offer-code casing and sorted', () => {
    const index = parseOfferIndex(offerIndex);
    assert.deepEqual(
      index.offers.map((o) => o.offerCode),
      ['AmazonEC2', 'comprehend'],
    );
    const ec2 = findOffer(index, 'AmazonEC2');
    assert.equal(ec2.currentSavingsPlanIndexUrl, '/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json');
    assert.equal(findOffer(index, 'comprehend').currentSavingsPlanIndexUrl, undefined);
    assert.equal(index.publicationDate, '2025-09-12T23:25:36Z');
  });

  it('refuses entries that could escape the output folder, saying why', () => {
    const { rejected } = parseOfferIndex(offerIndex);
    const reasons = Object.fromEntries(rejected.map((r) => [r.entry, r.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), ['../evil', 'Absolute', 'Mismatch', 'Sneaky']);
    assert.match(reasons['../evil']!, /path separator|'\.\.'/);
    assert.match(reasons.Sneaky!, /'\.\.'/);
    assert.match(reasons.Absolute!, /absolute/);
    assert.match(reasons.Mismatch!, /differ/);
  });

  it('finds offers case-sensitively and suggests the right casing', () => {
    const index = parseOfferIndex(offerIndex);
    assert.throws(
      () => findOffer(index, 'amazonec2'),
      (err: unknown) => err instanceof UsageError && /AmazonEC2/.test(err.hint ?? ''),
    );
    assert.throws(
      () => findOffer(index, 'Nope'),
      (err: unknown) => err instanceof UsageError && err.remedy?.kind === 'list' && err.remedy.of === 'services',
    );
  });

  it('says clearly when a document is not an index at all', () => {
    assert.throws(() => parseOfferIndex({ hello: 1 }), /not an offer index/);
    assert.throws(() => parseOfferIndex('<html>'), /not an offer index/);
    assert.throws(() => parseRegionIndex({ regions: [] }), /not a region index/);
    assert.throws(() => parseSavingsPlanRegionIndex({ regions: {} }), /not a Savings Plans region index/);
  });

  it('reads a region index (regions is an object, key currentVersionUrl)', () => {
    const index = parseRegionIndex({
      formatVersion: 'v1.0',
      publicationDate: '2025-05-23T23:27:44Z',
      regions: {
        'eu-west-3': { regionCode: 'eu-west-3', currentVersionUrl: '/offers/v1.0/aws/AmazonEC2/20250523232744/eu-west-3/index.json' },
        'ca-west-1': { regionCode: 'ca-west-1', currentVersionUrl: '/offers/v1.0/aws/AmazonEC2/20250523232744/ca-west-1/index.json' },
        '..': { regionCode: '..', currentVersionUrl: '/offers/v1.0/aws/AmazonEC2/20250523232744/x/index.json' },
      },
    });
    assert.deepEqual(
      index.regions.map((r) => r.regionCode),
      ['ca-west-1', 'eu-west-3'],
    );
    assert.equal(index.rejected.length, 1);
  });

  it('reads a Savings Plans region index (regions is an array, key versionUrl)', () => {
    const index = parseSavingsPlanRegionIndex({
      disclaimer: 'x',
      publicationDate: '2025-09-11T18:44:47Z',
      regions: [
        { regionCode: 'us-west-2-den-1', versionUrl: '/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20250911184447/us-west-2-den-1/index.json' },
        { regionCode: 'us-east-1', versionUrl: '/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20250911184447/us-east-1/index.json' },
        { regionCode: 'evil/../../x', versionUrl: '/savingsPlan/x/index.json' },
      ],
      formatVersion: 'v1.0',
    });
    assert.deepEqual(
      index.regions.map((r) => r.regionCode),
      ['us-east-1', 'us-west-2-den-1'],
    );
    assert.equal(index.rejected[0]?.entry, 'regions[2]');
  });

  it('orders versions newest first whatever the key order, and marks the current one', () => {
    const index = parseVersionIndex({
      offerCode: 'AmazonEC2',
      currentVersion: '20250912225308',
      versions: {
        '20180607191619': {
          versionEffectiveBeginDate: '2018-05-01T00:00:00Z',
          versionEffectiveEndDate: '2018-06-01T00:00:00Z',
          offerVersionUrl: '/offers/v1.0/aws/AmazonEC2/20180607191619/index.json',
        },
        '20250912225308': {
          versionEffectiveBeginDate: '2025-09-01T00:00:00Z',
          versionEffectiveEndDate: '',
          offerVersionUrl: '/offers/v1.0/aws/AmazonEC2/20250912225308/index.json',
        },
        '20220304175512': {
          versionEffectiveBeginDate: '2022-03-01T00:00:00Z',
          versionEffectiveEndDate: '2022-04-01T00:00:00Z',
          offerVersionUrl: '/offers/v1.0/aws/AmazonEC2/20220304175512/index.json',
        },
      },
    });
    assert.deepEqual(
      index.versions.map((v) => v.version),
      ['20250912225308', '20220304175512', '20180607191619'],
    );
    assert.equal(index.versions[0]!.current, true);
    assert.equal(index.versions[0]!.effectiveEndDate, undefined, 'AWS writes "" for the open end');
    const sp = parseSavingsPlanVersionIndex({
      currentOfferVersionUrl: '/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json',
      versions: [{ publicationDate: '2023-04-07T14:57:05Z', offerVersionUrl: '/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20230407145705/region_index.json' }],
    });
    assert.equal(sp.versions[0]!.version, '20230407145705');
  });

  it('swaps formats and reads versions from paths', () => {
    assert.equal(
      withFormat('/offers/v1.0/aws/AmazonEC2/20250523232744/us-east-1/index.json', 'csv'),
      '/offers/v1.0/aws/AmazonEC2/20250523232744/us-east-1/index.csv',
    );
    assert.equal(withFormat('/a/index.json', 'json'), '/a/index.json');
    assert.equal(versionFromPath('/offers/v1.0/aws/AmazonEC2/20250523232744/us-east-1/index.json'), '20250523232744');
    assert.equal(versionFromPath('/offers/v1.0/aws/AmazonEC2/current/index.json'), undefined);
  });
});

// Conformance with the real AWS files kept in ../shared (skipped on a clone without it).
const samples = path.resolve(__dirname, '../../../../shared/aws-samples/bulk');
const describeSamples = existsSync(samples) ? describe : describe.skip;

describeSamples('catalog parsers on real AWS index files (../shared)', () => {
  const read = (file: string): unknown => JSON.parse(readFileSync(path.join(samples, file), 'utf8'));

  it('reads the real offer index: 242 offers, none refused, 5 with Savings Plans', () => {
    const index = parseOfferIndex(read('jtdelia-ec2-priceit/1-global-service-index.json'));
    assert.equal(index.offers.length, 242);
    assert.deepEqual(index.rejected, []);
    assert.equal(index.offers.filter((o) => o.currentSavingsPlanIndexUrl).length, 5);
    assert.ok(index.offers.some((o) => o.offerCode === 'comprehend'));
    assert.equal(
      findOffer(index, 'AmazonSageMaker').currentSavingsPlanIndexUrl,
      '/savingsPlan/v1.0/aws/AWSMachineLearningSavingsPlans/current/region_index.json',
    );
  });

  it('reads the real EC2 version index: 110 versions, current first', () => {
    const index = parseVersionIndex(read('jtdelia-ec2-priceit/2-versionIndexUrl-file.json'));
    assert.equal(index.versions.length, 110);
    assert.equal(index.versions[0]!.version, '20250912225308');
    assert.ok(index.versions[0]!.current);
  });

  it('reads the real EC2 region index: 101 regions with versioned URLs', () => {
    const index = parseRegionIndex(read('docker-commits-awsInstanceData/AmazonEC2-region_index.json'));
    assert.equal(index.regions.length, 101);
    assert.deepEqual(index.rejected, []);
    const use1 = index.regions.find((r) => r.regionCode === 'us-east-1');
    assert.equal(use1?.url, '/offers/v1.0/aws/AmazonEC2/20250523232744/us-east-1/index.json');
  });

  it('reads the real Savings Plans region index: 103 regions', () => {
    const index = parseSavingsPlanRegionIndex(read('jtdelia-ec2-priceit/4-currentSavingsPlanIndexUrl-list.json'));
    assert.equal(index.regions.length, 103);
    assert.deepEqual(index.rejected, []);
  });
});
