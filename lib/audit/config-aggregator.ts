import { Duration, Token, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { JAPANESE_REGIONS } from '../storage/private/regions';
import { PropsProblems } from '../private/validation';

/** Props of `ConfigAggregator`. */
export interface ConfigAggregatorProps {
  /**
   * Aggregate every account of the organization. The aggregator's account must be the management
   * account or registered as delegated administrator for `config.amazonaws.com`.
   * @default - the accounts of `accountIds`
   */
  readonly organization?: boolean;
  /**
   * Accounts to aggregate when there is no organization of ours (each must authorize this account
   * and region: `ConfigRecorder`'s `aggregator` prop).
   * @default - none
   */
  readonly accountIds?: string[];
  /**
   * Regions to aggregate.
   * @default ['ap-northeast-1', 'ap-northeast-3']
   */
  readonly regions?: string[];
  /** @default 'lgsec-compliance' */
  readonly aggregatorName?: string;
}

/**
 * An AWS Config aggregator: the configuration and the conformance-pack compliance of every
 * account and region of the zones, seen from one account (the security account), so a change
 * made in one zone's account is measured against the policy where the security team looks.
 */
export class ConfigAggregator extends Construct {
  public readonly aggregator: config.CfnConfigurationAggregator;
  public readonly aggregatorName: string;
  /** The role AWS Config reads the organization with, for an organization aggregator. */
  public readonly role?: iam.Role;

  constructor(scope: Construct, id: string, props: ConfigAggregatorProps) {
    super(scope, id);
    const problems = new PropsProblems(this, 'ConfigAggregator');
    const regions = props.regions ?? [...JAPANESE_REGIONS];
    const accounts = props.accountIds ?? [];
    if (!props.organization && accounts.length === 0) {
      problems.add(
        'give organization: true (the aggregator is in the management or delegated administrator account) or the accountIds to aggregate',
      );
    }
    if (props.organization && accounts.length > 0) problems.add('organization and accountIds are both set; give one of them');
    for (const account of accounts) {
      if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) problems.add(`accountIds: '${account}' is not a 12-digit account id`);
    }
    if (regions.length === 0) problems.add('regions is empty: list the regions the zones use');
    problems.throwIfAny();

    this.aggregatorName = props.aggregatorName ?? 'lgsec-compliance';
    if (props.organization) {
      this.role = new iam.Role(this, 'Role', {
        description: 'lgsec: AWS Config reads the accounts of the organization for the aggregator',
        assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations')],
        maxSessionDuration: Duration.hours(1),
      });
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
        reason:
          "AWSConfigRoleForOrganizations is the AWS-maintained permission set an organization aggregator needs (read the organization's accounts); it grants no access to data.",
      });
    }
    this.aggregator = new config.CfnConfigurationAggregator(this, 'Resource', {
      configurationAggregatorName: this.aggregatorName,
      ...(this.role
        ? { organizationAggregationSource: { roleArn: this.role.roleArn, awsRegions: regions, allAwsRegions: false } }
        : { accountAggregationSources: [{ accountIds: accounts, awsRegions: regions, allAwsRegions: false }] }),
    });
  }
}
