import { Tags, Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { PropsProblems } from '../private/validation';
import { GUARDRAIL_TAG_KEYS, GuardrailEnforcement, GuardrailMechanism } from './tags';

/** The kinds of organization policy a guardrail can be. */
export enum GuardrailPolicyType {
  /** Caps what principals in the target accounts may do (SCP). */
  SERVICE_CONTROL_POLICY = 'SERVICE_CONTROL_POLICY',
  /** Caps what anyone may do to the target accounts' resources (RCP). */
  RESOURCE_CONTROL_POLICY = 'RESOURCE_CONTROL_POLICY',
}

/**
 * AWS Organizations' quota on the size of a service control policy and of a resource control
 * policy, in characters of the policy document. CloudFormation sends the document as compact
 * JSON, so that is what counts.
 */
export const MAX_GUARDRAIL_POLICY_CHARACTERS = 5120;

/**
 * AWS Organizations' quota on the policies of one type attached directly to one root, OU or
 * account. The AWS managed FullAWSAccess (RCPFullAWSAccess) policy counts as one of them.
 */
export const MAX_POLICIES_PER_TARGET = 5;

/** One statement of an SCP or RCP, as AWS Organizations reads it. */
export interface GuardrailStatement {
  readonly Sid: string;
  readonly Effect: 'Deny' | 'Allow';
  /** RCPs only, and then always `*`. */
  readonly Principal?: '*';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface GuardrailPolicyProps {
  readonly type: GuardrailPolicyType;
  /** Policy name in AWS Organizations, 1-128 characters, unique in the organization. */
  readonly policyName: string;
  /** @default - no description */
  readonly description?: string;
  /** The statements, all literal (a policy's size must be known at synth time). */
  readonly statements: GuardrailStatement[];
  /**
   * Roots (`r-…`), OUs (`ou-…-…`) or accounts (12 digits) the policy is attached to.
   * @default - created but attached to nothing
   */
  readonly targetIds?: string[];
  /**
   * Short kebab-case name of what the guardrail enforces, for the report (`lgsec:guardrail` tag);
   * several space-separated when one policy holds several guardrails.
   */
  readonly guardrail: string;
  /**
   * The zones whose OUs `targetIds` are, for the report (`lgsec:guardrail-zones` tag).
   * @default - none named
   */
  readonly zones?: Zone[];
}

const TARGET_ID = /^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/** Compact JSON of a policy document: the characters AWS Organizations counts. */
export function policyDocumentText(statements: readonly GuardrailStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * One AWS Organizations policy (`AWS::Organizations::Policy`) of type SCP or RCP, attached to
 * the given targets. Throws at synth when the document is over the 5,120-character quota, so a
 * configuration that would fail at deploy time fails here, naming the policy and its size.
 *
 * Deploy it from the organization's management account (or a delegated administrator for
 * policy management).
 */
export class GuardrailPolicy extends Construct {
  public readonly policy: organizations.CfnPolicy;
  public readonly type: GuardrailPolicyType;
  /** Name of the policy in AWS Organizations. */
  public readonly policyName: string;
  /** The roots, OUs and accounts it is attached to. */
  public readonly targetIds: readonly string[];
  /** Size of the document in characters, as AWS Organizations counts it. */
  public readonly size: number;
  public readonly document: { Version: string; Statement: GuardrailStatement[] };

  constructor(scope: Construct, id: string, props: GuardrailPolicyProps) {
    super(scope, id);
    const problems = new PropsProblems(this, 'GuardrailPolicy');
    if (!/^[\x20-\x7e]{1,128}$/.test(props.policyName)) {
      problems.add(`policyName: '${props.policyName}' must be 1-128 printable ASCII characters`);
    }
    if (props.description !== undefined && props.description.length > 512) {
      problems.add(`description: ${props.description.length} characters; AWS Organizations takes at most 512`);
    }
    if (props.statements.length === 0) problems.add('statements: the list is empty; a guardrail needs at least one statement');
    for (const target of props.targetIds ?? []) {
      if (Token.isUnresolved(target) || !TARGET_ID.test(target)) {
        problems.add(`targetIds: '${target}' is not a literal root (r-…), OU (ou-…-…) or 12-digit account id`);
      }
    }
    const text = policyDocumentText(props.statements);
    if (Token.isUnresolved(text)) {
      problems.add("statements: contain an unresolved token; write ARNs and ids as literals so the policy's size is known at synth time");
    }
    const kind = props.type === GuardrailPolicyType.SERVICE_CONTROL_POLICY ? 'service control policy' : 'resource control policy';
    if (text.length > MAX_GUARDRAIL_POLICY_CHARACTERS) {
      problems.add(
        `the ${kind} '${props.policyName}' is ${text.length} characters of compact JSON, over AWS Organizations' limit of ` +
          `${MAX_GUARDRAIL_POLICY_CHARACTERS}; list fewer roles, regions or ARNs (use wildcards), or split it into two policies`,
      );
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*( [a-z0-9]+(-[a-z0-9]+)*)*$/.test(props.guardrail)) {
      problems.add(`guardrail: '${props.guardrail}' must be kebab-case names separated by single spaces, like 'japan-regions'`);
    }
    problems.addAll(statementProblems(props.type, props.statements));
    problems.throwIfAny();

    this.type = props.type;
    this.policyName = props.policyName;
    this.targetIds = [...new Set(props.targetIds ?? [])].sort();
    this.size = text.length;
    this.document = JSON.parse(text) as { Version: string; Statement: GuardrailStatement[] };
    this.policy = new organizations.CfnPolicy(this, 'Resource', {
      name: props.policyName,
      type: props.type,
      content: this.document,
      ...(props.description === undefined ? {} : { description: props.description }),
      ...(this.targetIds.length > 0 ? { targetIds: [...this.targetIds] } : {}),
    });
    Tags.of(this.policy).add(GUARDRAIL_TAG_KEYS.guardrail, props.guardrail);
    if (props.zones && props.zones.length > 0) {
      Tags.of(this.policy).add(GUARDRAIL_TAG_KEYS.zones, [...new Set(props.zones)].sort().join(' '));
    }
    Tags.of(this.policy).add(GUARDRAIL_TAG_KEYS.enforcement, GuardrailEnforcement.ORGANIZATION);
    Tags.of(this.policy).add(
      GUARDRAIL_TAG_KEYS.mechanism,
      props.type === GuardrailPolicyType.SERVICE_CONTROL_POLICY
        ? GuardrailMechanism.SERVICE_CONTROL_POLICY
        : GuardrailMechanism.RESOURCE_CONTROL_POLICY,
    );
  }
}

/**
 * What AWS Organizations would refuse in these statements: RCPs only deny, always for
 * `Principal: '*'`, and support neither `NotAction` nor a bare `*` action; SCPs take no Principal.
 */
function statementProblems(type: GuardrailPolicyType, statements: readonly GuardrailStatement[]): string[] {
  const problems: string[] = [];
  const isRcp = type === GuardrailPolicyType.RESOURCE_CONTROL_POLICY;
  const sids = new Set<string>();
  for (const statement of statements) {
    const name = `statement '${statement.Sid}'`;
    if (sids.has(statement.Sid)) problems.push(`${name}: the Sid is used twice; statement ids must be unique in a policy`);
    sids.add(statement.Sid);
    if (!/^[A-Za-z0-9]+$/.test(statement.Sid)) problems.push(`${name}: a Sid takes only letters and digits`);
    if ((statement.Action === undefined) === (statement.NotAction === undefined))
      problems.push(`${name}: give exactly one of Action and NotAction`);
    if ((statement.Resource === undefined) === (statement.NotResource === undefined))
      problems.push(`${name}: give exactly one of Resource and NotResource`);
    if (isRcp) {
      if (statement.Principal !== '*') problems.push(`${name}: a resource control policy statement needs Principal '*'`);
      if (statement.Effect !== 'Deny') problems.push(`${name}: resource control policies only deny`);
      if (statement.NotAction !== undefined) problems.push(`${name}: resource control policies do not support NotAction; list the actions`);
      const actions = typeof statement.Action === 'string' ? [statement.Action] : (statement.Action ?? []);
      if (actions.includes('*')) problems.push(`${name}: a resource control policy cannot deny '*'; name the services ('s3:*', …)`);
    } else if (statement.Principal !== undefined) {
      problems.push(`${name}: a service control policy statement takes no Principal`);
    }
  }
  return problems;
}
