/**
 * The Price List Query API (`@aws-sdk/client-pricing`): which services and attributes exist, and
 * the priced products matching filters, every page read. Good for a quick single-size lookup when
 * no offer file has been downloaded; the bulk files remain the way to price many sizes.
 */
import { DescribeServicesCommand, GetAttributeValuesCommand, GetProductsCommand } from '@aws-sdk/client-pricing';
import type { FilterType } from '@aws-sdk/client-pricing';
import { defaultVariants } from '../prices/price-types';
import type { PriceRecord } from '../prices/price-types';
import { allPages } from './aws-paging';
import type { AwsSession } from './aws-session';
import { parsePriceListItem, priceRecordFromItem } from './price-list-item';
import type { PriceListItem } from './price-list-item';
import { pricingApiRegion } from './pricing-api-region';

export interface PricingService {
  serviceCode: string;
  attributeNames: string[];
}

export interface PricingFilter {
  /** TERM_MATCH (default) is exact; EQUALS, CONTAINS, ANY_OF, NONE_OF need a 2025+ API (docs/aws-formats.md §5.17). */
  type?: FilterType;
  /** An attribute name from DescribeServices (`regionCode`, `instanceType`, ...) or `ServiceCode`. */
  field: string;
  value: string;
}

// The API's largest page; fewer round trips for the same answer.
const MAX_RESULTS = 100;

export async function describeServices(session: AwsSession, options: { serviceCode?: string } = {}): Promise<PricingService[]> {
  const client = session.pricing();
  const at = pricingApiRegion(session.region);
  return allPages(async (token) => {
    const out = await session.call('pricing:DescribeServices', at, () =>
      client.send(
        new DescribeServicesCommand({
          FormatVersion: 'aws_v1',
          MaxResults: MAX_RESULTS,
          ...(options.serviceCode ? { ServiceCode: options.serviceCode } : {}),
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    const items = (out.Services ?? []).map((s) => ({ serviceCode: s.ServiceCode ?? '', attributeNames: s.AttributeNames ?? [] }));
    return { items, next: out.NextToken };
  }, 'Pricing DescribeServices');
}

export async function getAttributeValues(session: AwsSession, serviceCode: string, attributeName: string): Promise<string[]> {
  const client = session.pricing();
  const at = pricingApiRegion(session.region);
  return allPages(async (token) => {
    const out = await session.call('pricing:GetAttributeValues', at, () =>
      client.send(
        new GetAttributeValuesCommand({
          ServiceCode: serviceCode,
          AttributeName: attributeName,
          MaxResults: MAX_RESULTS,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    return { items: (out.AttributeValues ?? []).flatMap((v) => (v.Value === undefined ? [] : [v.Value])), next: out.NextToken };
  }, 'Pricing GetAttributeValues');
}

export interface GetProductsOptions {
  serviceCode: string;
  filters: readonly PricingFilter[];
  /** The region whose prices are wanted; picks the nearest Pricing endpoint. Default the session's. */
  priceRegion?: string;
}

/** Every product (with its terms) that matches the filters, parsed. */
export async function getProducts(session: AwsSession, options: GetProductsOptions): Promise<PriceListItem[]> {
  const priceRegion = options.priceRegion ?? session.region;
  const client = session.pricing(priceRegion);
  const filters = options.filters.map((f) => ({ Type: f.type ?? 'TERM_MATCH', Field: f.field, Value: f.value }));
  return allPages(async (token) => {
    const out = await session.call('pricing:GetProducts', pricingApiRegion(priceRegion), () =>
      client.send(
        new GetProductsCommand({
          ServiceCode: options.serviceCode,
          Filters: filters,
          FormatVersion: 'aws_v1',
          MaxResults: MAX_RESULTS,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    // Typed as a LazyJsonString-or-string[] union; at run time an array of String-like items (docs/aws-formats.md §2.4).
    const list = (out.PriceList ?? []) as unknown as readonly unknown[];
    return { items: Array.from(list, parsePriceListItem), next: out.NextToken };
  }, 'Pricing GetProducts');
}

export interface Ec2PriceLookup {
  size: string;
  region: string;
  /** Variant attributes (operatingSystem, tenancy, licenseModel, preInstalledSw); default plain Linux. */
  variant?: Readonly<Record<string, string>>;
}

/**
 * The price records of one EC2 size in one region from the Pricing API, one per matching variant
 * (the default variant gives one). Only running-instance prices (capacitystatus Used, docs/aws-formats.md §1.8).
 */
export async function fetchEc2PriceRecords(session: AwsSession, lookup: Ec2PriceLookup): Promise<PriceRecord[]> {
  const variant = { ...defaultVariants.ec2, ...lookup.variant };
  const filters: PricingFilter[] = [
    // regionCode, not location: location names are not derivable from region codes (docs/aws-formats.md §2.5).
    { field: 'regionCode', value: lookup.region },
    { field: 'instanceType', value: lookup.size },
    { field: 'capacitystatus', value: 'Used' },
    ...Object.entries(variant)
      .filter(([, value]) => value !== '*' && value !== '')
      .map(([field, value]) => ({ field, value })),
  ];
  const items = await getProducts(session, { serviceCode: 'AmazonEC2', filters, priceRegion: lookup.region });
  const records: PriceRecord[] = [];
  for (const item of items) {
    if (item.product?.attributes?.capacitystatus !== undefined && item.product.attributes.capacitystatus !== 'Used') continue;
    const record = priceRecordFromItem(item, lookup.region);
    if (record && record.size === lookup.size) records.push(record);
  }
  return records;
}
