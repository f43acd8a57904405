/**
 * Settings only the user may set: where requests go (the price-list and AWS endpoints), which
 * credentials they use (the AWS profile) and how often Cost Explorer, which bills per request, is
 * asked. A cloned repository's .vscode/settings.json must not choose them. package.json gives
 * them `"scope": "application"`, so VS Code itself drops a workspace value; the settings module
 * also reads only the user's value and the default, in case a host does not honour the scope.
 * No `vscode` import: plain Node tests load this.
 */
import { parseJson } from '../../core/iac/json-tree';
import type { TreeNode } from '../../core/iac/tree';
import { settingsSection } from './settings-spec';

/** The parts of WorkspaceConfiguration.inspect() that matter here. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The value to use (the user's, else the default) and whether a workspace value was passed over. */
export function userOnlyValue<T>(inspected: InspectedSetting<T> | undefined): { value: T | undefined; ignoredWorkspaceValue: boolean } {
  return {
    value: inspected?.globalValue ?? inspected?.defaultValue,
    ignoredWorkspaceValue: inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined,
  };
}

export function ignoredWorkspaceNotice(fullKey: string): string {
  return `Price Atlas ignored ${fullKey} from this workspace's settings: set it in your user settings`;
}

function topLevelKeys(node: TreeNode | undefined): string[] {
  return node?.type === 'map' ? node.entries.map((e) => e.key) : [];
}

/**
 * Which of `fullKeys` a workspace settings file sets: a folder's .vscode/settings.json, or with
 * `workspaceFile` the "settings" object of a .code-workspace file. Tolerant of comments and
 * trailing commas, as VS Code is. VS Code drops application-scoped values from these files
 * before the extension sees them, so the files are the only way to tell the user why theirs
 * was ignored.
 */
export function workspaceFileSetsKeys(text: string, fullKeys: readonly string[], workspaceFile = false): string[] {
  let root: TreeNode | undefined;
  try {
    root = parseJson(text);
  } catch {
    return [];
  }
  if (workspaceFile) root = root?.type === 'map' ? root.entries.find((e) => e.key === 'settings')?.value : undefined;
  const keys = new Set(topLevelKeys(root));
  // Flat keys, as VS Code writes them (the Settings editor and config.update() both do).
  return fullKeys.filter((k) => keys.has(k));
}

export function fullKey(key: string): string {
  return `${settingsSection}.${key}`;
}
