import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { PriceAtlasError } from '../errors';
import type { AwsSession } from './aws-session';
import { optionRemedy } from '../remedy';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  userId: string;
}

/**
 * Who the credentials belong to. Needs no IAM permission (STS always answers for valid keys), so
 * it doubles as the cheapest check that credentials work; Budgets needs the account id anyway.
 */
export async function getCallerIdentity(session: AwsSession): Promise<CallerIdentity> {
  const client = session.sts();
  const out = await session.call('sts:GetCallerIdentity', session.globalRegion, () => client.send(new GetCallerIdentityCommand({})));
  if (!out.Account || !/^\d{12}$/.test(out.Account)) {
    throw new PriceAtlasError(`STS GetCallerIdentity returned no account id`, 'check the credentials and the AWS endpoint', {
      remedy: optionRemedy('awsEndpoint'),
    });
  }
  return { accountId: out.Account, arn: out.Arn ?? '', userId: out.UserId ?? '' };
}
