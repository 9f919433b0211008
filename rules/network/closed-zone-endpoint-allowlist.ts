import { Zone } from '../../lib/policy';
import { inZone } from '../../lib/template/network';
import { isUnknownText, Statement } from '../../lib/template/iam/policy';
import {
  allowEverything,
  FOREIGN_ACCOUNT,
  FOREIGN_ORGANIZATION,
  hasWildcard,
  instantiate,
  OTHER_MEMBER_ACCOUNT,
  roleCaller,
} from '../../lib/template/iam/probes';
import {
  callerAccounts,
  endpointPolicyOf,
  ownerChosenContext,
  Probe,
  resourcesText,
  runProbes,
  statementLabel,
  valuesNamed,
} from '../../lib/template/iam/resources';
import { refOf } from '../../lib/template/iam/template-policy';
import { flatten } from '../../lib/template/principal';
import { localized, nonCompliant, notApplicable, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';

/** A bucket or table the zone does not own, in the zone's own account. */
const NOT_THE_ZONES = 'lgsec-probe-not-the-zones';

/**
 * The names an adversary gives their bucket or table to match an Allow's Resource. Bucket names
 * are global, so only a name with a wildcard can be matched in another account; a table's ARN
 * holds its account, so a wildcard account field is enough.
 */
function namesToMatch(statement: Statement, service: 's3' | 'dynamodb'): string[] {
  const out = new Set<string>();
  if (statement.notResource) out.add('lgsec-probe');
  for (const pattern of statement.resource ?? []) {
    if (isUnknownText(pattern)) continue;
    if (pattern === '*') {
      out.add('lgsec-probe');
      continue;
    }
    if (service === 's3') {
      const bucket = /^arn:[^:]*:s3:::([^/]*)/.exec(pattern)?.[1];
      if (bucket !== undefined && hasWildcard(bucket)) out.add(instantiate(bucket));
    } else {
      const table = /^arn:[^:]*:dynamodb:[^:]*:([^:]*):table\/([^/]*)/.exec(pattern);
      if (table && (hasWildcard(table[1]) || hasWildcard(table[2]))) out.add(instantiate(table[2]));
    }
  }
  return [...out];
}

/**
 * The S3 and DynamoDB gateway endpoints of a `mynumber` or `lgwan` VPC reach the zone's own
 * buckets and tables only. Judged by the evaluator: a principal of the zone, through the
 * endpoint, reading and writing (1) a bucket or table of an account outside the organization,
 * named to match each wildcard of the Allow statements and tagged as their conditions ask, (2)
 * one of another member account of the organization the policy names, and (3) one of the zone's
 * own account that the zone does not own, is refused every time. Wildcard names without an
 * account pin, aws:ResourceTag (chosen by the resource's owner) or a Resource of every bucket
 * with only aws:ResourceAccount or aws:ResourceOrgID let data cross zones around the
 * sanitizing transfer and the perimeter.
 */
export const closedZoneEndpointAllowlist = resourceRule(['AWS::EC2::VPCEndpoint'], (endpoint, index) => {
  if (!inZone(index.zoneOf(endpoint), Zone.MY_NUMBER, Zone.LGWAN)) return notApplicable();
  const type = String(index.literalString(endpoint.properties.VpcEndpointType) ?? 'Gateway');
  const serviceName = flatten(index, endpoint.properties.ServiceName);
  const service = /\.(s3|dynamodb)$/.exec(serviceName)?.[1] as 's3' | 'dynamodb' | undefined;
  if (type.toLowerCase() !== 'gateway' || !service) return notApplicable();
  const policy = endpointPolicyOf(endpoint, index);
  if (!policy)
    return nonCompliant(
      localized(
        'PolicyDocument is not set: the endpoint allows every bucket or table of every account',
        'PolicyDocument が設定されておらず、エンドポイントがあらゆるアカウントのあらゆるバケット・テーブルへのアクセスを許している',
      ),
    );
  const region = index.region ?? 'ap-northeast-1';
  const vpce = refOf({ resource: endpoint, index });
  const owned = ownerChosenContext(policy);
  const organizations = valuesNamed(policy, /^aws:resourceorgid$/);
  const orgPaths = valuesNamed(policy, /^aws:resourceorgpaths$/);
  const probes: (Probe & { statement?: Statement })[] = [];
  for (const account of callerAccounts(index, policy)) {
    const caller = roleCaller({ account, context: { 'aws:SourceVpce': vpce } });
    const targets: { whose: string; owner: string; name: string; context: Record<string, string | string[]> }[] = [];
    for (const statement of policy.statements.filter((s) => s.effect === 'Allow')) {
      for (const name of namesToMatch(statement, service)) {
        targets.push({
          whose: `an account outside the organization (${FOREIGN_ACCOUNT})`,
          owner: FOREIGN_ACCOUNT,
          name,
          context: { ...owned, 'aws:ResourceOrgID': FOREIGN_ORGANIZATION, 'aws:ResourceOrgPaths': [`${FOREIGN_ORGANIZATION}/r-lgsec/`] },
        });
        if (organizations.length > 0 || orgPaths.length > 0) {
          targets.push({
            whose: `another member account of the organization (${OTHER_MEMBER_ACCOUNT})`,
            owner: OTHER_MEMBER_ACCOUNT,
            name,
            context: {
              ...owned,
              ...(organizations.length > 0 ? { 'aws:ResourceOrgID': organizations[0] } : {}),
              ...(orgPaths.length > 0 ? { 'aws:ResourceOrgPaths': [orgPaths[0]] } : {}),
            },
          });
        }
      }
    }
    targets.push({ whose: 'the same account, not the zone’s', owner: account, name: NOT_THE_ZONES, context: { ...owned } });
    for (const target of targets) {
      const [actions, resource] =
        service === 's3'
          ? [['s3:PutObject', 's3:GetObject'], `arn:aws:s3:::${target.name}/lgsec-probe`]
          : [['dynamodb:PutItem', 'dynamodb:GetItem'], `arn:aws:dynamodb:${region}:${target.owner}:table/${target.name}`];
      for (const action of actions) {
        probes.push({
          what: `${action} on ${service === 's3' ? 'bucket' : 'table'} '${target.name}' of ${target.whose}`,
          request: {
            ...caller,
            context: {
              ...caller.context,
              ...target.context,
              'aws:ResourceAccount': target.owner,
              ...(service === 's3' ? { 's3:ResourceAccount': target.owner } : {}),
            },
            action,
            resource,
            resourceAccount: target.owner,
          },
          policies: {
            identity: [allowEverything('an administrator policy')],
            endpoint: policy,
            ...(target.owner === account ? {} : { resource: allowEverything("the adversary's resource policy", true) }),
          },
        });
      }
    }
  }
  const { allowed, open } = runProbes(probes);
  const byStatement = new Map<Statement, string[]>();
  for (const { probe, decision } of allowed) {
    for (const grant of decision.allows.filter((a) => a.layer === 'endpoint' && a.applies === true)) {
      const list = byStatement.get(grant.statement) ?? [];
      if (!list.includes(probe.what)) list.push(probe.what);
      byStatement.set(grant.statement, list);
    }
  }
  const problems = [...byStatement].map(([statement, whats]) => {
    const shown = whats.slice(0, 3).join('; ');
    const more = whats.length > 3 ? ` (and ${whats.length - 3} more)` : '';
    const moreJa = whats.length > 3 ? `（ほか ${whats.length - 3} 件）` : '';
    return localized(
      `${statementLabel(statement)} allows Resource ${resourcesText(statement)}: a principal of the zone may ${shown}${more} ` +
        "through the endpoint; list the zone's own buckets and tables by name, " +
        'and pin aws:ResourceAccount (or s3:ResourceAccount) where a name has a wildcard',
      `${statementLabel(statement)} が Resource ${resourcesText(statement)} を許しており、` +
        `ゾーンのプリンシパルがエンドポイント経由で ${shown}${moreJa} を実行できる。` +
        'ゾーン自身のバケット・テーブルを名前で列挙し、名前にワイルドカードがある場合は aws:ResourceAccount（または s3:ResourceAccount）で固定すること',
    );
  });
  return outcomeOf(
    problems,
    open.map((o) =>
      localized(
        `whether the endpoint allows ${o.probe.what} is not known: ${o.decision.reason}`,
        `エンドポイントが ${o.probe.what} を許すか分からない：${o.decision.reason}`,
      ),
    ),
  );
});
