import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { checkTemplates } from '../../rules/pack/check-templates';
import { LgsecChecks, LgsecChecksProps } from '../../lib/lgsec-checks';
import { CheckRun, RuleResultRecord, TemplateInput } from '../../rules/results';

/** The results of one check, with lookups by rule and logical id. */
export class Checked {
  constructor(readonly run: CheckRun) {}

  /** Every result of a rule on a resource (usually one). */
  results(ruleId: string, logicalId: string): RuleResultRecord[] {
    return this.run.results.filter((r) => r.ruleId === ruleId && r.logicalId === logicalId);
  }

  /** The single result of a rule on a resource; fails when there is none. */
  result(ruleId: string, logicalId: string): RuleResultRecord {
    const found = this.results(ruleId, logicalId);
    if (found.length !== 1) {
      throw new Error(
        `expected one ${ruleId} result on ${logicalId}, got ${found.length}: ${JSON.stringify(this.run.results.filter((r) => r.logicalId === logicalId).map((r) => r.ruleId))}`,
      );
    }
    return found[0];
  }

  /** `compliant`, `not-applicable`, `acknowledged`, `error` (non-compliant error) or `warning` (non-compliant warning). */
  status(ruleId: string, logicalId: string): string {
    const r = this.result(ruleId, logicalId);
    return r.status === 'non-compliant' ? r.level : r.status;
  }

  message(ruleId: string, logicalId: string): string {
    return this.result(ruleId, logicalId).message ?? '';
  }

  /** Unacknowledged findings, as `ruleId logicalId level` lines (handy in failure output). */
  findings(level?: 'error' | 'warning'): string[] {
    return this.run.results
      .filter((r) => r.status === 'non-compliant' && (!level || r.level === level))
      .map((r) => `${r.ruleId} ${r.logicalId} ${r.level}: ${r.message}`);
  }
}

/** Checks plain templates with the `lgsec check` engine. */
export function checkPlain(templates: Record<string, unknown> | TemplateInput[], region: string | undefined = 'ap-northeast-1'): Checked {
  const inputs = Array.isArray(templates) ? templates : [{ name: 'test', template: templates }];
  return new Checked(checkTemplates(inputs, { region }));
}

/**
 * Synthesizes an app with the pack registered (the `cdk synth` path: aspects such as Tags have
 * run, templates are read back from the assembly) and returns the recorded run. A failing
 * validation is expected in tests of non-compliant constructs, so only the run matters.
 */
export function checkApp(app: App, props: LgsecChecksProps = {}): Checked {
  let run: CheckRun | undefined;
  Validations.of(app).addPlugins(
    new LgsecChecks(app, {
      ...props,
      reporter: {
        report: (r) => {
          run = r;
        },
      },
    }),
  );
  let failure: unknown;
  try {
    app.synth();
  } catch (error) {
    failure = error;
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
  if (!run) throw failure ?? new Error('the pack did not run');
  return new Checked(run);
}

/** A stack in Tokyo with a fixed account, for L2 tests. */
export function tokyoStack(id = 'Test'): { app: App; stack: Stack } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-rules-test-')) });
  const stack = new Stack(app, id, { env: { region: 'ap-northeast-1', account: '111111111111' } });
  return { app, stack };
}

/** A CloudFormation template from resources. */
export function template(resources: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources, ...extra };
}

export const ref = (id: string) => ({ Ref: id });
export const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
export const tags = (values: Record<string, string>) => Object.entries(values).map(([Key, Value]) => ({ Key, Value }));

/** A VPC of a zone with two subnets in two AZs, a flow log and a closed default group: compliant with the zone-agnostic rules. */
export function zoneVpc(id: string, zone: string, cidr: string): Record<string, unknown> {
  const prefix = cidr.split('.').slice(0, 2).join('.');
  return {
    [id]: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: cidr, Tags: tags({ 'lgsec:zone': zone }) } },
    [`${id}SubnetA`]: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: ref(id), CidrBlock: `${prefix}.0.0/24`, AvailabilityZone: 'ap-northeast-1a' },
    },
    [`${id}SubnetC`]: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: ref(id), CidrBlock: `${prefix}.1.0/24`, AvailabilityZone: 'ap-northeast-1c' },
    },
    [`${id}FlowLog`]: {
      Type: 'AWS::EC2::FlowLog',
      Properties: {
        ResourceType: 'VPC',
        ResourceId: ref(id),
        TrafficType: 'ALL',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::central-flow-logs',
      },
    },
    [`${id}CloseDefaultSg`]: {
      Type: 'Custom::VpcRestrictDefaultSG',
      Properties: {
        ServiceToken: 'arn:aws:lambda:ap-northeast-1:111111111111:function:restrict',
        DefaultSecurityGroupId: getAtt(id, 'DefaultSecurityGroup'),
      },
    },
    [`${id}QueryLogs`]: {
      Type: 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation',
      Properties: { ResolverQueryLogConfigId: 'rslvr-rqlc-0123456789abcdef', ResourceId: ref(id) },
    },
    ...(zone === 'mynumber' || zone === 'lgwan' ? walledGarden(id) : {}),
  };
}

/** A walled-garden DNS Firewall for a closed-zone VPC: allow one name, NXDOMAIN for everything else. */
export function walledGarden(vpcId: string, options: { blockAction?: string; mutationProtection?: string } = {}): Record<string, unknown> {
  return {
    [`${vpcId}AllowedNames`]: {
      Type: 'AWS::Route53Resolver::FirewallDomainList',
      Properties: { Domains: ['kms.ap-northeast-1.amazonaws.com'] },
    },
    [`${vpcId}AllNames`]: { Type: 'AWS::Route53Resolver::FirewallDomainList', Properties: { Domains: ['*'] } },
    [`${vpcId}WalledGarden`]: {
      Type: 'AWS::Route53Resolver::FirewallRuleGroup',
      Properties: {
        FirewallRules: [
          { Priority: 100, Action: 'ALLOW', FirewallDomainListId: getAtt(`${vpcId}AllowedNames`, 'Id') },
          {
            Priority: 200,
            Action: options.blockAction ?? 'BLOCK',
            BlockResponse: 'NXDOMAIN',
            FirewallDomainListId: getAtt(`${vpcId}AllNames`, 'Id'),
          },
        ],
      },
    },
    [`${vpcId}WalledGardenAssociation`]: {
      Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
      Properties: {
        FirewallRuleGroupId: getAtt(`${vpcId}WalledGarden`, 'Id'),
        VpcId: ref(vpcId),
        Priority: 101,
        MutationProtection: options.mutationProtection ?? 'ENABLED',
      },
    },
  };
}
