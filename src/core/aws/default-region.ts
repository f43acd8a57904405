/**
 * The one default-region chain for the CLI (price, compare, spot, budgets, costs, price --api) and
 * the editor (Instance Prices, hovers, code lenses), in the AWS CLI's order:
 *   explicit (--region, priceAtlas.defaultRegion) > AWS_REGION > AWS_DEFAULT_REGION >
 *   the `region` of the selected profile in the shared AWS files > us-east-1.
 * The profile is the option (--profile, priceAtlas.aws.profile), else AWS_PROFILE, else `default`;
 * the files are AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws. They are read with the
 * SDK's own loader, so a profile means here what it means to the SDK's clients.
 */
import { UsageError } from '../errors';
import { optionRemedy } from '../remedy';
import { isRegionCode } from '../regions';
import { activeProfileName, awsConfigPaths } from './aws-config-files';

/** Where AWS puts a client that names no region, and where the global services live. */
export const fallbackRegion = 'us-east-1';

export type DefaultRegionSource = 'explicit' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile' | 'fallback';

export interface DefaultRegion {
  code: string;
  source: DefaultRegionSource;
  /** Where it came from, for people: `--region`, `AWS_REGION`, `the region of profile "dev" in /home/u/.aws/config`. */
  from: string;
  /** The profile whose region it is (source `profile`). */
  profile?: string;
}

export interface DefaultRegionOptions {
  /** The flag or setting; empty or blank counts as unset. */
  explicit?: string;
  /** Its name in messages (`--region`, `priceAtlas.defaultRegion`); default "the region given". */
  explicitName?: string;
  /** The selected profile (--profile, the setting); else AWS_PROFILE, else `default`. */
  profile?: string;
  env: NodeJS.ProcessEnv;
}

function checked(region: DefaultRegion, hint: string): DefaultRegion {
  if (!isRegionCode(region.code)) {
    const what = region.source === 'profile' ? `${region.from} (${JSON.stringify(region.code)})` : `${region.from} ${JSON.stringify(region.code)}`;
    // A bad variable is fixed where it is set; the others by choosing a region.
    const remedy = region.source === 'AWS_REGION' || region.source === 'AWS_DEFAULT_REGION' ? undefined : optionRemedy('region');
    throw new UsageError(`${what} is not an AWS region code`, hint, remedy ? { remedy } : undefined);
  }
  return region;
}

/**
 * The answer when it needs no file: the explicit value or a region variable. Undefined when the
 * profile decides (the editor uses this for what it can show before reading the file).
 */
export function regionWithoutProfile(options: DefaultRegionOptions): DefaultRegion | undefined {
  const hint = 'give a region code, for example us-east-1 or eu-west-1';
  const explicit = options.explicit?.trim();
  if (explicit) return checked({ code: explicit, source: 'explicit', from: options.explicitName ?? 'the region given' }, hint);
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const) {
    const value = options.env[name]?.trim();
    // An empty variable is unset, as in the AWS CLI (CI systems often export empty ones).
    if (value) return checked({ code: value, source: name, from: name }, `set ${name} to a region such as eu-west-1, or unset it`);
  }
  return undefined;
}

/** The region of `profile` in the shared files (config first, as the SDK reads it), if it names one. */
async function profileRegion(profile: string, env: NodeJS.ProcessEnv): Promise<{ region: string; file: string } | undefined> {
  const paths = awsConfigPaths(env);
  let files;
  try {
    // Loaded on first use: the editor's bundle includes it, but activation should not evaluate it.
    const { loadSharedConfigFiles } = await import('@smithy/core/config');
    // ignoreCache: the editor asks again later, and the file may have been edited since.
    files = await loadSharedConfigFiles({ filepath: paths.credentials, configFilepath: paths.config, ignoreCache: true });
  } catch {
    // An unreadable file names no region; credentials errors, if any, come from the SDK's chain.
    return undefined;
  }
  const fromConfig = files.configFile[profile]?.region?.trim();
  if (fromConfig) return { region: fromConfig, file: paths.config };
  const fromCredentials = files.credentialsFile[profile]?.region?.trim();
  if (fromCredentials) return { region: fromCredentials, file: paths.credentials };
  return undefined;
}

export async function resolveDefaultRegion(options: DefaultRegionOptions): Promise<DefaultRegion> {
  const early = regionWithoutProfile(options);
  if (early) return early;
  const profile = activeProfileName(options.profile, options.env);
  const found = await profileRegion(profile, options.env);
  if (found) {
    return checked(
      { code: found.region, source: 'profile', from: `the region of profile "${profile}" in ${found.file}`, profile },
      `fix the region line of that profile (aws configure set region eu-west-1${profile === 'default' ? '' : ` --profile ${profile}`}), or choose a region`, // AWS CLI
    );
  }
  return { code: fallbackRegion, source: 'fallback', from: 'the default' };
}
