import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { UnsafeNameError } from '../../src/core/errors';
import {
  finalFileOf,
  isDownloadLeftover,
  journalPathFor,
  mirrorPath,
  offerCodeFromPath,
  otherVersionPath,
  partialPathFor,
  regionFromPath,
  validateOfferCode,
  validateRegionCode,
  validateUrlPath,
  versionFromPath,
  versionsDirOf,
} from '../../src/core/mirror/layout';

describe('mirror layout', () => {
  it('accepts the names AWS uses', () => {
    for (const code of ['AmazonEC2', 'comprehend', 'AWSLambda', 'awskms', 'AmazonES', 'AWSComputeSavingsPlan']) {
      assert.equal(validateOfferCode(code), code);
    }
    for (const region of ['us-east-1', 'us-east-1-wl1-atl1', 'us-west-2-den-1', 'global', 'cn-north-1']) {
      assert.equal(validateRegionCode(region), region);
    }
  });

  it('refuses names that could leave the output folder or are not AWS names', () => {
    const bad = ['..', '.', '../etc', 'a/b', 'a\\b', '/abs', 'C:\\x', 'a\u0000b', 'a\nb', '', ' ', 'x y', '.hidden', 'a..b', 'é'];
    for (const name of bad) {
      assert.throws(() => validateOfferCode(name), UnsafeNameError, `offer code ${JSON.stringify(name)}`);
      assert.throws(() => validateRegionCode(name), UnsafeNameError, `region code ${JSON.stringify(name)}`);
    }
    assert.throws(() => validateOfferCode(42), /not a string/);
    assert.throws(() => validateRegionCode(undefined), /missing/);
  });

  it('says what was wrong', () => {
    assert.throws(() => validateOfferCode('../x'), /path separator/);
    assert.throws(() => validateRegionCode('..'), /'\.\.'/);
    assert.throws(() => validateRegionCode('a\tb'), /control characters/);
  });

  it('validates URL paths from index files segment by segment', () => {
    const good = '/offers/v1.0/aws/AmazonEC2/20250523232744/us-east-1/index.json';
    assert.equal(validateUrlPath(good), good);
    assert.equal(
      validateUrlPath('/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json'),
      '/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json',
    );
    const bad = [
      'offers/v1.0/aws/index.json',
      '/offers/../../etc/passwd',
      '/offers/%2e%2e/x.json',
      '/offers/..%2fx.json',
      '//evil.example.com/x.json',
      'https://evil.example.com/offers/index.json',
      'file:///etc/passwd',
      '/offers//index.json',
      '/offers/./index.json',
      '/offers/a\\..\\b.json',
      '/offers/index.json?x=1',
      '/offers/index.json#x',
      '/offers/in\u0001dex.json',
      '/',
    ];
    for (const url of bad) assert.throws(() => validateUrlPath(url), UnsafeNameError, url);
  });

  it('maps URL paths into the mirror folder and nowhere else', () => {
    const root = path.resolve('/tmp/mirror-root');
    assert.equal(mirrorPath(root, '/offers/v1.0/aws/index.json'), path.join(root, 'offers', 'v1.0', 'aws', 'index.json'));
    assert.throws(() => mirrorPath(root, '/../outside.json'), UnsafeNameError);
    assert.throws(() => mirrorPath(root, '/offers/../../outside.json'), UnsafeNameError);
  });

  it('reads the offer, version and region back from where a file lands, and finds its other versions', () => {
    const root = path.resolve('/tmp/mirror');
    const file = mirrorPath(root, '/offers/v1.0/aws/AmazonEC2/20250912225308/eu-west-1/index.json');
    assert.equal(offerCodeFromPath(file), 'AmazonEC2');
    assert.equal(regionFromPath(file), 'eu-west-1');
    assert.equal(versionFromPath('/offers/v1.0/aws/AmazonEC2/20250912225308/eu-west-1/index.json'), '20250912225308');
    assert.equal(versionsDirOf(file), path.join(root, 'offers', 'v1.0', 'aws', 'AmazonEC2'));
    assert.equal(otherVersionPath(file, '20240101000000'), path.join(root, 'offers', 'v1.0', 'aws', 'AmazonEC2', '20240101000000', 'eu-west-1', 'index.json'));
    // Not the mirror's shape: no version folder, or a folder that is not a region.
    assert.equal(offerCodeFromPath(path.join(root, 'AmazonEC2', 'eu-west-1', 'index.json')), undefined);
    assert.equal(offerCodeFromPath(path.join(root, 'offers', 'v1.0', 'aws', 'AmazonEC2', '20250912225308', 'nowhere', 'index.json')), undefined);
  });

  it('names a partial and its journal so that both lead back to the final file', () => {
    const file = path.resolve('/tmp/mirror/index.json');
    for (const leftover of [partialPathFor(file), journalPathFor(file)]) {
      assert.ok(isDownloadLeftover(path.basename(leftover)), leftover);
      assert.equal(finalFileOf(leftover), file);
    }
    assert.equal(isDownloadLeftover('index.json'), false);
  });
});
