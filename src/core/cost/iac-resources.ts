/**
 * Resources as the cost model sees them: a resource's type, address, first line and the
 * attributes that decide its price, read from the same loose trees the size recognisers use.
 * Sizes, regions and counts come from the recognisers' findings (they already follow variables,
 * providers and neighbouring files), joined by resource address, so there is one reading of each.
 */
import { parseHcl } from '../iac/hcl-tree';
import { parseJson } from '../iac/json-tree';
import { parseYaml } from '../iac/yaml-tree';
import { isCloudFormationDoc } from '../iac/cloudformation';
import { cdkImageTag, programResources } from './program-resources';
import { entryValue, integerValue, scalarValue } from '../iac/tree';
import type { IacFinding, IacFormat, IacScan } from '../iac/finding';
import type { TreeMap, TreeNode } from '../iac/tree';
import type { ImageName } from './machine-image';

/** Attributes of one block or list item: a volume mapping, a block device. */
export interface AttributeReader {
  attribute(key: string): string | undefined;
  has(key: string): boolean;
}

export interface IacResource extends AttributeReader {
  /** Terraform `aws_db_instance.main`; CloudFormation logical id; CDK/Pulumi the recogniser's label (`rds.DatabaseInstance "Db"`, `aws.ec2.Instance "web"`, a Pulumi YAML key). */
  name: string;
  /** `aws_db_instance`, `AWS::RDS::DBInstance` (CDK constructs have their CloudFormation type, Pulumi's their Terraform type). */
  type: string;
  /** 1-based line of the resource's first line. */
  line: number;
  /**
   * Reads one attribute (by its name in this format; nested blocks with dots: `cluster_config.instance_count`)
   * as written: a literal, or undefined when absent or computed.
   */
  attribute(key: string): string | undefined;
  /** Whether the attribute is present at all (a computed value is present but unknown). */
  has(key: string): boolean;
  /** Every item at `key`: the blocks of a repeated HCL block (`ebs_block_device`), or a list's items. */
  items(key: string): AttributeReader[];
  /** The size written at an attribute (`instance_types` → its first item), as the recognisers resolved it. */
  sizeAt(key: string): string | undefined;
  /**
   * The machine image named at `key`, when the file says which one beyond an opaque id: a Terraform
   * `data "aws_ami"` filter or `data "aws_ssm_parameter"` name, a CloudFormation `resolve:ssm` path or
   * the default of the parameter it refers to.
   */
  imageAt(key: string): ImageName | undefined;
  /** The size findings inside this resource. */
  findings: IacFinding[];
  /**
   * The count the recognisers read for the resource's sizes: Terraform `count` for an instance, but
   * `desired_size`, `num_cache_nodes` or `instance_count` for a node group, cache or domain. The
   * models decide which it is, so a node count is never multiplied twice.
   */
  statedCount?: number;
  /** Copies of the resource itself: Terraform's literal `count` meta-argument, else 1. */
  copies: number;
  region?: IacFinding['region'];
}

/** 1-based line of an offset: line starts found once per file, then a binary search per resource. */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function literalOf(node: TreeNode | undefined): string | undefined {
  // `architectures = ["arm64"]`: a list of one literal says that literal.
  if (node?.type === 'list' && node.items.length === 1) node = node.items[0];
  if (node?.type !== 'scalar' || node.tag) return undefined;
  // HCL references (`var.engine`) are not literals; booleans and numbers are atoms worth reading.
  if (!node.literal && !/^(true|false|-?\d+(\.\d+)?)$/.test(node.value)) return undefined;
  return scalarValue(node);
}

/** A dotted path through nested blocks; an HCL block repeated or a JSON list takes its first item. */
function nodeAt(root: TreeNode | undefined, key: string): TreeNode | undefined {
  let node = root;
  for (const part of key.split('.')) {
    if (node?.type === 'list') node = node.items[0];
    node = entryValue(node, part);
    if (node === undefined) return undefined;
  }
  return node;
}

/** All nodes at a dotted path: HCL repeats a block as entries with one key, YAML/JSON use a list. */
function nodesAt(root: TreeNode | undefined, key: string): TreeNode[] {
  const parts = key.split('.');
  const last = parts.pop()!;
  const parent = parts.length ? nodeAt(root, parts.join('.')) : root;
  if (parent?.type !== 'map') return [];
  const found = parent.entries.filter((e) => e.key === last && e.value).map((e) => e.value!);
  return found.length === 1 && found[0]!.type === 'list' ? found[0]!.items : found;
}

