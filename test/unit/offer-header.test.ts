import * as assert from 'node:assert/strict';
import { sniffOfferHeader } from '../../src/core/download/offer-header';

describe('offer header sniffing', () => {
  it('reads code, version and date from the top of a JSON offer (Jackson layout)', () => {
    const head = Buffer.from(
      '{\n  "formatVersion" : "v1.0",\n  "disclaimer" : "x",\n  "offerCode" : "AmazonEC2",\n  "version" : "20250912225308",\n  "publicationDate" : "2025-09-12T22:53:08Z",\n  "products" : {\n    "A" : { "attributes" : { "version" : "NOT-THIS" } }',
    );
    assert.deepEqual(sniffOfferHeader(head), { offerCode: 'AmazonEC2', version: '20250912225308', publicationDate: '2025-09-12T22:53:08Z' });
  });

  it('ignores attributes when the metadata comes after the products', () => {
    const head = Buffer.from('{"products":{"A":{"attributes":{"version":"NOT-THIS"}}},"terms":{}');
    assert.deepEqual(sniffOfferHeader(head), {});
  });

  it('reads the five metadata rows of a CSV offer, quoted or not', () => {
    const quoted = Buffer.from(
      '"FormatVersion","v1.0"\n"Disclaimer","x"\n"Publication Date","2025-09-12T22:53:08Z"\n"Version","20250912225308"\n"OfferCode","AmazonEC2"\n"SKU","OfferTermCode"\n',
    );
    assert.deepEqual(sniffOfferHeader(quoted), { offerCode: 'AmazonEC2', version: '20250912225308', publicationDate: '2025-09-12T22:53:08Z' });
    const plain = Buffer.from(
      'FormatVersion,v1.0\r\nDisclaimer,x\r\nPublication Date,2025-09-11T18:44:47Z\r\nVersion,20250911184447\r\nOfferCode,AmazonComputeSavingsPlan\r\nSKU,RateCode\r\n',
    );
    assert.deepEqual(sniffOfferHeader(plain), { offerCode: 'AmazonComputeSavingsPlan', version: '20250911184447', publicationDate: '2025-09-11T18:44:47Z' });
  });
});
