/**
 * What a machine image's name says about the instance's price: its operating system and any SQL
 * Server edition it carries (EC2 bills both by the hour). An AMI id is opaque offline; a name is
 * not, when the file says one: a Terraform `data "aws_ami"` name filter, a public SSM parameter
 * (`/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-SQL_2022_Standard`), a
 * CloudFormation parameter's default. Anything else is priced as Linux and says it was assumed.
 */

export interface ImageName {
  /** The name or pattern as written: `Windows_Server-2022-English-Full-Base-*`, an SSM path. */
  name: string;
  /** Where it was read: `data.aws_ami.win filter name`, `Parameters LatestAmiId default`. */
  via: string;
}

export interface ImageVariant {
  operatingSystem: string;
  preInstalledSw: string;
}

const sqlEditions: readonly [RegExp, string][] = [
  [/sql.?(server.?)?(20\d\d.?)?(ent(erprise)?)\b/i, 'SQL Ent'],
  [/sql.?(server.?)?(20\d\d.?)?(std|standard)\b/i, 'SQL Std'],
  [/sql.?(server.?)?(20\d\d.?)?web\b/i, 'SQL Web'],
];

/** The offer's `operatingSystem` and `preInstalledSw` a name implies (Express editions are free: NA). */
export function imageVariant(name: string): ImageVariant {
  const n = name.replace(/[_-]/g, ' ');
  const sw = sqlEditions.find(([re]) => re.test(n))?.[1] ?? 'NA';
  let os = 'Linux';
  if (/windows/i.test(n)) os = 'Windows';
  else if (/\brhel\b.*\bha\b|\bhigh availability\b/i.test(n)) os = 'Red Hat Enterprise Linux with HA';
  else if (/\brhel\b|red ?hat/i.test(n)) os = 'RHEL';
  else if (/\bsuse\b|\bsles\b/i.test(n)) os = 'SUSE';
  else if (/ubuntu pro/i.test(n)) os = 'Ubuntu Pro';
  return { operatingSystem: os, preInstalledSw: sw };
}
