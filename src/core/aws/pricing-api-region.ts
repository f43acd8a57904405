/**
 * The Pricing API (Query API) has endpoints in three regions only (docs/aws-formats.md §2.1), and any
 * other region fails DNS (aws-sdk-js-v3 #5001). The endpoint's region is unrelated to the prices'
 * region, so we pick the nearest one for latency and ask for any region's prices there.
 */
export const pricingApiRegions = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;

export type PricingApiRegion = (typeof pricingApiRegions)[number] | 'cn-northwest-1';

export function pricingApiRegion(region: string): PricingApiRegion {
  // China is its own partition, with its own Pricing endpoint (prices in CNY).
  if (region.startsWith('cn-')) return 'cn-northwest-1';
  if (region.startsWith('eu-') || region.startsWith('il-') || region.startsWith('af-')) return 'eu-central-1';
  // Asia Pacific and the Gulf (Bahrain, UAE) are closer to Mumbai than to Frankfurt.
  if (region.startsWith('ap-') || region.startsWith('me-')) return 'ap-south-1';
  // Americas (us-, ca-, sa-, mx-), GovCloud and anything new: the original endpoint.
  return 'us-east-1';
}