function readerOf(node: TreeNode | undefined): AttributeReader {
  return { attribute: (key) => literalOf(nodeAt(node, key)), has: (key) => nodeAt(node, key) !== undefined };
}

/** Resolves an image attribute's node to a name, per format (references into the file's other blocks). */
type ImageResolver = (node: TreeNode) => ImageName | undefined;

/** `data "aws_ami"` and `data "aws_ssm_parameter"` blocks, for `ami = data.aws_ami.x.id`. */
function terraformImages(root: TreeMap): ImageResolver {
  const amis = new Map<string, TreeMap>();
  const params = new Map<string, TreeMap>();
  for (const e of root.entries) {
    if (e.key !== 'data' || !e.block || e.value?.type !== 'map') continue;
    const [type, label] = e.value.labels ?? [];
    if (type === 'aws_ami' && label) amis.set(label, e.value);
    if (type === 'aws_ssm_parameter' && label) params.set(label, e.value);
  }
  return (node) => {
    if (node.type !== 'scalar' || node.literal) return undefined;
    const ami = /^data\.aws_ami\.([\w-]+)\.(id|image_id)$/.exec(node.value.trim());
    if (ami) {
      const block = amis.get(ami[1]!);
      if (!block) return undefined;
      for (const f of block.entries) {
        if (f.key !== 'filter' || f.value?.type !== 'map') continue;
        const which = literalOf(entryValue(f.value, 'name'));
        const values = entryValue(f.value, 'values');
        const first = values?.type === 'list' ? literalOf(values.items[0]) : literalOf(values);
        if (first && (which === 'name' || which === 'platform' || which === 'platform-details'))
          return { name: first, via: `data.aws_ami.${ami[1]} filter ${which} = "${first}"` };
      }
      const regex = literalOf(entryValue(block, 'name_regex'));
      return regex ? { name: regex, via: `data.aws_ami.${ami[1]} name_regex = "${regex}"` } : undefined;
    }
    const ssm = /^(?:nonsensitive\()?data\.aws_ssm_parameter\.([\w-]+)\.(value|insecure_value)\)?$/.exec(node.value.trim());
    const path = ssm ? literalOf(entryValue(params.get(ssm[1]!), 'name')) : undefined;
    return path ? { name: path, via: `data.aws_ssm_parameter.${ssm![1]} name = "${path}"` } : undefined;
  };
}

/** `{{resolve:ssm:/aws/service/...}}`, or `!Ref P` / `{Ref: P}` to a parameter with a default. */
function cloudFormationImages(root: TreeNode | undefined): ImageResolver {
  const parameters = entryValue(root, 'Parameters');
  const fromString = (text: string, via: string): ImageName | undefined => {
    const ssm = /^\{\{resolve:ssm:([^}:]+)(:\d+)?\}\}$/.exec(text.trim());
    return ssm ? { name: ssm[1]!, via: `${via}resolve:ssm ${ssm[1]}` } : undefined;
  };
  return (node) => {
    let ref: string | undefined;
    if (node.type === 'scalar' && node.tag === '!Ref') ref = node.value.trim();
    else if (node.type === 'map') ref = scalarValue(entryValue(node, 'Ref'));
    else if (node.type === 'scalar' && !node.tag) return fromString(node.value, '');
    if (!ref) return undefined;
    const d = scalarValue(entryValue(entryValue(parameters, ref), 'Default'));
    if (!d) return undefined;
    return (
      fromString(d, `Parameters ${ref} default `) ??
      (d.startsWith('/') || !/^ami-[0-9a-f]+$/.test(d) ? { name: d, via: `Parameters ${ref} default "${d}"` } : undefined)
    );
  };
}

/** CDK's `machineImage`, read by program-resources into a tagged name. */
const programImages: ImageResolver = (node) =>
  node.type === 'scalar' && node.tag === cdkImageTag ? { name: node.value, via: `machineImage ${node.value}` } : undefined;

