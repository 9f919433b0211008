import { Checked, checkPlain, getAtt, ref, tags, template } from './harness';

const a2 = (extra: Record<string, string> = {}) =>
  tags({ 'lgsec:confidentiality': '1', 'lgsec:integrity': '1', 'lgsec:availability': '2', ...extra });
const retain = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
const table = (name: string, extra: Record<string, string> = {}) => ({
  Type: 'AWS::DynamoDB::Table',
  ...retain,
  Properties: {
    TableName: name,
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    Tags: a2(extra),
  },
});
const plan = (id: string, destination: unknown) => ({
  [id]: {
    Type: 'AWS::Backup::BackupPlan',
    Properties: {
      BackupPlan: {
        BackupPlanName: id,
        BackupPlanRule: [{ RuleName: 'daily', TargetBackupVault: 'vault', CopyActions: [{ DestinationBackupVaultArn: destination }] }],
      },
    },
  },
});
const selection = (planId: string, spec: Record<string, unknown>) => ({
  Type: 'AWS::Backup::BackupSelection',
  Properties: {
    BackupPlanId: ref(planId),
    BackupSelection: { SelectionName: 's', IamRoleArn: 'arn:aws:iam::111111111111:role/backup', ...spec },
  },
});
const osakaVault = { 'Fn::Sub': 'arn:${AWS::Partition}:backup:ap-northeast-3:${AWS::AccountId}:backup-vault:${VaultName}' };

describe('AWS Backup plans, selections and copy actions', () => {
  let checked: Checked;
  beforeAll(() => {
    const tokyo = template(
      {
        ...plan('OsakaPlan', 'arn:aws:backup:ap-northeast-3:111111111111:backup-vault:osaka'),
        ...plan('OsakaSubPlan', osakaVault),
        ...plan('VirginiaPlan', { 'Fn::Sub': 'arn:aws:backup:${CopyRegion}:${AWS::AccountId}:backup-vault:dr' }),
        ...plan('CrossStackPlan', { 'Fn::ImportValue': 'osaka-vault-arn' }),
        // By ARN with a wildcard, except one table dropped by NotResources.
        ByArn: selection('OsakaPlan', {
          Resources: [{ 'Fn::Sub': 'arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-*' }, getAtt('OrdersArchive', 'Arn')],
          NotResources: [{ 'Fn::GetAtt': ['OrdersArchive', 'Arn'] }],
        }),
        OrdersMain: table('orders-main'),
        OrdersArchive: table('orders-archive'),
        // By tag: Conditions StringLike and StringEquals together.
        ByConditions: selection('OsakaSubPlan', {
          Resources: ['arn:aws:dynamodb:*:*:table/*'],
          Conditions: {
            StringLike: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'dr-*' }],
            StringEquals: [{ ConditionKey: 'aws:ResourceTag/owner', ConditionValue: 'city' }],
          },
        }),
        Tagged: table('citizens', { backup: 'dr-daily', owner: 'city' }),
        TaggedWrongOwner: table('visitors', { backup: 'dr-daily', owner: 'vendor' }),
        // Copy outside Japan (the region comes from a parameter's default).
        ToVirginia: selection('VirginiaPlan', {
          ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'us' }],
        }),
        CopiedAbroad: table('abroad', { backup: 'us' }),
        // Copy to a vault exported by the Osaka stack.
        CrossStack: selection('CrossStackPlan', { Resources: [getAtt('ViaImport', 'Arn')] }),
        ViaImport: table('via-import'),
      },
      { Parameters: { VaultName: { Type: 'String', Default: 'osaka' }, CopyRegion: { Type: 'String', Default: 'us-east-1' } } },
    );
    const osaka = template(
      {
        Vault: { Type: 'AWS::Backup::BackupVault', ...retain, Properties: { BackupVaultName: 'osaka', Tags: a2() } },
      },
      { Outputs: { VaultArn: { Value: getAtt('Vault', 'BackupVaultArn'), Export: { Name: 'osaka-vault-arn' } } } },
    );
    checked = checkPlain([
      { name: 'tokyo', template: tokyo, region: 'ap-northeast-1' },
      { name: 'osaka', template: osaka, region: 'ap-northeast-3' },
    ]);
  });

  test('a store selected by ARN wildcard or tags, in a plan copying to Osaka, has its second-region copy', () => {
    expect(checked.status('LGSEC-DATA-REGION-COPY', 'OrdersMain')).toBe('compliant');
    expect(checked.status('LGSEC-DATA-REGION-COPY', 'Tagged')).toBe('compliant');
    expect(checked.status('LGSEC-DATA-REGION-COPY', 'ViaImport')).toBe('compliant');
  });

  test('a store dropped by NotResources or failing a condition is not covered', () => {
    expect(checked.status('LGSEC-DATA-REGION-COPY', 'OrdersArchive')).toBe('error');
    expect(checked.status('LGSEC-DATA-REGION-COPY', 'TaggedWrongOwner')).toBe('error');
  });

  test('a copy outside Japan is a data-residency error on the store', () => {
    expect(checked.status('LGSEC-EXPLICIT-REGION-JAPAN', 'CopiedAbroad')).toBe('error');
    expect(checked.message('LGSEC-EXPLICIT-REGION-JAPAN', 'CopiedAbroad')).toMatch(
      /backup plan VirginiaPlan rule daily copies its recovery points to us-east-1, outside Japan/,
    );
    expect(checked.status('LGSEC-EXPLICIT-REGION-JAPAN', 'OrdersMain')).toBe('compliant');
    expect(checked.status('LGSEC-DATA-REGION-COPY', 'CopiedAbroad')).toBe('error');
  });
});
