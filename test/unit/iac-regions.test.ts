import * as assert from 'node:assert/strict';
import type { IacFinding } from '../../src/core/iac/finding';
import { collectFacts, recognise } from '../../src/core/iac/recognise';
import type { FileFacts } from '../../src/core/iac/region-facts';

function find(fileName: string, text: string, facts: (FileFacts | undefined)[] = []): IacFinding[] {
  return recognise({ fileName, text }, { facts: facts.filter((f): f is FileFacts => f !== undefined) }).findings;
}

/** `token@region` for every finding, `-` for none. */
const regions = (fs: IacFinding[]): string[] => fs.map((f) => `${f.token}@${f.region?.code ?? '-'}`);

// The stack says eu-west-1: a resource on an explicit provider must not silently get it.
const stack = collectFacts('Pulumi.dev.yaml', 'config:\n  aws:region: eu-west-1\n');

describe('IaC regions: Pulumi explicit providers', () => {
  it('TypeScript: a resource given { provider: west } runs in the provider literal region, with the reason', () => {
    const text = `import * as aws from "@pulumi/aws";

const west = new aws.Provider("west", { region: "us-west-2" });
const web = new aws.ec2.Instance("web", { instanceType: "m5.large" }, { provider: west });
const home = new aws.ec2.Instance("home", { instanceType: "t3.micro" });
`;
    const fs = find('index.ts', text, [stack]);
    assert.deepEqual(regions(fs), ['m5.large@us-west-2', 't3.micro@eu-west-1']);
    assert.equal(fs[0]!.region!.reason, 'Pulumi provider west region (index.ts:3)');
    assert.equal(fs[0]!.resource, 'aws.ec2.Instance "web"');
  });

  it('TypeScript: a computed, missing or unknown provider region is no region, not the stack one', () => {
    const text = `import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
const cfg = new pulumi.Config();
const computed = new aws.Provider("c", { region: cfg.require("region") });
const bare = new aws.Provider("b", {});
const a = new aws.ec2.Instance("a", { instanceType: "m5.large" }, { provider: computed });
const b = new aws.ec2.Instance("b", { instanceType: "m5.xlarge" }, { provider: bare, dependsOn: [a] });
const c = new aws.ec2.Instance("c", { instanceType: "m5.2xlarge" }, { provider: importedProvider });
const d = new aws.ec2.Instance("d", { instanceType: "c5.large" }, { provider: cond ? computed : bare });
`;
    assert.deepEqual(regions(find('index.ts', text, [stack])), ['m5.large@-', 'm5.xlarge@-', 'm5.2xlarge@-', 'c5.large@-']);
  });

  it('Python: opts=pulumi.ResourceOptions(provider=west), with Args classes and a type-annotated TS provider', () => {
    const py = `import pulumi
import pulumi_aws as aws

west = aws.Provider("west", region="us-west-2")
web = aws.ec2.Instance("web",
    instance_type="m5.large",
    opts=pulumi.ResourceOptions(provider=west))
lt = aws.ec2.Instance("lt", aws.ec2.InstanceArgs(instance_type="c6i.large"), opts=pulumi.ResourceOptions(provider=west))
home = aws.ec2.Instance("home", instance_type="t3.micro")
tpl = aws.ec2.LaunchTemplate("tpl", args=aws.ec2.LaunchTemplateArgs(instance_type="c7i.large"), opts=pulumi.ResourceOptions(provider=west))
job = run(args=["m5.large"])
east = aws.Provider("east", region=region_from_env())
other = aws.ec2.Instance("other", instance_type="r5.large", opts=pulumi.ResourceOptions(provider=east))
`;
    const fs = find('__main__.py', py, [stack]);
    assert.deepEqual(regions(fs), ['m5.large@us-west-2', 'c6i.large@us-west-2', 't3.micro@eu-west-1', 'c7i.large@us-west-2', 'r5.large@-']);
    assert.equal(fs[0]!.region!.reason, 'Pulumi provider west region (__main__.py:4)');
    const ts =
      'import * as aws from "@pulumi/aws";\nconst west: aws.Provider = new aws.Provider("west", { region: "ap-south-1" });\nnew aws.rds.Instance("db", { instanceClass: "db.r6g.large" }, { provider: west });\n';
    assert.deepEqual(regions(find('index.ts', ts, [stack])), ['db.r6g.large@ap-south-1']);
  });

  it('YAML: options.provider ${west} follows a pulumi:providers:aws with a literal region; a computed one gives none', () => {
    const text = `name: app
runtime: yaml
resources:
  west:
    type: pulumi:providers:aws
    properties:
      region: us-west-2
  computed:
    type: pulumi:providers:aws
    properties:
      region: \${regionConfig}
  web:
    type: aws:ec2:Instance
    properties:
      instanceType: m5.large
    options:
      provider: \${west}
  other:
    type: aws:ec2:Instance
    properties:
      instanceType: c5.large
    options:
      provider: \${computed}
  home:
    type: aws:ec2:Instance
    properties:
      instanceType: t3.micro
`;
    const fs = find('Pulumi.yaml', text, [stack]);
    assert.deepEqual(regions(fs), ['m5.large@us-west-2', 'c5.large@-', 't3.micro@eu-west-1']);
    assert.equal(fs[0]!.region!.reason, 'Pulumi provider west region (Pulumi.yaml:7)');
  });
});

describe('IaC regions: Terraform provider aliases', () => {
  const providers =
    'provider "aws" {\n  region = "eu-west-1"\n}\nprovider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\nprovider "aws" {\n  alias  = "computed"\n  region = data.external.r.result\n}\n';

  it('provider = aws.west runs in the alias region, and the reason names the alias', () => {
    const text = `${providers}resource "aws_instance" "x" {\n  provider      = aws.west\n  instance_type = "m5.large"\n}\nresource "aws_instance" "y" {\n  instance_type = "t3.micro"\n}\n`;
    const fs = find('main.tf', text);
    assert.deepEqual(regions(fs), ['m5.large@us-west-2', 't3.micro@eu-west-1']);
    assert.equal(fs[0]!.region!.reason, 'provider "aws" (alias west) region = "us-west-2" (main.tf:6)');
  });

  it('an alias declared in another file of the module counts; a computed or unknown alias is no region, not the default', () => {
    const text =
      'resource "aws_instance" "x" {\n  provider      = aws.west\n  instance_type = "m5.large"\n}\nresource "aws_instance" "c" {\n  provider      = aws.computed\n  instance_type = "c5.large"\n}\nresource "aws_instance" "u" {\n  provider      = aws.nowhere\n  instance_type = "r5.large"\n}\n';
    const fs = find('main.tf', text, [collectFacts('providers.tf', providers)]);
    assert.deepEqual(regions(fs), ['m5.large@us-west-2', 'c5.large@-', 'r5.large@-']);
    assert.match(fs[0]!.region!.reason, /alias west.*providers\.tf:6/);
  });

  it('a module call with providers = { aws = aws.west } runs its sizes there', () => {
    const text = `${providers}module "m" {\n  source = "./m"\n  providers = {\n    aws = aws.west\n  }\n  instance_type = "m5.large"\n}\nmodule "n" {\n  source = "./n"\n  instance_type = "t3.micro"\n}\n`;
    const fs = find('main.tf', text);
    assert.deepEqual(regions(fs), ['m5.large@us-west-2', 't3.micro@eu-west-1']);
    assert.match(fs[0]!.region!.reason, /alias west/);
  });
});