function resourceFrom(
  name: string,
  type: string,
  line: number,
  props: TreeNode | undefined,
  byResource: ReadonlyMap<string, IacFinding[]>,
  explicitCount?: number,
  images?: ImageResolver,
): IacResource {
  const own = byResource.get(name) ?? [];
  const deployed = own.filter((f) => f.role === 'value');
  const at = (key: string): TreeNode | undefined => nodeAt(props, key);
  return {
    name,
    type,
    line,
    attribute: (key) => literalOf(at(key)),
    has: (key) => at(key) !== undefined,
    items: (key) => nodesAt(props, key).map(readerOf),
    imageAt: (key) => {
      const node = at(key);
      return node && images ? images(node) : undefined;
    },
    sizeAt: (key) => {
      const node = at(key);
      if (!node) return undefined;
      return own.find((f) => f.role !== 'option' && f.offsets.start >= node.start && f.offsets.end <= node.end)?.resolved;
    },
    findings: own,
    statedCount: deployed.find((f) => f.count !== undefined)?.count ?? explicitCount,
    copies: explicitCount ?? 1,
    region: deployed.find((f) => f.region)?.region ?? own.find((f) => f.region)?.region,
  };
}

function terraformResources(text: string, findings: ReadonlyMap<string, IacFinding[]>): IacResource[] {
  const root = parseHcl(text);
  const lineOf = lineFinder(text);
  const images = terraformImages(root);
  const out: IacResource[] = [];
  for (const e of root.entries) {
    if (e.key !== 'resource' || !e.block || e.value?.type !== 'map') continue;
    const [type, label] = e.value.labels ?? [];
    if (!type || !label) continue;
    const count = integerValue(entryValue(e.value, 'count'));
    out.push(resourceFrom(`${type}.${label}`, type, lineOf(e.keyStart), e.value, findings, count, images));
  }
  return out;
}

function cloudFormationResources(text: string, root: TreeNode | undefined, findings: ReadonlyMap<string, IacFinding[]>): IacResource[] {
  const resources = entryValue(root, 'Resources');
  if (resources?.type !== 'map') return [];
  const lineOf = lineFinder(text);
  const images = cloudFormationImages(root);
  const out: IacResource[] = [];
  for (const e of resources.entries) {
    const type = scalarValue(entryValue(e.value, 'Type'));
    if (!type) continue;
    out.push(resourceFrom(e.key, type, lineOf(e.keyStart), entryValue(e.value, 'Properties') as TreeMap | undefined, findings, undefined, images));
  }
  return out;
}

/**
 * The resources of one file, for the formats the cost model reads; others give none (and say so upstream).
 * `fileName` tells a CDK/Pulumi program's language (TypeScript/JavaScript, Python, YAML/JSON); without
 * it the text decides (its import lines, or a JSON object, else Pulumi YAML).
 */
export function iacResources(text: string, format: IacFormat, all: readonly IacFinding[], fileName?: string): IacResource[] {
  const findings = new Map<string, IacFinding[]>();
  for (const f of all) {
    if (!f.resource) continue;
    const list = findings.get(f.resource);
    if (list) list.push(f);
    else findings.set(f.resource, [f]);
  }
  if (format === 'terraform') return terraformResources(text, findings);
  if (format === 'cloudformation') {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{')) return cloudFormationResources(text, parseJson(text), findings);
    return parseYaml(text).flatMap((doc) => doc.nodes.filter(isCloudFormationDoc).flatMap((node) => cloudFormationResources(text, node, findings)));
  }
  if (format === 'cdk' || format === 'pulumi') {
    const lineOf = lineFinder(text);
    // Program constructs carry their own findings (joined by label and position), hence a map per resource.
    return programResources(text, format, all, findings, fileName).map((r) =>
      resourceFrom(r.name, r.type, lineOf(r.at), r.props, new Map([[r.name, r.findings]]), undefined, programImages),
    );
  }
  return [];
}

const perScan = new WeakMap<IacScan, IacResource[]>();

/**
 * The resources of a scanned file, read once per scan: the editor's hover (a size's variant) and its
 * lenses (the estimate) ask for the same document version's resources, and get the same ones.
 */
export function resourcesOfScan(text: () => string, scan: IacScan, fileName?: string): IacResource[] {
  let resources = perScan.get(scan);
  if (!resources) perScan.set(scan, (resources = costedFormats.has(scan.format) ? iacResources(text(), scan.format, scan.findings, fileName) : []));
  return resources;
}

/** Formats whose resources the cost model reads today. */
export const costedFormats: ReadonlySet<IacFormat> = new Set(['terraform', 'cloudformation', 'cdk', 'pulumi']);
