import { Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import { Construct } from 'constructs';
import { PropsProblems } from '../private/validation';
import { CONFIG_RULE_MAPPING, ConfigRuleMapping } from './config-rules';

/** Props of `LgsecConformancePack`. */
export interface LgsecConformancePackProps {
  /**
   * Name of the conformance pack (an organization pack is named so in every member account).
   * @default 'lgsec-policy'
   */
  readonly conformancePackName?: string;
  /**
   * Deploy to every account of the organization (`AWS::Config::OrganizationConformancePack`),
   * from its management account or the delegated administrator for
   * `config-multiaccountsetup.amazonaws.com`. Each member account needs a Config recorder in the
   * region first (`ConfigRecorder`). Without it, the pack covers this account only (the
   * Government Cloud, where the organization is the Digital Agency's).
   * @default - this account only
   */
  readonly organization?: { readonly excludedAccountIds?: string[] };
  /**
   * The managed rules to deploy.
   * @default CONFIG_RULE_MAPPING
   */
  readonly rules?: readonly ConfigRuleMapping[];
  /**
   * Parameter values by rule identifier, merged over each rule's own (for example the VPCs that
   * may have an internet gateway: `{ INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY: { AuthorizedVpcIds: 'vpc-…' } }`).
   * @default - the rules' own parameters
   */
  readonly ruleParameters?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** AWS Config takes a conformance pack template body of at most this many characters. */
const MAX_TEMPLATE_BODY = 51200;

/**
 * A conformance pack of AWS managed Config rules mapped to lgsec's clause ids (`CONFIG_RULE_MAPPING`),
 * so compliance keeps being measured after deployment in every account and region it is deployed
 * to, and the aggregator shows it per clause. One per region: the pack, like the recorder, is regional.
 */
export class LgsecConformancePack extends Construct {
  public readonly conformancePackName: string;
  /** The rules the pack deploys, with their parameters as deployed. */
  public readonly rules: readonly ConfigRuleMapping[];
  public readonly templateBody: string;
  public readonly resource: config.CfnConformancePack | config.CfnOrganizationConformancePack;

  constructor(scope: Construct, id: string, props: LgsecConformancePackProps = {}) {
    super(scope, id);
    const problems = new PropsProblems(this, 'LgsecConformancePack');
    this.conformancePackName = props.conformancePackName ?? 'lgsec-policy';
    if (!Token.isUnresolved(this.conformancePackName) && !/^[a-zA-Z][-a-zA-Z0-9]{0,50}$/.test(this.conformancePackName)) {
      problems.add(
        `conformancePackName: '${this.conformancePackName}' is not a conformance pack name (a letter, then up to 50 letters, digits or hyphens)`,
      );
    }
    const rules = (props.rules ?? CONFIG_RULE_MAPPING).map((rule) => ({
      ...rule,
      ...(props.ruleParameters?.[rule.identifier] ? { parameters: { ...rule.parameters, ...props.ruleParameters[rule.identifier] } } : {}),
    }));
    const unknown = Object.keys(props.ruleParameters ?? {}).filter((identifier) => !rules.some((r) => r.identifier === identifier));
    if (unknown.length > 0) problems.add(`ruleParameters names rules the pack does not deploy: ${unknown.join(', ')}`);
    const names = rules.map((r) => r.name);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    if (repeated.length > 0) problems.add(`rules: '${repeated[0]}' is listed twice`);
    this.rules = rules;
    this.templateBody = JSON.stringify(conformancePackTemplate(rules));
    if (this.templateBody.length > MAX_TEMPLATE_BODY) {
      problems.add(
        `the template body is ${this.templateBody.length} characters, over AWS Config's ${MAX_TEMPLATE_BODY}: deploy fewer rules per pack`,
      );
    }
    problems.throwIfAny();

    this.resource = props.organization
      ? new config.CfnOrganizationConformancePack(this, 'Resource', {
          organizationConformancePackName: this.conformancePackName,
          templateBody: this.templateBody,
          ...(props.organization.excludedAccountIds?.length ? { excludedAccounts: props.organization.excludedAccountIds } : {}),
        })
      : new config.CfnConformancePack(this, 'Resource', {
          conformancePackName: this.conformancePackName,
          templateBody: this.templateBody,
        });
  }
}

/** The conformance pack template: one AWS::Config::ConfigRule per mapped managed rule, its clauses in its description. */
export function conformancePackTemplate(rules: readonly ConfigRuleMapping[]): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const rule of rules) {
    const logicalId = rule.name
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('');
    const scope = {
      ...(rule.resourceTypes ? { ComplianceResourceTypes: [...rule.resourceTypes] } : {}),
      ...(rule.scopeTag ? { TagKey: rule.scopeTag.key, TagValue: rule.scopeTag.value } : {}),
    };
    resources[logicalId] = {
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: rule.name,
        Description: `lgsec ${rule.clauses.join(', ')}: ${rule.reason}`.slice(0, 256),
        Source: { Owner: 'AWS', SourceIdentifier: rule.identifier },
        ...(Object.keys(scope).length > 0 ? { Scope: scope } : {}),
        ...(rule.parameters && Object.keys(rule.parameters).length > 0 ? { InputParameters: { ...rule.parameters } } : {}),
      },
    };
  }
  return { Resources: resources };
}
