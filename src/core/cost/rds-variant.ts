/**
 * RDS engine names as Terraform and CloudFormation write them → the offer's attribute values
 * (docs/cost-model.md §5.1). An engine we cannot map is not guessed: the caller lists it unpriced.
 */
import { isTrue } from './attribute-values';

export interface RdsVariant {
  filter: Record<string, string>;
  /** Why, for a person: `engine = "postgres" → PostgreSQL`. */
  reasons: string[];
}

const engines: Record<string, { engine: string; edition?: string; license?: string }> = {
  postgres: { engine: 'PostgreSQL' },
  mysql: { engine: 'MySQL' },
  mariadb: { engine: 'MariaDB' },
  aurora: { engine: 'Aurora MySQL' },
  'aurora-mysql': { engine: 'Aurora MySQL' },
  'aurora-postgresql': { engine: 'Aurora PostgreSQL' },
  'oracle-se2': { engine: 'Oracle', edition: 'Standard Two', license: 'License included' },
  'oracle-se2-cdb': { engine: 'Oracle', edition: 'Standard Two', license: 'License included' },
  'oracle-se1': { engine: 'Oracle', edition: 'Standard One', license: 'License included' },
  'oracle-ee': { engine: 'Oracle', edition: 'Enterprise', license: 'Bring your own license' },
  'oracle-ee-cdb': { engine: 'Oracle', edition: 'Enterprise', license: 'Bring your own license' },
  'sqlserver-ex': { engine: 'SQL Server', edition: 'Express', license: 'License included' },
  'sqlserver-web': { engine: 'SQL Server', edition: 'Web', license: 'License included' },
  'sqlserver-se': { engine: 'SQL Server', edition: 'Standard', license: 'License included' },
  'sqlserver-ee': { engine: 'SQL Server', edition: 'Enterprise', license: 'License included' },
};

export function rdsEngines(): string[] {
  return Object.keys(engines);
}

/**
 * `engine` as written (undefined: absent; null: present but computed), `multiAz` likewise,
 * `licenseModel` the Terraform/CloudFormation value. Returns a reason string when it cannot decide.
 */
export function rdsVariant(
  engine: string | null | undefined,
  multiAz: string | null | undefined,
  licenseModel: string | undefined,
  keys: { engine: string; multiAz: string },
): RdsVariant | { unpriced: string } {
  if (engine === null) return { unpriced: `${keys.engine} is computed in the file, so the engine (and its price) is not known` };
  if (engine === undefined) return { unpriced: `${keys.engine} is not set: RDS needs it to price the instance` };
  const mapped = engines[engine.toLowerCase()];
  if (!mapped) return { unpriced: `${keys.engine} = "${engine}" is not an engine the cost model knows (${Object.keys(engines).join(', ')})` };
  if (multiAz === null) return { unpriced: `${keys.multiAz} is computed in the file, so Single-AZ or Multi-AZ is not known` };
  const multi = isTrue(multiAz);
  const filter: Record<string, string> = { databaseEngine: mapped.engine, deploymentOption: multi ? 'Multi-AZ' : 'Single-AZ' };
  const reasons = [`${keys.engine} = "${engine}" → ${mapped.engine}${mapped.edition ? ` ${mapped.edition}` : ''}`];
  reasons.push(multiAz === undefined ? `${keys.multiAz} not set → Single-AZ` : `${keys.multiAz} = ${multiAz} → ${filter.deploymentOption}`);
  if (mapped.edition) filter.databaseEdition = mapped.edition;
  let license = mapped.license;
  if (licenseModel && /^bring-your-own-license$/i.test(licenseModel)) {
    license = 'Bring your own license';
    reasons.push('license_model = bring-your-own-license → BYOL price');
  }
  if (license) filter.licenseModel = license;
  return { filter, reasons };
}
