/**
 * The profiles in the user's shared AWS files, for a profile picker and for the region a profile
 * names. Only names and a few non-secret settings are read out: the key values in the credentials
 * file never leave this module (the SDK reads them itself when it signs).
 */
import * as os from 'node:os';
import * as path from 'node:path';

export type ProfileKind = 'sso' | 'assume-role' | 'static' | 'process' | 'web-identity' | 'login' | 'other';

export interface AwsProfile {
  name: string;
  /** Which files define it ('config', 'credentials' or both). */
  sources: ('config' | 'credentials')[];
  region?: string;
  kind: ProfileKind;
  /** For SSO profiles: the `sso_session` they use, if any (else the legacy `sso_start_url` form). */
  ssoSession?: string;
}

export interface AwsConfigPaths {
  config: string;
  credentials: string;
}

function homeDir(env: NodeJS.ProcessEnv): string {
  // The same order the SDK uses, so we list the files it will read.
  return env.HOME || env.USERPROFILE || (env.HOMEDRIVE && env.HOMEPATH ? `${env.HOMEDRIVE}${env.HOMEPATH}` : '') || os.homedir();
}

function expandHome(file: string, env: NodeJS.ProcessEnv): string {
  return file.startsWith(`~${path.sep}`) || file.startsWith('~/') ? path.join(homeDir(env), file.slice(2)) : file;
}

/** `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` when set, else `~/.aws/config` / `~/.aws/credentials`. */
export function awsConfigPaths(env: NodeJS.ProcessEnv): AwsConfigPaths {
  const home = homeDir(env);
  return {
    config: expandHome(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'), env),
    credentials: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'), env),
  };
}

function kindOf(settings: Map<string, string>): ProfileKind {
  if (settings.has('sso_session') || settings.has('sso_start_url') || settings.has('sso_account_id')) return 'sso';
  if (settings.has('role_arn') && settings.has('web_identity_token_file')) return 'web-identity';
  if (settings.has('role_arn')) return 'assume-role';
  if (settings.has('credential_process')) return 'process';
  if (settings.has('login_session')) return 'login';
  if (settings.has('aws_access_key_id')) return 'static';
  return 'other';
}

/** Section types of the config file that are not profiles, as the SDK's loader names them (`sso-session.corp`). */
const notProfiles = /^(sso-session|services)\./;

/**
 * Every profile in the config and credentials files, sorted with `default` first, read by the SDK's
 * own loader: a profile listed here is one the SDK's clients resolve (a hand parser once listed
 * `[profile  dev ]`, which the SDK does not accept). The credentials file wins for a key both set.
 */
export async function listProfiles(env: NodeJS.ProcessEnv): Promise<AwsProfile[]> {
  const paths = awsConfigPaths(env);
  // Loaded on first use, as in default-region.ts: activation should not evaluate it.
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const files = await loadSharedConfigFiles({ filepath: paths.credentials, configFilepath: paths.config, ignoreCache: true });
  const merged = new Map<string, { sources: Set<'config' | 'credentials'>; settings: Map<string, string> }>();
  const add = (name: string, source: 'config' | 'credentials', settings: Record<string, string | undefined>): void => {
    const entry = merged.get(name) ?? { sources: new Set(), settings: new Map() };
    entry.sources.add(source);
    for (const [k, v] of Object.entries(settings)) if (v !== undefined && (source === 'credentials' || !entry.settings.has(k))) entry.settings.set(k, v);
    merged.set(name, entry);
  };
  for (const [name, settings] of Object.entries(files.configFile)) if (!notProfiles.test(name)) add(name, 'config', settings);
  for (const [name, settings] of Object.entries(files.credentialsFile)) add(name, 'credentials', settings);
  const profiles: AwsProfile[] = [];
  for (const [name, { sources, settings }] of merged) {
    const profile: AwsProfile = { name, sources: [...sources].sort(), kind: kindOf(settings) };
    const region = settings.get('region');
    if (region) profile.region = region;
    const ssoSession = settings.get('sso_session');
    if (ssoSession) profile.ssoSession = ssoSession;
    profiles.push(profile);
  }
  return profiles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** The profile in use: the option, else `AWS_PROFILE`, else `default` (what the SDK picks too). */
export function activeProfileName(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option?.trim() || env.AWS_PROFILE?.trim() || 'default';
}
