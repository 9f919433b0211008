import { Stack, Token } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { designDecisionEntry, DESIGN_DECISIONS } from '../private/exceptions';
import { PropsProblems } from '../private/validation';
import { DEFAULT_BREAK_GLASS_ROLE_NAME } from './deployment-path';
import { serviceManagedStackSet, StackSetCaller, stackSetProblems } from './private/service-managed-stack-set';
import { EXEMPTION_TAG_KEY, Exemption, GUARDRAIL_TAG_KEYS } from './tags';

export interface BreakGlassAccessProps {
  /** OUs (`ou-…-…`) whose member accounts get the break-glass role, including accounts that join later. */
  readonly targetOuIds: string[];
  /**
   * Who may assume the role, with MFA: role or user ARNs of the management (or identity)
   * account, 12-digit account and no wildcard. Prefer IAM users with hardware MFA kept for
   * emergencies: sessions federated through IAM Identity Center do not carry
   * `aws:MultiFactorAuthPresent`, so they cannot assume it.
   */
  readonly trustedPrincipalArns: string[];
  /**
   * The role's name: it must be one of `ZoneGuardrails`' `breakGlassRoleNames`.
   * @default 'lgsec-break-glass'
   */
  readonly roleName?: string;
  /**
   * What the role may do (it is exempt from the guardrails, not from IAM).
   * @default ['arn:aws:iam::aws:policy/AdministratorAccess']
   */
  readonly managedPolicyArns?: string[];
  /**
   * How long an MFA sign-in stays good for assuming the role, in seconds; a session lasts an hour.
   * @default 3600
   */
  readonly maxMfaAgeSeconds?: number;
  /**
   * The region of the stack instances: IAM is global, so one.
   * @default - the stack's region
   */
  readonly region?: string;
  /**
   * Who deploys the StackSet: the management account (`SELF`) or a delegated administrator.
   * @default 'SELF'
   */
  readonly callAs?: StackSetCaller;
  /** @default 'lgsec-break-glass' */
  readonly stackSetName?: string;
  /**
   * The zones of `targetOuIds`, for the report.
   * @default - none named
   */
  readonly zones?: Zone[];
}

const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/**
 * The break-glass role in every member account of the given OUs, deployed from the management
 * account by a service-managed StackSet. Created and changed only that way: the guardrails deny
 * every other principal any change to a role of that name and the exemption tag it carries
 * (`lgsec:exemption=break-glass`), so no account administrator can mint a second one.
 *
 * Its trust names the management (or identity) account's principals and requires MFA; sessions
 * last at most an hour. Every use is an event (`AssumeRole` of `role/<roleName>`) the security
 * account's alarm must report.
 */
export class BreakGlassAccess extends Construct {
  public readonly stackSet: cloudformation.CfnStackSet;
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: BreakGlassAccessProps) {
    super(scope, id);
    this.roleName = props.roleName ?? DEFAULT_BREAK_GLASS_ROLE_NAME;
    const region = props.region ?? Stack.of(this).region;
    const spec = {
      stackSetName: props.stackSetName ?? 'lgsec-break-glass',
      description: 'lgsec: the break-glass role, created and changed only by this StackSet of the management account',
      template: breakGlassTemplate(this.roleName, props, Token.isUnresolved(Stack.of(this).partition) ? 'aws' : Stack.of(this).partition),
      organizationalUnitIds: props.targetOuIds,
      regions: [region],
      callAs: props.callAs ?? 'SELF',
      guardrail: 'break-glass',
      zones: props.zones,
    };
    const problems = new PropsProblems(this, 'BreakGlassAccess');
    if (Token.isUnresolved(region)) problems.add('region: the stack has no literal region; give region');
    if (props.trustedPrincipalArns.length === 0)
      problems.add('trustedPrincipalArns: the list is empty; name who may assume the role in an emergency');
    for (const arn of props.trustedPrincipalArns) {
      if (!PRINCIPAL_ARN.test(arn)) {
        problems.add(
          `trustedPrincipalArns: '${arn}' is not a role or user ARN with a 12-digit account; ` +
            'an account root or a wildcard would let any of its administrators in',
        );
      }
    }
    if (!/^[\w+=,.@-]{1,64}$/.test(this.roleName)) problems.add(`roleName: '${this.roleName}' is not an IAM role name`);
    const age = props.maxMfaAgeSeconds ?? 3600;
    if (!Number.isInteger(age) || age < 60 || age > 43_200)
      problems.add(`maxMfaAgeSeconds: ${age} must be a whole number from 60 to 43200`);
    problems.addAll(stackSetProblems(spec));
    problems.throwIfAny();
    this.stackSet = serviceManagedStackSet(this, 'Resource', spec);
  }
}

/** The template each member account gets: the role, tagged as exempt, trusting only the named principals with MFA. */
function breakGlassTemplate(roleName: string, props: BreakGlassAccessProps, partition: string): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'lgsec: the break-glass role (created and changed only by a StackSet of the management account)',
    Resources: {
      BreakGlassRole: {
        Type: 'AWS::IAM::Role',
        Metadata: {
          lgsec: {
            acknowledgments: [
              designDecisionEntry('LGSEC-IAM-NO-ADMIN-STATEMENT', DESIGN_DECISIONS.breakGlassIsAdministrator),
              designDecisionEntry('LGSEC-CROSS-ACCOUNT-ROLE', DESIGN_DECISIONS.breakGlassHasNoBoundary),
            ],
          },
        },
        Properties: {
          RoleName: roleName,
          Description: 'lgsec break-glass: exempt from the guardrails; MFA, one hour, every use alarms',
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'OnlyNamedPrincipalsWithMfa',
                Effect: 'Allow',
                Principal: { AWS: [...props.trustedPrincipalArns] },
                Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
                Condition: {
                  Bool: { 'aws:MultiFactorAuthPresent': 'true' },
                  NumericLessThan: { 'aws:MultiFactorAuthAge': String(props.maxMfaAgeSeconds ?? 3600) },
                },
              },
            ],
          },
          ManagedPolicyArns: props.managedPolicyArns ?? [`arn:${partition}:iam::aws:policy/AdministratorAccess`],
          Tags: [
            { Key: EXEMPTION_TAG_KEY, Value: Exemption.BREAK_GLASS },
            { Key: GUARDRAIL_TAG_KEYS.guardrail, Value: 'break-glass' },
          ],
        },
      },
    },
    Outputs: { RoleArn: { Value: { 'Fn::GetAtt': ['BreakGlassRole', 'Arn'] } } },
  };
}
