import { buildReportDocument, renderReport } from '../../lib/report';
import { buildInventory } from '../../lib/report/inventory';
import { buildRun } from './fixtures';
import type { TemplateInput } from '../../lib/template/input';
import { TemplateModel } from '../../lib/template/template-model';

/** The inventory of templates indexed as written (without the checks `TemplateModel.load` makes). */
const inventoryOf = (templates: readonly TemplateInput[]) => buildInventory(new TemplateModel(templates));

const vpc = (zone: string) => ({
  Type: 'AWS::EC2::VPC',
  Properties: { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'lgsec:zone', Value: zone }] },
});
const zoneStack = (name: string, zone: string, account?: string): TemplateInput => ({
  name,
  template: { Resources: { Vpc: vpc(zone) } },
  ...(account === undefined ? {} : { account }),
});
const guardrails: TemplateInput = {
  name: 'Organization',
  account: '111111111111',
  template: {
    Resources: {
      Scp: {
        Type: 'AWS::Organizations::Policy',
        Properties: {
          Name: 'lgsec-mynumber-closed-network',
          Type: 'SERVICE_CONTROL_POLICY',
          TargetIds: ['ou-a1b2-11111111'],
          Content: { Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Deny', Action: 'ec2:CreateNatGateway', Resource: '*' }] },
          Tags: [
            { Key: 'lgsec:guardrail', Value: 'mynumber-closed-network' },
            { Key: 'lgsec:guardrail-zones', Value: 'mynumber' },
          ],
        },
      },
    },
  },
};

describe('report inventory: accounts and guardrails', () => {
  test('one account per zone: accounts separate the zones, each with the guardrails of its zone', () => {
    const inventory = inventoryOf([
      guardrails,
      zoneStack('MyNumber', 'mynumber', '444444444444'),
      zoneStack('Lgwan', 'lgwan', '555555555555'),
      zoneStack('Internet', 'internet', '666666666666'),
    ]);
    expect(inventory.separation).toEqual({ kind: 'accounts' });
    expect(inventory.accounts.find((a) => a.account === '444444444444')).toEqual({
      account: '444444444444',
      stacks: ['MyNumber'],
      zones: ['mynumber'],
      services: [],
      guardrails: ['lgsec-mynumber-closed-network'],
    });
    expect(inventory.accounts.find((a) => a.account === '111111111111')!.services).toEqual(['organization-guardrails']);
    expect(inventory.guardrails).toEqual([
      {
        template: 'Organization',
        logicalId: 'Scp',
        name: 'lgsec-mynumber-closed-network',
        type: 'SERVICE_CONTROL_POLICY',
        enforcedBy: 'organization',
        mechanism: 'scp',
        guardrail: 'mynumber-closed-network',
        zones: ['mynumber'],
        targets: ['ou-a1b2-11111111'],
        size: JSON.stringify(
          guardrails.template.Resources &&
            (guardrails.template.Resources as Record<string, { Properties: { Content: unknown } }>).Scp.Properties.Content,
        ).length,
      },
    ]);
  });

  test('zones sharing an account, or account-agnostic stacks, make the separation IAM-only, and the report says so', () => {
    const shared = inventoryOf([zoneStack('MyNumber', 'mynumber', '123456789012'), zoneStack('Lgwan', 'lgwan', '123456789012')]);
    expect(shared.separation).toEqual({ kind: 'iam-only', shared: ['123456789012: lgwan, mynumber'] });
    const agnostic = inventoryOf([zoneStack('Lgwan', 'lgwan'), zoneStack('Internet', 'internet')]);
    expect(agnostic.separation).toEqual({ kind: 'iam-only', shared: ['account-agnostic: internet, lgwan'] });
    // The security cloud sharing an account with one zone is no breach of the three layers.
    expect(inventoryOf([zoneStack('Internet', 'internet', '1'), zoneStack('Cloud', 'security-cloud', '1')]).separation).toEqual({
      kind: 'accounts',
    });
    expect(inventoryOf([{ name: 'Empty', template: { Resources: {} } }]).separation).toEqual({ kind: 'na' });

    const doc = buildReportDocument(
      {
        run: buildRun(),
        model: new TemplateModel([zoneStack('MyNumber', 'mynumber', '123456789012'), zoneStack('Lgwan', 'lgwan', '123456789012')]),
      },
      { lang: 'en' },
    );
    const md = renderReport(doc, 'md');
    expect(md).toContain('**Warning: the separation between the zones is IAM-only.');
    expect(md).toContain('> - 123456789012: lgwan, mynumber');
    expect(md).toContain('No guardrail in these templates');
    const html = renderReport(
      buildReportDocument({ run: buildRun(), model: new TemplateModel([zoneStack('A', 'mynumber'), zoneStack('B', 'lgwan')]) }),
      'html',
    );
    expect(html).toContain('警告：系の分離は IAM のみである。');
  });

  test("an account that guards itself: its IAM guardrails are listed as enforced by the account, beside the organization's", () => {
    const accountGuardrail = {
      name: 'GovernmentCloudMyNumber',
      account: '888888888888',
      template: {
        Resources: {
          Vpc: vpc('mynumber'),
          AdminDeny: {
            Type: 'AWS::IAM::ManagedPolicy',
            Metadata: {
              'lgsec:guardrail-tags': {
                'lgsec:guardrail': 'mynumber-closed-network audit-integrity',
                'lgsec:guardrail-zones': 'mynumber',
                'lgsec:guardrail-enforcement': 'account',
                'lgsec:guardrail-mechanism': 'iam-policy',
              },
            },
            Properties: {
              ManagedPolicyName: 'lgsec-account-guardrails',
              Roles: ['GCAS-Admin'],
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Deny', Action: 'ec2:CreateInternetGateway', Resource: '*' }],
              },
            },
          },
          BreakGlass: {
            Type: 'AWS::CloudFormation::StackSet',
            Properties: {
              StackSetName: 'lgsec-break-glass',
              PermissionModel: 'SERVICE_MANAGED',
              StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-a1b2-11111111'] }, Regions: ['ap-northeast-1'] }],
              Tags: [
                { Key: 'lgsec:guardrail', Value: 'exemption-protection' },
                { Key: 'lgsec:guardrail-zones', Value: 'mynumber' },
              ],
            },
          },
        },
      },
    };
    const inventory = inventoryOf([guardrails, accountGuardrail]);
    expect(inventory.guardrails.map(({ name, enforcedBy, mechanism, targets }) => ({ name, enforcedBy, mechanism, targets }))).toEqual([
      { name: 'lgsec-account-guardrails', enforcedBy: 'account', mechanism: 'iam-policy', targets: ['GCAS-Admin'] },
      { name: 'lgsec-break-glass', enforcedBy: 'organization', mechanism: undefined, targets: ['ou-a1b2-11111111'] },
      { name: 'lgsec-mynumber-closed-network', enforcedBy: 'organization', mechanism: 'scp', targets: ['ou-a1b2-11111111'] },
    ]);
    expect(inventory.accounts.find((a) => a.account === '888888888888')!.guardrails).toEqual([
      'lgsec-account-guardrails',
      'lgsec-break-glass',
      'lgsec-mynumber-closed-network',
    ]);
    const ja = renderReport(buildReportDocument({ run: buildRun(), model: new TemplateModel([guardrails, accountGuardrail]) }), 'html');
    expect(ja).toContain('<td>アカウント</td>');
    expect(ja).toContain('<td>組織</td>');
    const en = renderReport(
      buildReportDocument({ run: buildRun(), model: new TemplateModel([guardrails, accountGuardrail]) }, { lang: 'en' }),
      'md',
    );
    expect(en).toMatch(/\| <code>lgsec-account-guardrails<\/code> \| the account \| AWS::IAM::ManagedPolicy \(iam-policy\) \|/);
  });
});
