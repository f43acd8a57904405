/**
 * Ansible playbooks, task files and variable files: module arguments (`amazon.aws.ec2_instance:
 * instance_type: c5.large`, `rds_instance: db_instance_class: ...`) and variables
 * (`ec2_instance_type: t3.micro` in defaults/main.yml, used as `{{ ec2_instance_type }}`). Task
 * names and `when:` conditions are prose (the prose test drops them). The region comes from the
 * module's `region:` argument, else the play's variables, else the file's one region variable.
 */
import { isRegionCode } from '../regions';
import type { FindingRegion } from './finding';
import { contextKindOfType } from './size-grammar';
import { collectTreeSizes, countFor } from './tree-findings';
import type { FindingSink } from './tree-findings';
import { findEntry, normalKey, stringEntry, walkScalars } from './tree';
import type { TreeNode, TreeStep } from './tree';

const playKeys = new Set([
  'hosts',
  'tasks',
  'roles',
  'pre_tasks',
  'post_tasks',
  'handlers',
  'import_playbook',
  'import_tasks',
  'include_tasks',
  'block',
  'include_role',
  'import_role',
]);
const moduleKey = /^(amazon\.aws|community\.aws)\.|^(ec2_|rds_|elasticache|ec2$)/;
const ansiblePath = /(^|[\\/])(tasks|handlers|playbooks?|group_vars|host_vars|defaults|vars|roles)[\\/]|(^|[\\/])(site|playbook[^\\/]*)\.ya?ml$/i;
const regionVars = new Set(['region', 'awsregion', 'ec2region', 'awsdefaultregion']);

export function isAnsibleDoc(root: TreeNode | undefined, fileName: string): boolean {
  if (root?.type === 'list') {
    return root.items.some((item) => item.type === 'map' && item.entries.some((e) => playKeys.has(e.key) || moduleKey.test(e.key)));
  }
  return root?.type === 'map' && ansiblePath.test(fileName);
}

/** The task a value sits in: the innermost list item map, and the key (module) under it. */
function taskOf(steps: readonly TreeStep[]): { at: number; module: string } | undefined {
  for (let i = steps.length - 1; i > 0; i--) {
    if (steps[i - 1]!.node.type === 'list' && steps[i]!.node.type === 'map' && steps[i]!.entry) return { at: i, module: steps[i]!.entry!.key };
  }
  return undefined;
}

function regionEntry(map: TreeNode | undefined, sink: FindingSink, what: string): FindingRegion | undefined {
  if (map?.type !== 'map') return undefined;
  for (const e of map.entries) {
    const v = e.value?.type === 'scalar' ? e.value.value.trim() : undefined;
    if (v && regionVars.has(normalKey(e.key)) && isRegionCode(v)) return { code: v, reason: `${what} ${e.key}: ${v} (line ${sink.line(e.value!.start)})` };
  }
  return undefined;
}

export function collectAnsible(text: string, root: TreeNode | undefined, sink: FindingSink): void {
  if (!root) return;
  // The file's one region variable, when it has exactly one.
  const fileRegions = new Map<string, FindingRegion>();
  walkScalars(root, (scalar, steps) => {
    // A task's own `region:` argument is that task's; only variables speak for the file.
    const task = taskOf(steps);
    if (task && task.module !== 'vars' && task.module !== 'module_defaults') return;
    const key = steps[steps.length - 1]?.entry?.key;
    const v = scalar.value.trim();
    if (key && regionVars.has(normalKey(key)) && isRegionCode(v) && !fileRegions.has(v))
      fileRegions.set(v, { code: v, reason: `${key}: ${v} (line ${sink.line(scalar.start)})` });
  });
  const fileRegion = fileRegions.size === 1 ? [...fileRegions.values()][0] : undefined;

  collectTreeSizes(text, root, sink, (_scalar, steps) => {
    const task = taskOf(steps);
    const innermost = steps[steps.length - 1]?.entry?.key ?? '';
    if (!task || task.module === 'vars' || task.module === 'module_defaults') {
      const play = task ? steps[task.at]!.node : undefined;
      return { resource: task ? `vars.${innermost}` : innermost, region: regionEntry(findEntry(play, 'vars')?.value, sink, 'play vars') ?? fileRegion };
    }
    const taskMap = steps[task.at]!.node;
    const args = findEntry(taskMap, task.module)?.value;
    const name = stringEntry(taskMap, 'name');
    const region = regionEntry(args, sink, `${task.module}`) ?? playRegion(steps, task.at, sink) ?? fileRegion;
    return {
      resource: name ? `${task.module} "${name}"` : task.module,
      region,
      count: countFor(steps, task.at + 1),
      contextKind: contextKindOfType(task.module),
    };
  });
}

/** A play's `vars` region, for tasks that do not set one (the play is the list item above the task's list). */
function playRegion(steps: readonly TreeStep[], taskAt: number, sink: FindingSink): FindingRegion | undefined {
  for (let i = taskAt - 1; i > 0; i--) {
    if (steps[i - 1]!.node.type === 'list' && steps[i]!.node.type === 'map') return regionEntry(findEntry(steps[i]!.node, 'vars')?.value, sink, 'play vars');
  }
  return undefined;
}
