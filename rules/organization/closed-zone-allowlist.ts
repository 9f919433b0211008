import { serviceActions, serviceKeys } from '../../lib/template/iam/iam-data';
import { globTest } from '../../lib/template/iam/match';
import {
  decideUnder,
  levelsForPolicy,
  OrganizationPolicy,
  organizationNamed,
  organizationPolicyOf,
  SERVICE_CONTROL_POLICY,
} from '../../lib/template/iam/organizations';
import { isUnknownText, Policy } from '../../lib/template/iam/policy';
import { MEMBER_ACCOUNT, resourceArnFor, roleCaller } from '../../lib/template/iam/probes';
import { LocalizedDetail, localized, notApplicable, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';

/** Guardrails (the `lgsec:guardrail` tag) that close a zone's network. */
const CLOSED_GUARDRAILS = ['mynumber-closed-network', 'lgwan-closed-network'];
const CLOSED_ZONES = ['mynumber', 'lgwan'];

/**
 * Ways out of a closed zone, or services it must not run, including ones of services a zone
 * allowlists whole (ec2, lambda): each stays denied whatever else the allowlist admits.
 */
export const CLOSED_ZONE_FORBIDDEN_ACTIONS = [
  'lambda:CreateFunctionUrlConfig',
  'apigateway:POST',
  'ec2:CreateInternetGateway',
  'ec2:AttachInternetGateway',
  'ec2:CreateEgressOnlyInternetGateway',
  'ec2:CreateNatGateway',
  'ec2:CreateCarrierGateway',
  'ec2:CreateDefaultVpc',
  'ec2:CreateDefaultSubnet',
  'ec2:CreateVpcPeeringConnection',
  'ec2:CreateTransitGatewayPeeringAttachment',
  'ec2:CreateClientVpnEndpoint',
  'ec2:CreateVerifiedAccessInstance',
  'vpc-lattice:CreateServiceNetwork',
  'networkmanager:CreateCoreNetwork',
  'directconnect:CreateConnection',
  'globalaccelerator:CreateAccelerator',
  'cloudfront:CreateDistribution',
  'apprunner:CreateService',
  'lightsail:CreateInstances',
  'transfer:CreateServer',
  'sagemaker:CreateNotebookInstance',
  'sagemaker:CreatePresignedNotebookInstanceUrl',
  'iot:CreateTopicRule',
  'ses:SendEmail',
  // A service AWS launches tomorrow.
  'lgsecprobe:AnyFutureAction',
];

/** True for an SCP of a closed zone: its guardrail tag, or zones that are all closed ones. */
export function isClosedZonePolicy(organization: OrganizationPolicy): boolean {
  const guardrails = (organization.guardrail ?? '').split(/\s+/);
  if (guardrails.some((g) => CLOSED_GUARDRAILS.includes(g))) return true;
  return organization.zones.length > 0 && organization.zones.every((zone) => CLOSED_ZONES.includes(zone));
}

/** Condition keys that only single out who is exempt: a statement conditioned on nothing else binds every ordinary caller. */
const EXEMPTION_KEYS = /^aws:(principaltag\/.+|principalarn|principalaccount|principalorgpaths|principalorgid)$/;

/**
 * The NotAction lists of Deny statements on every resource that bind every ordinary caller:
 * allowlists of what the target may use (a NotAction list under another condition, such as a
 * region, is not one).
 */
function allowlists(levels: readonly (readonly Policy[])[]): string[][] {
  return levels
    .flat()
    .flatMap((policy) => policy.statements)
    .filter((s) => s.effect === 'Deny' && s.notAction !== undefined && (s.resource ?? []).includes('*'))
    .filter((s) => s.conditions.every((c) => EXEMPTION_KEYS.test(c.key.toLowerCase())))
    .map((s) => s.notAction!.filter((a): a is string => !isUnknownText(a)));
}

/**
 * For each service of the AWS catalogue that an allowlist leaves out (whole or in part), one
 * of its actions outside the allowlist: set arithmetic over the service list, so that no
 * service is missed, whatever the sample names.
 */
function actionsOutside(lists: readonly string[][]): string[] {
  if (lists.length === 0) return [];
  const out: string[] = [];
  for (const service of serviceKeys()) {
    const outside = serviceActions(service).find(({ action }) => lists.some((list) => !list.some((p) => globTest(p, action, true))));
    if (outside) out.push(outside.action);
  }
  return out;
}

/**
 * The SCPs of a closed zone (My Number, LGWAN) are an allowlist: with every SCP that governs
 * each target (FullAWSAccess and the run's SCPs on the root, the OUs above, the target), an
 * ordinary administrator of a member account, whose identity policy allows everything, is
 * refused every action of the sample of ways out ({@link CLOSED_ZONE_FORBIDDEN_ACTIONS}) and,
 * where a NotAction allowlist is given, one action of every service of the AWS catalogue the
 * allowlist leaves out. A denylist of known ways out is not enough: each service AWS adds is
 * a new way out.
 */
export const organizationClosedZoneAllowlist = resourceRule(['AWS::Organizations::Policy'], (resource, index) => {
  const organization = organizationPolicyOf(resource, index);
  if (organization.type !== SERVICE_CONTROL_POLICY || !isClosedZonePolicy(organization)) return notApplicable();
  const org = organizationNamed(organization.policy);
  const problems: LocalizedDetail[] = [];
  const open = new Map<string, LocalizedDetail>();
  for (const { target, levels } of levelsForPolicy(organization, index)) {
    const caller = roleCaller({ account: MEMBER_ACCOUNT, organizationId: org, organizationPaths: [`${org}/r-lgsec/${target}/`] });
    const probes = [...new Set([...CLOSED_ZONE_FORBIDDEN_ACTIONS, ...actionsOutside(allowlists(levels))])];
    const allowed: string[] = [];
    for (const action of probes) {
      const resourceArn = resourceArnFor(action, { account: MEMBER_ACCOUNT, region: 'ap-northeast-1' }) ?? '*';
      const decision = decideUnder(SERVICE_CONTROL_POLICY, levels, {
        ...caller,
        action,
        resource: resourceArn,
        resourceAccount: MEMBER_ACCOUNT,
      });
      if (decision.allowed === true) allowed.push(action);
      else if (decision.allowed !== false) {
        const en = `whether the SCPs of ${target} refuse ${action} is not known: ${decision.reason}`;
        open.set(en, localized(en, `${target} の SCP が ${action} を拒否するか分からない：${decision.reason}`));
      }
    }
    if (allowed.length > 0) {
      const shown = allowed.slice(0, 12).join(', ');
      const more = allowed.length > 12 ? ` and ${allowed.length - 12} more` : '';
      const moreJa = allowed.length > 12 ? `（ほか ${allowed.length - 12} 件）` : '';
      problems.push(
        localized(
          `the SCPs of ${target} let an ordinary administrator of a member account ${shown}${more}`,
          `${target} の SCP では、メンバーアカウントの通常の管理者が ${shown}${moreJa} を実行できる`,
        ),
      );
    }
  }
  if (problems.length > 0) {
    problems.push(
      localized(
        "deny every service outside the zone's allowlist (Deny with NotAction listing the services the zone runs) and, " +
          'within the services it runs, each way out',
        'ゾーンの許可リストにないサービスをすべて拒否し（ゾーンが使うサービスを NotAction に列挙した Deny）、' +
          '使うサービスの中でも外部への経路をそれぞれ拒否すること',
      ),
    );
  }
  return outcomeOf(problems, [...open.values()]);
});
