/**
 * Pricing location names and region codes. The price data itself pairs them (`location` and
 * `regionCode` on every product), and the index learns from it; this table is the fallback for
 * files that predate `regionCode` (docs/aws-formats.md §2.5). Pricing names are not the console's:
 * "EU (Frankfurt)", not "Europe (Frankfurt)".
 */
const LOCATIONS: readonly (readonly [location: string, region: string])[] = [
  ['US East (N. Virginia)', 'us-east-1'],
  ['US East (Ohio)', 'us-east-2'],
  ['US West (N. California)', 'us-west-1'],
  ['US West (Oregon)', 'us-west-2'],
  ['Africa (Cape Town)', 'af-south-1'],
  ['Canada (Central)', 'ca-central-1'],
  ['Canada West (Calgary)', 'ca-west-1'],
  ['EU (Frankfurt)', 'eu-central-1'],
  ['Europe (Zurich)', 'eu-central-2'],
  ['EU (Ireland)', 'eu-west-1'],
  ['EU (London)', 'eu-west-2'],
  ['EU (Paris)', 'eu-west-3'],
  ['EU (Milan)', 'eu-south-1'],
  ['Europe (Spain)', 'eu-south-2'],
  ['EU (Stockholm)', 'eu-north-1'],
  ['Israel (Tel Aviv)', 'il-central-1'],
  ['Mexico (Central)', 'mx-central-1'],
  ['AWS GovCloud (US-East)', 'us-gov-east-1'],
  ['AWS GovCloud (US-West)', 'us-gov-west-1'],
  ['AWS GovCloud (US)', 'us-gov-west-1'],
  ['Asia Pacific (Tokyo)', 'ap-northeast-1'],
  ['Asia Pacific (Seoul)', 'ap-northeast-2'],
  ['Asia Pacific (Osaka)', 'ap-northeast-3'],
  ['Asia Pacific (Osaka-Local)', 'ap-northeast-3'],
  ['Asia Pacific (Singapore)', 'ap-southeast-1'],
  ['Asia Pacific (Sydney)', 'ap-southeast-2'],
  ['Asia Pacific (Jakarta)', 'ap-southeast-3'],
  ['Asia Pacific (Melbourne)', 'ap-southeast-4'],
  ['Asia Pacific (Malaysia)', 'ap-southeast-5'],
  ['Asia Pacific (New Zealand)', 'ap-southeast-6'],
  ['Asia Pacific (Thailand)', 'ap-southeast-7'],
  ['Asia Pacific (Mumbai)', 'ap-south-1'],
  ['Asia Pacific (Hyderabad)', 'ap-south-2'],
  ['Asia Pacific (Hong Kong)', 'ap-east-1'],
  ['Asia Pacific (Taipei)', 'ap-east-2'],
  ['Middle East (Bahrain)', 'me-south-1'],
  ['Middle East (UAE)', 'me-central-1'],
  ['South America (Sao Paulo)', 'sa-east-1'],
  ['China (Beijing)', 'cn-north-1'],
  ['China (Ningxia)', 'cn-northwest-1'],
];

const BY_LOCATION = new Map(LOCATIONS);

export function regionForLocation(location: string): string | undefined {
  return BY_LOCATION.get(location);
}

/** The pricing name of a region, when the table knows it. */
export function locationForRegion(region: string): string | undefined {
  for (const [location, code] of LOCATIONS) if (code === region) return location;
  return undefined;
}

const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+(-[a-z0-9]+(-\d+)?)?$/;

/** Looks like an AWS region code (us-east-1, us-gov-west-1, us-east-1-nyc-1, us-east-1-wl1-atl1...). */
export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value) || /^[a-z]{2}-[a-z]+-\d+-wl\d+-[a-z0-9]+$/.test(value);
}
