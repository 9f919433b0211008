import { Tags } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { Zone } from '../../policy/zone';
import { GUARDRAIL_TAG_KEYS, GuardrailEnforcement, GuardrailMechanism } from '../tags';

/** CloudFormation's quota on a template passed in the request (a StackSet's TemplateBody), in bytes. */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;

/** Who deploys a service-managed StackSet: the management account, or a delegated administrator. */
export type StackSetCaller = 'SELF' | 'DELEGATED_ADMIN';

export interface ServiceManagedStackSetProps {
  readonly stackSetName: string;
  readonly description: string;
  readonly template: Record<string, unknown>;
  /** OUs whose member accounts get a stack instance; accounts that join them later get one too. */
  readonly organizationalUnitIds: readonly string[];
  readonly regions: readonly string[];
  readonly callAs: StackSetCaller;
  /** The guardrails it deploys, for the report. */
  readonly guardrail: string;
  readonly zones?: readonly Zone[];
}

/** What CloudFormation would refuse in a StackSet's props, each naming the prop (`prefix` before it). */
export function stackSetProblems(props: ServiceManagedStackSetProps, prefix = ''): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(JSON.stringify(props.template), 'utf8');
  if (bytes > MAX_TEMPLATE_BODY_BYTES) {
    problems.push(
      `the StackSet '${props.stackSetName}' template is ${bytes} bytes; ` +
        `CloudFormation takes at most ${MAX_TEMPLATE_BODY_BYTES} in a TemplateBody`,
    );
  }
  if (props.organizationalUnitIds.length === 0)
    problems.push(`${prefix}targetOuIds: the list is empty; name the OUs whose accounts get the stack`);
  for (const ou of props.organizationalUnitIds) {
    if (!OU_ID.test(ou)) problems.push(`${prefix}targetOuIds: '${ou}' is not a literal OU (ou-…-…) or root (r-…) id`);
  }
  if (props.regions.length === 0) problems.push(`${prefix}regions: the list is empty; name the regions of the stack instances`);
  for (const region of props.regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) problems.push(`${prefix}regions: '${region}' is not a region name like ap-northeast-1`);
  }
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(props.stackSetName)) {
    problems.push(
      `${prefix}stackSetName: '${props.stackSetName}' must start with a letter and hold only letters, digits and hyphens (at most 128)`,
    );
  }
  return problems;
}

const OU_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/**
 * A service-managed StackSet of the management account (or its delegated administrator) over
 * OUs: it deploys with the `stacksets-exec-*` role that the StackSets service-linked role
 * creates in every member account, the only principal the guardrails let change the roles they
 * exempt or trust. New accounts of the OUs get their instance automatically.
 */
export function serviceManagedStackSet(scope: Construct, id: string, props: ServiceManagedStackSetProps): cloudformation.CfnStackSet {
  const body = JSON.stringify(props.template);
  const stackSet = new cloudformation.CfnStackSet(scope, id, {
    stackSetName: props.stackSetName,
    description: props.description,
    permissionModel: 'SERVICE_MANAGED',
    callAs: props.callAs,
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    capabilities: ['CAPABILITY_NAMED_IAM'],
    managedExecution: { Active: true },
    operationPreferences: { failureToleranceCount: 0, maxConcurrentPercentage: 25, regionConcurrencyType: 'SEQUENTIAL' },
    stackInstancesGroup: [
      { deploymentTargets: { organizationalUnitIds: [...props.organizationalUnitIds].sort() }, regions: [...props.regions] },
    ],
    templateBody: body,
  });
  Tags.of(stackSet).add(GUARDRAIL_TAG_KEYS.guardrail, props.guardrail);
  if (props.zones && props.zones.length > 0) Tags.of(stackSet).add(GUARDRAIL_TAG_KEYS.zones, [...new Set(props.zones)].sort().join(' '));
  Tags.of(stackSet).add(GUARDRAIL_TAG_KEYS.enforcement, GuardrailEnforcement.ORGANIZATION);
  Tags.of(stackSet).add(GUARDRAIL_TAG_KEYS.mechanism, GuardrailMechanism.STACK_SET);
  return stackSet;
}
