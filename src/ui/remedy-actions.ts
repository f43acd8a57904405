/**
 * A remedy (core/remedy.ts) as the editor offers it: buttons on a notification, command links in
 * a hover, each running one of our commands or opening one of our settings. No `vscode` import,
 * so a plain test checks every command and setting named here against package.json.
 */
import type { OptionId, Remedy } from '../core/remedy';

export interface RemedyAction {
  /** The button's text; a hover puts `icon` before it. */
  title: string;
  icon: string;
  command: string;
  args: unknown[];
}

function openSetting(title: string, setting: string): RemedyAction {
  return { title, icon: 'settings-gear', command: 'workbench.action.openSettings', args: [setting] };
}

/** Options the editor has a setting or a command for; the others (CLI-only limits) offer nothing. */
const optionActions: Readonly<Partial<Record<OptionId, RemedyAction>>> = {
  endpoint: openSetting('Open Settings', 'priceAtlas.endpoint'),
  awsEndpoint: openSetting('Open Settings', 'priceAtlas.aws.endpoint'),
  region: openSetting('Set Default Region', 'priceAtlas.defaultRegion'),
  profile: { title: 'Select AWS Profile', icon: 'key', command: 'priceAtlas.selectProfile', args: [] },
  outputDir: openSetting('Open Settings', 'priceAtlas.downloadFolder'),
  maxConcurrent: openSetting('Open Settings', 'priceAtlas.concurrency'),
  maxAttempts: openSetting('Open Settings', 'priceAtlas.retries'),
  // The editor's log is the debug log: it records every request at debug level when asked to.
  logLevel: { title: 'Show Log', icon: 'output', command: 'priceAtlas.showLog', args: [] },
};

/** The setting each option is in the editor, for tests and for text that names it. */
export function settingOf(option: OptionId): string | undefined {
  const action = optionActions[option];
  return action?.command === 'workbench.action.openSettings' ? (action.args[0] as string) : undefined;
}

export function remedyActions(remedy: Remedy | undefined): RemedyAction[] {
  if (!remedy) return [];
  switch (remedy.kind) {
    case 'download': {
      const what = [...remedy.services, ...remedy.regions].join(' ');
      const verb = remedy.missing === 'size' ? 'Refresh' : 'Download';
      const args = remedy.services.length > 0 ? [{ services: remedy.services, regions: remedy.regions }] : [];
      return [{ title: what ? `${verb} ${what}` : 'Download Price Lists', icon: 'cloud-download', command: 'priceAtlas.downloadPriceLists', args }];
    }
    case 'index':
      return [{ title: 'Build Price Index', icon: 'database', command: 'priceAtlas.buildIndex', args: [] }];
    case 'list':
      // The Services view lists every offer and, under each, its regions.
      return [{ title: 'Show Services', icon: 'list-tree', command: 'workbench.view.extension.priceAtlas', args: [] }];
    case 'option': {
      const action = optionActions[remedy.option];
      return action ? [action] : [];
    }
  }
}

/** Every action any remedy can offer, for the test that ties them to package.json. */
export function allRemedyActions(): RemedyAction[] {
  return [
    ...remedyActions({ kind: 'download', services: ['AmazonEC2'], regions: ['us-east-1'] }),
    ...remedyActions({ kind: 'index' }),
    ...remedyActions({ kind: 'list', of: 'services' }),
    ...Object.values(optionActions).filter((a): a is RemedyAction => a !== undefined),
  ];
}
