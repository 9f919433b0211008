import { Zone } from '../../lib/policy';
import { inZone } from '../../lib/template/network';
import { compliant, nonCompliant, notApplicable } from '../outcome';
import { statementsOf } from '../../lib/template/policy-document';
import { flatten } from '../../lib/template/principal';
import { resourceRule } from '../rule';
import { isRecord } from '../../lib/template/template-index';

/** True when a policy Resource names every bucket or table (of some account): `*`, `arn:aws:s3:::*`, `…:table/*`. */
function coversEveryResource(text: string): boolean {
  if (text === '*') return true;
  // `${AWS::Region}` and other references hold colons of their own.
  const parts = text.replace(/\$\{[^}]*\}/g, 'ref').split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  return /^(\*|table\/\*)(\/.*)?$/.test(parts.slice(5).join(':'));
}

/** Condition keys that narrow a wildcard Resource to chosen resources (not just to an account or organization). */
const NARROWING_KEY = /^aws:resourcetag\//i;

/**
 * The S3 and DynamoDB gateway endpoints of a `mynumber` or `lgwan` VPC list the zone's own
 * buckets and tables. An endpoint that allows every bucket of an account (Resource `*` with only
 * aws:ResourceAccount or aws:ResourceOrgID) lets the zone write to any bucket that another zone
 * reads, so data crosses zones around the sanitizing transfer and the perimeter.
 */
export const closedZoneEndpointAllowlist = resourceRule(['AWS::EC2::VPCEndpoint'], (endpoint, index) => {
  if (!inZone(index.zoneOf(endpoint), Zone.MY_NUMBER, Zone.LGWAN)) return notApplicable();
  const type = String(index.literalString(endpoint.properties.VpcEndpointType) ?? 'Gateway');
  const service = flatten(index, endpoint.properties.ServiceName);
  if (type.toLowerCase() !== 'gateway' || !/\.(s3|dynamodb)$/.test(service)) return notApplicable();
  const document = endpoint.properties.PolicyDocument;
  if (document === undefined) return nonCompliant('PolicyDocument is not set: the endpoint allows every bucket or table of every account');
  const problems: string[] = [];
  statementsOf(document).forEach((statement, i) => {
    if (statement.effect !== 'Allow') return;
    const narrowed = Object.values(statement.condition).some(
      (block) => isRecord(block) && Object.keys(block).some((key) => NARROWING_KEY.test(key)),
    );
    if (narrowed) return;
    if (statement.notResources.length > 0) {
      problems.push(`Statement[${i}] allows NotResource, which covers every other bucket or table`);
      return;
    }
    const wide = statement.resources.map((r) => flatten(index, r).replace(/\$\{AWS::Partition\}/g, 'aws')).filter(coversEveryResource);
    if (wide.length > 0) {
      problems.push(
        `Statement[${i}] allows Resource ${wide.map((w) => `'${w}'`).join(', ')}: every bucket or table of an account (aws:ResourceAccount or aws:ResourceOrgID does not narrow it to the zone's own); list the zone's buckets and tables instead`,
      );
    }
  });
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
