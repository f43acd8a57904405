/**
 * The profiles in the user's shared AWS files, for a profile picker and for the region a profile
 * names. Only names and a few non-secret settings are read out: the key values in the credentials
 * file never leave this module (the SDK reads them itself when it signs).
 */
import { promises as fs } from 'node:fs';
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

/** Sections of an AWS-style INI file: `[name]` → key → value. Nested (indented) sub-settings are skipped. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]/.exec(trimmed);
    if (header) {
      const name = header[1]!.trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    // Indented lines belong to a nested setting (`s3 =` then `  max_concurrent_requests = 10`).
    if (!current || /^\s/.test(line)) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue;
    current.set(trimmed.slice(0, eq).trim().toLowerCase(), trimmed.slice(eq + 1).trim());
  }
  return sections;
}

async function readIfExists(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return '';
    throw err;
  }
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

/**
 * Every profile in the config and credentials files, sorted with `default` first. In the config
 * file profiles are `[profile name]` (and `[default]`); `[sso-session x]` and `[services x]` are not
 * profiles. In the credentials file every section is a profile.
 */
export async function listProfiles(env: NodeJS.ProcessEnv): Promise<AwsProfile[]> {
  const paths = awsConfigPaths(env);
  const [configText, credentialsText] = await Promise.all([readIfExists(paths.config), readIfExists(paths.credentials)]);
  const merged = new Map<string, { sources: Set<'config' | 'credentials'>; settings: Map<string, string> }>();
  const add = (name: string, source: 'config' | 'credentials', settings: Map<string, string>): void => {
    const entry = merged.get(name) ?? { sources: new Set(), settings: new Map() };
    entry.sources.add(source);
    // The credentials file wins over the config file for the same key, as in the SDK.
    for (const [k, v] of settings) if (source === 'credentials' || !entry.settings.has(k)) entry.settings.set(k, v);
    merged.set(name, entry);
  };
  for (const [section, settings] of parseIni(configText)) {
    if (section === 'default') add('default', 'config', settings);
    else if (section.startsWith('profile ')) add(section.slice('profile '.length).trim(), 'config', settings);
  }
  for (const [section, settings] of parseIni(credentialsText)) add(section, 'credentials', settings);
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
