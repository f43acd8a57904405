import * as assert from 'node:assert/strict';
import { generateAwsData } from '../fakes/aws-fake-data';
import { ec2Xml } from '../fakes/aws-server';

const now = new Date('2026-11-23T12:00:00Z');

describe('fake AWS data (test/fakes)', () => {
  it('is the same for the same seed and clock, and different for another seed', () => {
    const a = JSON.stringify(generateAwsData({ seed: 7, now }));
    assert.equal(JSON.stringify(generateAwsData({ seed: 7, now })), a);
    assert.notEqual(JSON.stringify(generateAwsData({ seed: 8, now })), a);
  });

  it('keeps spot changes away from "7 days ago" and out of the future, so a later client clock sees the same window', () => {
    const data = generateAwsData({ now });
    const boundary = now.getTime() - 7 * 86_400_000;
    assert.ok(data.spotPrices.length > 1000);
    for (const p of data.spotPrices) {
      assert.ok(p.Timestamp.getTime() < now.getTime());
      assert.ok(Math.abs(p.Timestamp.getTime() - boundary) > 60 * 60_000);
    }
  });

  it('writes Budgets amounts as long decimal strings and times as epoch seconds, as on the wire', () => {
    const b = generateAwsData({ now }).budgets[0]!;
    assert.match(b.CalculatedSpend!.ActualSpend.Amount, /^\d+\.\d{30,}$/);
    assert.ok(Number.isInteger(b.TimePeriod.Start));
  });

  it('writes SDK-shaped values as EC2 XML: lower-case first letter, <item> lists, renamed members', () => {
    assert.equal(
      ec2Xml('regionInfo', [{ RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required', Missing: null }]),
      '<regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item></regionInfo>',
    );
    assert.equal(
      ec2Xml('vCpuInfo', { ValidCores: [1, 2], Note: 'a<b' }),
      '<vCpuInfo><validCores><item>1</item><item>2</item></validCores><note>a&lt;b</note></vCpuInfo>',
    );
  });
});
