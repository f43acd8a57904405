// Proves the generated bulk tree has AWS's exact shapes (docs/aws-formats.md §1.2-1.7): the keys,
// the object-vs-array quirks, Jackson's pretty print, the CSV preamble, and determinism.

import * as assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DISCLAIMER, jacksonStringify, writeEc2RegionCsv, writeEc2RegionOffer, writeFixtureTree } from '../fakes/fixture-tree';
import type { FixtureTree } from '../fakes/fixture-tree';

type Json = Record<string, unknown>;

/** RFC 4180 parser, strict enough to catch a stray quote or a ragged row. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\n') throw new Error(`garbage after quote at ${i}`);
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new Error(`quote inside unquoted field at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
    i++;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function read(tree: FixtureTree, urlPath: string): string {
  return fs.readFileSync(path.join(tree.root, urlPath), 'utf8');
}

function readJson(tree: FixtureTree, urlPath: string): Json {
  return JSON.parse(read(tree, urlPath)) as Json;
}

interface Dim {
  rateCode: string;
  description: string;
  beginRange?: string;
  endRange?: string;
  unit: string;
  pricePerUnit: Record<string, string>;
  appliesTo: unknown[];
}
interface TermJ {
  offerTermCode: string;
  sku: string;
  effectiveDate: string;
  priceDimensions: Record<string, Dim>;
  termAttributes: Record<string, string>;
}
interface OfferJ {
  formatVersion: string;
  disclaimer: string;
  offerCode: string;
  version: string;
  publicationDate: string;
  products: Record<string, { sku: string; productFamily: string; attributes: Record<string, string> }>;
  terms: Record<string, Record<string, Record<string, TermJ>>>;
}

describe('fakes: fixture tree', function () {
  this.timeout(60_000);
  let tmp: string;
  let tree: FixtureTree;
  const EC2_US = '/offers/v1.0/aws/AmazonEC2/20250912225308/us-east-1/index.json';
  const SP_BASE = '/savingsPlan/v1.0/aws/AWSComputeSavingsPlan';

  before(async function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'price-atlas-fixture-'));
    tree = await writeFixtureTree({ root: path.join(tmp, 'a') });
  });

  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reports what it wrote', function () {
    assert.equal(tree.version, '20250912225308');
    assert.equal(tree.publicationDate, '2025-09-12T22:53:08Z');
    assert.deepEqual(tree.regions, ['us-east-1', 'eu-west-1', 'ap-southeast-3']);
    assert.deepEqual([...tree.offerCodes].sort(), ['AWSELB', 'AWSLambda', 'AmazonEC2', 'AmazonEKS', 'AmazonRDS', 'AmazonRoute53', 'comprehend']);
    assert.equal(tree.savingsPlanVersion, '20250911184447');
    assert.equal(new Set(tree.files).size, tree.files.length, 'no duplicates');
    for (const f of tree.files) {
      assert.match(f, /^\/(offers|savingsPlan)\/v1\.0\/aws\//);
      assert.ok(fs.statSync(path.join(tree.root, f)).isFile(), f);
    }
    const onDisk: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else onDisk.push('/' + path.relative(tree.root, path.join(dir, e.name)).split(path.sep).join('/'));
      }
    };
    walk(tree.root);
    assert.deepEqual(onDisk.sort(), [...tree.files].sort());
  });

  it('every JSON file parses and is byte-identical to a Jackson pretty print of itself', function () {
    const jsonFiles = tree.files.filter((f) => f.endsWith('.json'));
    assert.ok(jsonFiles.length > 30);
    for (const f of jsonFiles) {
      const text = read(tree, f);
      const parsed = JSON.parse(text) as unknown;
      assert.equal(jacksonStringify(parsed), text, f);
      assert.ok(!text.endsWith('\n'), `${f}: Jackson writes no final newline`);
      // Jackson style: `"key" : value` with two-space indentation.
      assert.match(text, /^\{\n {2}"[A-Za-z]+" : /, f);
      assert.ok(/^[\x00-\x7f]*$/.test(text), `${f}: non-ASCII is \\u-escaped`);
    }
  });

  it('offer index: exact keys, savings-plan URLs only where AWS has them, lower-case comprehend', function () {
    const idx = readJson(tree, '/offers/v1.0/aws/index.json');
    assert.deepEqual(Object.keys(idx), ['formatVersion', 'disclaimer', 'publicationDate', 'offers']);
    assert.equal(idx.formatVersion, 'v1.0');
    assert.equal(idx.disclaimer, DISCLAIMER);
    const offers = idx.offers as Record<string, Record<string, string>>;
    assert.deepEqual(Object.keys(offers).sort(), ['AWSELB', 'AWSLambda', 'AmazonEC2', 'AmazonEKS', 'AmazonRDS', 'AmazonRoute53', 'comprehend']);
    for (const [code, o] of Object.entries(offers)) {
      const keys = ['offerCode', 'versionIndexUrl', 'currentVersionUrl', 'currentRegionIndexUrl'];
      if (code === 'AmazonEC2' || code === 'AWSLambda') keys.push('savingsPlanVersionIndexUrl', 'currentSavingsPlanIndexUrl');
      assert.deepEqual(Object.keys(o), keys, code);
      assert.equal(o.offerCode, code);
      assert.equal(o.versionIndexUrl, `/offers/v1.0/aws/${code}/index.json`);
      assert.equal(o.currentVersionUrl, `/offers/v1.0/aws/${code}/current/index.json`);
      assert.equal(o.currentRegionIndexUrl, `/offers/v1.0/aws/${code}/current/region_index.json`);
      for (const url of Object.values(o).filter((v) => v.startsWith('/'))) assert.ok(tree.files.includes(url), url);
    }
    assert.equal(offers.AmazonEC2.savingsPlanVersionIndexUrl, `${SP_BASE}/current/index.json`);
    assert.equal(offers.AmazonEC2.currentSavingsPlanIndexUrl, `${SP_BASE}/current/region_index.json`);
    assert.match(read(tree, '/offers/v1.0/aws/index.json'), /\n {2}"formatVersion" : "v1\.0",\n/);
  });

  it('version index: unsorted version keys, current one with an empty end date', function () {
    for (const code of tree.offerCodes) {
      const vi = readJson(tree, `/offers/v1.0/aws/${code}/index.json`);
      assert.deepEqual(Object.keys(vi), ['formatVersion', 'disclaimer', 'publicationDate', 'offerCode', 'currentVersion', 'versions']);
      assert.equal(vi.offerCode, code);
      assert.equal(vi.currentVersion, tree.version);
      const versions = vi.versions as Record<string, Record<string, string>>;
      const ids = Object.keys(versions);
      assert.ok(ids.length >= 3);
      assert.notDeepEqual(ids, [...ids].sort(), 'keys deliberately not sorted');
      for (const [id, v] of Object.entries(versions)) {
        assert.match(id, /^\d{14}$/);
        assert.deepEqual(Object.keys(v), ['versionEffectiveBeginDate', 'versionEffectiveEndDate', 'offerVersionUrl']);
        assert.equal(v.offerVersionUrl, `/offers/v1.0/aws/${code}/${id}/index.json`);
        if (id === tree.version) assert.equal(v.versionEffectiveEndDate, '');
        else assert.match(v.versionEffectiveEndDate, /^\d{4}-\d{2}-01T00:00:00Z$/);
      }
      assert.ok(tree.files.includes(versions[tree.version].offerVersionUrl));
    }
  });

  it('region index: `regions` is an object keyed by region code with versioned URLs', function () {
    for (const code of tree.offerCodes) {
      const ri = readJson(tree, `/offers/v1.0/aws/${code}/current/region_index.json`);
      assert.deepEqual(Object.keys(ri), ['formatVersion', 'disclaimer', 'publicationDate', 'regions']);
      const regions = ri.regions as Record<string, Record<string, string>>;
      assert.equal(Array.isArray(regions), false);
      assert.deepEqual(Object.keys(regions), code === 'AmazonRoute53' ? ['global'] : tree.regions);
      for (const [rc, r] of Object.entries(regions)) {
        assert.deepEqual(Object.keys(r), ['regionCode', 'currentVersionUrl']);
        assert.equal(r.regionCode, rc);
        assert.equal(r.currentVersionUrl, `/offers/v1.0/aws/${code}/${tree.version}/${rc}/index.json`);
        assert.ok(tree.files.includes(r.currentVersionUrl));
        assert.ok(tree.files.includes(r.currentVersionUrl.replace(/\.json$/, '.csv')));
        // The documented `current/<region>` alias serves the same bytes.
        const alias = `/offers/v1.0/aws/${code}/current/${rc}/index.json`;
        assert.equal(sha256(path.join(tree.root, alias)), sha256(path.join(tree.root, r.currentVersionUrl)));
      }
    }
  });

  it('savings plans: version index, region index ARRAY with versionUrl and formatVersion last', function () {
    const vi = readJson(tree, `${SP_BASE}/current/index.json`);
    assert.deepEqual(Object.keys(vi), ['disclaimer', 'publicationDate', 'currentOfferVersionUrl', 'versions']);
    assert.equal(vi.currentOfferVersionUrl, `${SP_BASE}/current/region_index.json`);
    const versions = vi.versions as Record<string, string>[];
    assert.ok(Array.isArray(versions) && versions.length >= 1);
    for (const v of versions) assert.deepEqual(Object.keys(v), ['publicationDate', 'offerVersionUrl']);
    assert.equal(versions[0].offerVersionUrl, `${SP_BASE}/${tree.savingsPlanVersion}/region_index.json`);
    assert.ok(tree.files.includes(versions[0].offerVersionUrl));

    const ri = readJson(tree, `${SP_BASE}/current/region_index.json`);
    assert.deepEqual(Object.keys(ri), ['disclaimer', 'publicationDate', 'regions', 'formatVersion']);
    const regions = ri.regions as Record<string, string>[];
    assert.ok(Array.isArray(regions));
    assert.deepEqual(
      regions.map((r) => r.regionCode),
      tree.regions,
    );
    for (const r of regions) {
      assert.deepEqual(Object.keys(r), ['regionCode', 'versionUrl']);
      assert.equal(r.versionUrl, `${SP_BASE}/${tree.savingsPlanVersion}/${r.regionCode}/index.json`);
      assert.ok(tree.files.includes(r.versionUrl));
    }
    assert.match(read(tree, `${SP_BASE}/current/region_index.json`), /"regions" : \[ \{\n {4}"regionCode" : /);
  });

  it('savings plans: regional file layout, with rates pointing at real EC2 SKUs', function () {
    const sp = readJson(tree, `${SP_BASE}/${tree.savingsPlanVersion}/us-east-1/index.json`);
    assert.deepEqual(Object.keys(sp), ['version', 'publicationDate', 'regionCode', 'products', 'terms']);
    assert.equal(sp.regionCode, 'us-east-1');
    const products = sp.products as Json[];
    assert.ok(Array.isArray(products) && products.length > 0);
    for (const p of products) assert.deepEqual(Object.keys(p), ['sku', 'productFamily', 'serviceCode', 'usageType', 'operation', 'attributes']);
    const terms = (sp.terms as Json).savingsPlan as Json[];
    assert.ok(Array.isArray(terms) && terms.length === products.length);
    const ec2 = readJson(tree, EC2_US) as unknown as OfferJ;
    let ec2Rates = 0;
    for (const t of terms) {
      assert.deepEqual(Object.keys(t), ['sku', 'description', 'effectiveDate', 'leaseContractLength', 'rates']);
      const lease = t.leaseContractLength as Json;
      assert.equal(typeof lease.duration, 'number');
      assert.equal(lease.unit, 'year');
      const rates = t.rates as Json[];
      assert.ok(rates.length > 0);
      for (const r of rates) {
        assert.deepEqual(Object.keys(r), [
          'discountedSku',
          'discountedUsageType',
          'discountedOperation',
          'discountedServiceCode',
          'rateCode',
          'unit',
          'discountedRate',
        ]);
        const rate = r.discountedRate as Json;
        assert.deepEqual(Object.keys(rate), ['price', 'currency']);
        assert.equal(typeof rate.price, 'string');
        assert.equal(rate.currency, 'USD');
        assert.equal(r.rateCode, `${t.sku as string}.${r.discountedSku as string}`);
        if (r.discountedServiceCode === 'AmazonEC2') {
          ec2Rates++;
          const product = ec2.products[r.discountedSku as string];
          assert.ok(product, 'discounted SKU exists in the EC2 region file');
          assert.equal(product.attributes.usagetype, r.discountedUsageType);
        }
      }
    }
    assert.ok(ec2Rates > 0);
    const csv = parseCsv(read(tree, `${SP_BASE}/${tree.savingsPlanVersion}/us-east-1/index.csv`));
    assert.deepEqual(csv[4], ['OfferCode', 'AmazonComputeSavingsPlan']);
    assert.equal(csv[5].length, 24);
    assert.equal(csv[5][0], 'SKU');
    for (const row of csv.slice(6)) assert.equal(row.length, 24);
  });

  describe('EC2 region offer (JSON)', function () {
    let text: string;
    let offer: OfferJ;

    before(function () {
      text = read(tree, EC2_US);
      offer = JSON.parse(text) as OfferJ;
    });

    it('has the top-level layout, products before terms', function () {
      assert.deepEqual(Object.keys(offer), ['formatVersion', 'disclaimer', 'offerCode', 'version', 'publicationDate', 'products', 'terms']);
      assert.equal(offer.offerCode, 'AmazonEC2');
      assert.equal(offer.version, tree.version);
      assert.deepEqual(Object.keys(offer.terms), ['OnDemand', 'Reserved']);
      assert.ok(text.indexOf('\n  "products" : {') < text.indexOf('\n  "terms" : {'));
      assert.ok(Math.abs(text.length - 200_000) < 20_000, `about 200 KB by default, got ${text.length}`);
    });

    it('products carry the attributes an indexer needs; plain Linux, duplicates and other OSes exist', function () {
      const products = Object.values(offer.products);
      const instances = products.filter((p) => p.productFamily === 'Compute Instance' || p.productFamily === 'Compute Instance (bare metal)');
      // ~200 KB: the 22 non-instance products first, then a dozen instances with all their terms.
      assert.ok(instances.length > 10, `${instances.length} instances`);
      assert.ok(products.some((p) => p.productFamily === 'Storage'));
      assert.ok(products.some((p) => p.productFamily === 'Data Transfer'));
      assert.ok(products.some((p) => p.productFamily === 'Compute Instance (bare metal)'));
      for (const p of instances) {
        assert.equal(p.sku.length, 16);
        for (const k of [
          'instanceType',
          'vcpu',
          'memory',
          'operatingSystem',
          'tenancy',
          'preInstalledSw',
          'licenseModel',
          'capacitystatus',
          'marketoption',
          'regionCode',
          'location',
          'usagetype',
          'operation',
          'servicecode',
        ]) {
          assert.equal(typeof p.attributes[k], 'string', `${p.sku} ${k}`);
        }
        assert.match(p.attributes.memory, /^\d+(\.\d+)? GiB$/);
        assert.equal(p.attributes.regionCode, 'us-east-1');
        assert.equal(p.attributes.location, 'US East (N. Virginia)');
      }
      const plain = instances.filter(
        (p) =>
          p.attributes.operatingSystem === 'Linux' &&
          p.attributes.tenancy === 'Shared' &&
          p.attributes.preInstalledSw === 'NA' &&
          p.attributes.capacitystatus === 'Used' &&
          p.attributes.licenseModel === 'No License required' &&
          p.attributes.marketoption === 'OnDemand',
      );
      const plainTypes = plain.map((p) => p.attributes.instanceType);
      assert.ok(plainTypes.includes('m5.large'));
      assert.equal(new Set(plainTypes).size, plainTypes.length, 'one plain Linux SKU per instance type');
      const m5 = plain.find((p) => p.attributes.instanceType === 'm5.large');
      assert.equal(m5?.attributes.usagetype, 'BoxUsage:m5.large');
      assert.equal(m5?.attributes.operation, 'RunInstances');
      const caps = new Set(instances.filter((p) => p.attributes.instanceType === 'm5.large').map((p) => p.attributes.capacitystatus));
      assert.ok(caps.has('Used') && caps.has('UnusedCapacityReservation') && caps.has('AllocatedCapacityReservation'));
      const oses = new Set(instances.map((p) => p.attributes.operatingSystem));
      assert.ok(oses.has('Windows') && oses.has('RHEL'));
    });

    it('terms: OnDemand JRTCKXETXF/6YS6EN2CT7 in Hrs, Reserved with termAttributes and Quantity fees without ranges', function () {
      let upfront = 0;
      for (const [sku, byCode] of Object.entries(offer.terms.OnDemand)) {
        assert.ok(offer.products[sku], `OnDemand SKU ${sku} has a product`);
        for (const [key, term] of Object.entries(byCode)) {
          assert.equal(key, `${sku}.${term.offerTermCode}`);
          assert.deepEqual(Object.keys(term), ['offerTermCode', 'sku', 'effectiveDate', 'priceDimensions', 'termAttributes']);
          assert.equal(term.offerTermCode, 'JRTCKXETXF');
          assert.deepEqual(term.termAttributes, {});
          assert.match(term.effectiveDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        }
      }
      const m5 = Object.values(offer.products).find(
        (p) =>
          p.attributes.instanceType === 'm5.large' &&
          p.attributes.capacitystatus === 'Used' &&
          p.attributes.operatingSystem === 'Linux' &&
          p.attributes.tenancy === 'Shared',
      );
      assert.ok(m5);
      const od = offer.terms.OnDemand[m5.sku][`${m5.sku}.JRTCKXETXF`];
      const dim = od.priceDimensions[`${m5.sku}.JRTCKXETXF.6YS6EN2CT7`];
      assert.deepEqual(Object.keys(dim), ['rateCode', 'description', 'beginRange', 'endRange', 'unit', 'pricePerUnit', 'appliesTo']);
      assert.equal(dim.unit, 'Hrs');
      assert.equal(dim.beginRange, '0');
      assert.equal(dim.endRange, 'Inf');
      assert.equal(dim.pricePerUnit.USD, '0.0960000000');
      assert.deepEqual(dim.appliesTo, []);
      assert.equal(dim.description, '$0.096 per On Demand Linux m5.large Instance Hour');

      const reserved = offer.terms.Reserved[m5.sku];
      assert.equal(Object.keys(reserved).length, 12);
      for (const term of Object.values(reserved)) {
        assert.deepEqual(Object.keys(term.termAttributes), ['LeaseContractLength', 'OfferingClass', 'PurchaseOption']);
        for (const d of Object.values(term.priceDimensions)) {
          assert.match(d.pricePerUnit.USD, /^\d+(\.\d+)?$/);
          if (d.unit === 'Quantity') {
            upfront++;
            assert.equal(d.description, 'Upfront Fee');
            assert.equal('beginRange' in d, false);
            assert.equal('endRange' in d, false);
            assert.ok(d.rateCode.endsWith('.2TG2D8R56U'));
          } else {
            assert.equal(d.unit, 'Hrs');
          }
        }
      }
      assert.equal(upfront, 8, 'Partial and All Upfront have a fee, No Upfront has none');
      assert.match(text, /"appliesTo" : \[ \]/);
      assert.match(text, /"termAttributes" : \{ \}/);
    });

    it('contains a description with an escaped quote, braces and a \\u escape', function () {
      assert.ok(text.includes('\\"unlimited\\" {T3} CPU credits \\u2013 Linux'));
      const found = Object.values(offer.terms.OnDemand).some((byCode) =>
        Object.values(byCode).some((t) =>
          Object.values(t.priceDimensions).some((d) => d.description === '$0.05 per vCPU-Hour for "unlimited" {T3} CPU credits \u2013 Linux'),
        ),
      );
      assert.ok(found);
    });

    it('uses region-specific usagetype prefixes (not derivable from the code)', function () {
      const eu = readJson(tree, '/offers/v1.0/aws/AmazonEC2/20250912225308/eu-west-1/index.json') as unknown as OfferJ;
      const jk = readJson(tree, '/offers/v1.0/aws/AmazonEC2/20250912225308/ap-southeast-3/index.json') as unknown as OfferJ;
      const usage = (o: OfferJ): string[] => Object.values(o.products).map((p) => p.attributes.usagetype);
      assert.ok(usage(eu).includes('EU-BoxUsage:m5.large'));
      assert.ok(usage(jk).includes('APS4-BoxUsage:m5.large'));
      assert.equal(Object.values(jk.products)[5].attributes.location, 'Asia Pacific (Jakarta)');
    });
  });

  describe('EC2 region offer (CSV)', function () {
    it('5 metadata rows, the display-name header, one row per price dimension, same SKUs as the JSON', function () {
      const raw = read(tree, EC2_US.replace(/\.json$/, '.csv'));
      const rows = parseCsv(raw);
      assert.deepEqual(rows[0], ['FormatVersion', 'v1.0']);
      assert.deepEqual(rows[1], ['Disclaimer', DISCLAIMER]);
      assert.deepEqual(rows[2], ['Publication Date', tree.publicationDate]);
      assert.deepEqual(rows[3], ['Version', tree.version]);
      assert.deepEqual(rows[4], ['OfferCode', 'AmazonEC2']);
      assert.ok(raw.startsWith('"FormatVersion","v1.0"\n"Disclaimer","This pricing list'));
      const header = rows[5];
      assert.equal(header.length, 91);
      assert.deepEqual(header.slice(0, 4), ['SKU', 'OfferTermCode', 'RateCode', 'TermType']);
      for (const col of [
        'Operating System',
        'Pre Installed S/W',
        'CapacityStatus',
        'Region Code',
        'MarketOption',
        'License Model',
        'Tenancy',
        'usageType',
        'operation',
        'Instance Type',
        'Product Family',
        'PricePerUnit',
        'StartingRange',
        'EndingRange',
      ]) {
        assert.ok(header.includes(col), col);
      }
      const data = rows.slice(6);
      for (const r of data) assert.equal(r.length, 91);
      assert.ok(raw.includes(',,'), 'empty fields are bare');
      assert.ok(!raw.includes(',"",'), 'empty fields are never quoted');
      assert.ok(raw.includes('""unlimited""'));

      const offer = readJson(tree, EC2_US) as unknown as OfferJ;
      let dims = 0;
      for (const type of Object.values(offer.terms))
        for (const byCode of Object.values(type)) for (const t of Object.values(byCode)) dims += Object.keys(t.priceDimensions).length;
      assert.equal(data.length, dims);
      const col = (name: string): number => header.indexOf(name);
      assert.deepEqual(new Set(data.map((r) => r[col('SKU')])), new Set(Object.keys(offer.products)));
      const skus = data.map((r) => r[col('SKU')]);
      assert.deepEqual(skus, [...skus].sort(), 'sorted by SKU like the real files');

      const fee = data.find((r) => r[col('Unit')] === 'Quantity');
      assert.ok(fee);
      assert.equal(fee[col('PriceDescription')], 'Upfront Fee');
      assert.equal(fee[col('StartingRange')], '');
      assert.equal(fee[col('EndingRange')], '');
      assert.equal(fee[col('TermType')], 'Reserved');
      const odRow = data.find(
        (r) =>
          r[col('TermType')] === 'OnDemand' &&
          r[col('Instance Type')] === 'm5.large' &&
          r[col('Operating System')] === 'Linux' &&
          r[col('CapacityStatus')] === 'Used' &&
          r[col('Tenancy')] === 'Shared',
      );
      assert.ok(odRow);
      assert.equal(odRow[col('PricePerUnit')], '0.0960000000');
      assert.equal(odRow[col('RateCode')], `${odRow[col('SKU')]}.JRTCKXETXF.6YS6EN2CT7`);
      assert.match(odRow[col('EffectiveDate')], /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(odRow[col('Region Code')], 'us-east-1');
      assert.equal(odRow[col('Pre Installed S/W')], 'NA');
    });

    it('small services have CSVs with the same preamble', function () {
      for (const code of ['AmazonRDS', 'AWSLambda', 'comprehend', 'AmazonRoute53']) {
        const region = code === 'AmazonRoute53' ? 'global' : 'eu-west-1';
        const rows = parseCsv(read(tree, `/offers/v1.0/aws/${code}/${tree.version}/${region}/index.csv`));
        assert.deepEqual(rows[4], ['OfferCode', code]);
        assert.equal(rows[5][0], 'SKU');
        for (const r of rows.slice(6)) assert.equal(r.length, rows[5].length, code);
        assert.ok(rows.length > 6);
      }
    });
  });

  it('is deterministic: a second tree has identical bytes', async function () {
    const other = await writeFixtureTree({ root: path.join(tmp, 'b') });
    assert.deepEqual(other.files, tree.files);
    for (const f of tree.files) {
      assert.equal(sha256(path.join(other.root, f)), sha256(path.join(tree.root, f)), f);
    }
  });

  it('options change the tree: regions, version, size', async function () {
    const t = await writeFixtureTree({ root: path.join(tmp, 'c'), regions: ['us-west-2'], version: '20240101000000', regionBytes: 50_000 });
    assert.deepEqual(t.regions, ['us-west-2']);
    assert.equal(t.publicationDate, '2024-01-01T00:00:00Z');
    const f = '/offers/v1.0/aws/AmazonEC2/20240101000000/us-west-2/index.json';
    assert.ok(t.files.includes(f));
    const o = readJson(t, f) as unknown as OfferJ;
    assert.ok(Object.values(o.products).some((p) => p.attributes.usagetype === 'USW2-BoxUsage:m5.large'));
    assert.ok(Math.abs(fs.statSync(path.join(t.root, f)).size - 50_000) < 10_000);
  });

  describe('writeEc2RegionOffer / writeEc2RegionCsv', function () {
    const base = { region: 'eu-west-1', location: 'EU (Ireland)', version: '20250912225308', publicationDate: '2025-09-12T22:53:08Z' };

    it('scales to targetBytes, reports the bytes written, and is deterministic', async function () {
      const file = path.join(tmp, 'ec2-4mb.json');
      const r = await writeEc2RegionOffer(file, { ...base, targetBytes: 4_000_000 });
      assert.equal(fs.statSync(file).size, r.bytes);
      assert.ok(Math.abs(r.bytes - 4_000_000) < 200_000, `bytes ${r.bytes}`);
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as OfferJ;
      assert.equal(Object.keys(parsed.products).length, r.skus);
      const again = path.join(tmp, 'ec2-4mb-again.json');
      await writeEc2RegionOffer(again, { ...base, targetBytes: 4_000_000 });
      assert.equal(sha256(again), sha256(file));

      const csv = path.join(tmp, 'ec2-4mb.csv');
      const c = await writeEc2RegionCsv(csv, { ...base, targetBytes: 4_000_000 });
      assert.equal(fs.statSync(csv).size, c.bytes);
      assert.ok(Math.abs(c.bytes - 4_000_000) < 200_000, `csv bytes ${c.bytes}`);
      assert.equal(parseCsv(fs.readFileSync(csv, 'utf8')).length - 6, c.rows);
    });

    it('instanceTypes alone gives every variant of exactly those types', async function () {
      const file = path.join(tmp, 'ec2-types.json');
      const r = await writeEc2RegionOffer(file, { ...base, instanceTypes: ['c7g.xlarge', 'z9q.large'] });
      const o = JSON.parse(fs.readFileSync(file, 'utf8')) as OfferJ;
      const types = new Set(
        Object.values(o.products)
          .map((p) => p.attributes.instanceType)
          .filter((t) => t !== undefined && t.includes('.')),
      );
      assert.deepEqual([...types].sort(), ['c7g.xlarge', 'z9q.large']);
      assert.equal(Object.keys(o.products).length, r.skus);
      const c7g = Object.values(o.products).find((p) => p.attributes.instanceType === 'c7g.xlarge');
      assert.equal(c7g?.attributes.vcpu, '4');
      assert.equal(c7g?.attributes.memory, '8 GiB');
      assert.equal(c7g?.attributes.processorArchitecture, 'arm64');
    });
  });

  it('serve CLI --generate writes a tree and prints the FixtureTree JSON', function () {
    const serveJs = path.join(__dirname, '..', 'fakes', 'serve.js');
    const dir = path.join(tmp, 'cli');
    const r = childProcess.spawnSync(process.execPath, [serveJs, '--generate', dir, '--regions', 'eu-west-1', '--region-bytes', '30000'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const printed = JSON.parse(r.stdout) as FixtureTree;
    assert.equal(printed.root, path.resolve(dir));
    assert.deepEqual(printed.regions, ['eu-west-1']);
    assert.ok(printed.files.includes('/offers/v1.0/aws/index.json'));
    assert.ok(fs.existsSync(path.join(dir, 'offers', 'v1.0', 'aws', 'AmazonEC2', printed.version, 'eu-west-1', 'index.csv')));
  });
});
