import { Zone } from '../../lib/policy';
import { inZone } from '../../lib/template/network';
import { compliant, localized, nonCompliant, notApplicable, Problem } from '../outcome';
import { conditionValues, statementsOf } from '../../lib/template/policy-document';
import { flatten } from '../../lib/template/principal';
import { resourceRule } from '../rule';

const EQUALS = /^(ForAnyValue:|ForAllValues:)?String(Equals|Like)(IfExists)?$/i;
const RESOURCE_SCOPE_KEYS = ['aws:ResourceAccount', 'aws:ResourceOrgID', 'aws:ResourceOrgPaths'];

/** True when the Resource names every resource of the service, in any account (`*`, `arn:aws:kms:*:*:key/*`). */
function anyResource(text: string): boolean {
  if (text === '*') return true;
  const parts = text.replace(/\$\{[^}]*\}/g, 'ref').split(':');
  return (
    parts.length >= 6 && parts[0] === 'arn' && (parts[4] === '*' || parts[4] === '') && /^(\*|[a-z-]+\/\*)$/.test(parts.slice(5).join(':'))
  );
}

/**
 * Interface endpoints (KMS, STS, SQS, CloudWatch Logs, …) of the LGWAN zone reach only this
 * account's (or organization's) resources: they have a policy, and every Allow on any resource
 * carries aws:ResourceAccount or aws:ResourceOrgID. Otherwise a workload writes to another
 * account's queue, log group or key through the endpoint and the zone's data leaves with no
 * network path (the LGWAN twin of LGSEC-MYNUMBER-ENDPOINT-RESOURCE-SCOPE).
 */
export const lgwanInterfaceEndpointResourceScope = resourceRule(['AWS::EC2::VPCEndpoint'], (endpoint, index) => {
  if (!inZone(index.zoneOf(endpoint), Zone.LGWAN)) return notApplicable();
  if (String(index.literalString(endpoint.properties.VpcEndpointType) ?? 'Gateway').toLowerCase() !== 'interface') return notApplicable();
  const document = endpoint.properties.PolicyDocument;
  if (document === undefined) {
    return nonCompliant(
      localized(
        'PolicyDocument is not set, so the endpoint allows every action on every resource of every account',
        'PolicyDocument が設定されていないため、エンドポイントはすべてのアカウントのすべてのリソースへのすべての操作を許す',
      ),
    );
  }
  const problems: Problem[] = [];
  statementsOf(document).forEach((statement, i) => {
    if (statement.effect !== 'Allow') return;
    // GetCallerIdentity has no resource and tells only who the caller is.
    if (
      statement.actions.length > 0 &&
      statement.actions.every((a) => typeof a === 'string' && a.toLowerCase() === 'sts:getcalleridentity')
    ) {
      return;
    }
    const wide =
      statement.notResources.length > 0 ||
      statement.resources.some((r) => anyResource(flatten(index, r).replace(/\$\{AWS::Partition\}/g, 'aws')));
    if (!wide) return;
    if (RESOURCE_SCOPE_KEYS.some((key) => conditionValues(statement, EQUALS, key).length > 0)) return;
    problems.push(
      localized(
        `Statement[${i}] allows resources of any account: add aws:ResourceAccount (or aws:ResourceOrgID) to its condition or list the resources`,
        `Statement[${i}] がどのアカウントのリソースも許している：条件に aws:ResourceAccount（又は aws:ResourceOrgID）を加えるか、リソースを列挙する`,
      ),
    );
  });
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
