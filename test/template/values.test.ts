import { possibleValues, resourceVariants } from '../../lib/template/values';
import { TemplateModel } from '../../lib/template/template-model';
import { checkTemplates } from '../../rules/pack/check-templates';
import { CfnParameter, CfnResource, Fn } from 'aws-cdk-lib';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { Checked, checkPlain, ref, template, tokyoStack, zoneVpc } from '../rules/harness';

const sg = (cidr: unknown, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::EC2::SecurityGroup',
  ...extra,
  Properties: {
    GroupDescription: 'ssh',
    VpcId: ref('NetVpc'),
    SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: cidr }],
  },
});

const parameters = {
  SSHLocation: { Type: 'String', Default: '0.0.0.0/0' },
  SafeLocation: { Type: 'String', Default: '10.0.0.0/8' },
  NoDefault: { Type: 'String' },
  Open: { Type: 'String', AllowedValues: ['yes', 'no'], Default: 'no' },
  OnlyClosed: { Type: 'String', AllowedValues: ['no'] },
  KeyArn: { Type: 'String', Default: '' },
  Retention: { Type: 'Number', AllowedValues: [30, 400], Default: 400 },
  Rotate: { Type: 'String', Default: 'false', AllowedValues: ['true', 'false'] },
};
const conditions = {
  IsOpen: { 'Fn::Equals': [ref('Open'), 'yes'] },
  IsClosed: { 'Fn::Not': [{ Condition: 'IsOpen' }] },
  NeverOpen: { 'Fn::Equals': [ref('OnlyClosed'), 'yes'] },
  HasKey: { 'Fn::Not': [{ 'Fn::Equals': [ref('KeyArn'), ''] }] },
  InTokyo: { 'Fn::Equals': [ref('AWS::Region'), 'ap-northeast-1'] },
};

describe('values chosen by parameters and conditions', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template(
        {
          ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
          DefaultWorld: sg(ref('SSHLocation')),
          DefaultSafe: sg(ref('SafeLocation')),
          Unknown: sg(ref('NoDefault')),
          IfOpen: sg({ 'Fn::If': ['IsOpen', '0.0.0.0/0', '10.0.0.0/8'] }),
          Unreachable: sg({ 'Fn::If': ['NeverOpen', '0.0.0.0/0', '10.0.0.0/8'] }),
          ClosedByResourceCondition: sg({ 'Fn::If': ['IsOpen', '0.0.0.0/0', '10.0.0.0/8'] }, { Condition: 'IsClosed' }),
          ByRegion: sg({ 'Fn::If': ['InTokyo', '10.0.0.0/8', '0.0.0.0/0'] }),
          SubWorld: sg({ 'Fn::Sub': '${SSHLocation}' }),
          BehindFreeText: sg('0.0.0.0/0', { Condition: 'HasKey' }),
          BehindClosedChoice: sg('0.0.0.0/0', { Condition: 'NeverOpen' }),
          Ingress: {
            Type: 'AWS::EC2::SecurityGroupIngress',
            Properties: {
              GroupId: ref('DefaultSafe'),
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              CidrIp: { 'Fn::If': ['IsOpen', ref('SSHLocation'), ref('AWS::NoValue')] },
              SourceSecurityGroupId: ref('DefaultSafe'),
            },
          },
          KeyMaybe: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: { 'Fn::If': ['HasKey', ref('KeyArn'), ref('AWS::NoValue')] } } },
          KeyAlways: {
            Type: 'AWS::Logs::LogGroup',
            Properties: {
              KmsKeyId: {
                'Fn::If': ['IsOpen', 'arn:aws:kms:ap-northeast-1:111111111111:key/a', 'arn:aws:kms:ap-northeast-1:111111111111:key/b'],
              },
            },
          },
          ShortRetention: {
            Type: 'AWS::Logs::LogGroup',
            Properties: { RetentionInDays: ref('Retention'), KmsKeyId: 'arn:aws:kms:ap-northeast-1:111111111111:key/a' },
          },
        },
        { Parameters: parameters, Conditions: conditions },
      ),
    );
  });

  test('a parameter whose default opens the group to the world is an error naming the parameter', () => {
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'DefaultWorld')).toBe('error');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'DefaultWorld')).toMatch(
      /parameter SSHLocation is "0\.0\.0\.0\/0" \(its default\)/,
    );
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'SubWorld')).toBe('error');
  });

  test('a safe default passes; a parameter without a default is a warning saying so', () => {
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'DefaultSafe')).toBe('compliant');
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'Unknown')).toBe('warning');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'Unknown')).toMatch(/parameter 'NoDefault'/);
  });

  test('a condition that can choose the world is an error; one that cannot is not', () => {
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'IfOpen')).toBe('error');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'IfOpen')).toMatch(
      /parameter Open is "yes" \(one of its AllowedValues\) and condition IsOpen is true/,
    );
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'Unreachable')).toBe('compliant');
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'ClosedByResourceCondition')).toBe('compliant');
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'ByRegion')).toBe('compliant');
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'Ingress')).toBe('error');
  });

  test('a resource behind a condition on a free-text parameter is checked, though the default makes the condition false', () => {
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'BehindFreeText')).toBe('error');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'BehindFreeText')).toMatch(
      /condition HasKey is true \(it reads parameter KeyArn, which may be given any value; its default makes it false\)/,
    );
    // Every value the parameter may take is known, and none makes the condition true: never created.
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'BehindClosedChoice')).toBe('not-applicable');
  });

  test('a KMS key removed by AWS::NoValue in a reachable branch is an error; numbers from AllowedValues are checked', () => {
    expect(checked.status('LGSEC-LOG-GROUP-RETENTION', 'KeyMaybe')).toBe('error');
    expect(checked.message('LGSEC-LOG-GROUP-RETENTION', 'KeyMaybe')).toMatch(/condition HasKey is false: KmsKeyId is not set/);
    expect(checked.status('LGSEC-LOG-GROUP-RETENTION', 'KeyAlways')).toBe('compliant');
    expect(checked.status('LGSEC-LOG-GROUP-RETENTION', 'ShortRetention')).toBe('error');
    expect(checked.message('LGSEC-LOG-GROUP-RETENTION', 'ShortRetention')).toMatch(/parameter Retention is "30".*RetentionInDays is 30/);
  });
});

describe('many combinations', () => {
  test('every allowed value of every parameter is checked; a missing map entry keeps the resource', () => {
    const ten = (prefix: string) => ({ Type: 'String', AllowedValues: Array.from({ length: 10 }, (_, i) => `${prefix}${i}`) });
    const checked = checkPlain(
      template(
        {
          ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
          Many: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: { 'Fn::Sub': '${A}-${B}-${C}' },
              VpcId: ref('NetVpc'),
              SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: ref('Cidr') }],
            },
          },
          Mapped: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { 'Fn::FindInMap': ['Amis', ref('AWS::Region'), 'x'] } } },
        },
        {
          Parameters: {
            A: ten('a'),
            B: ten('b'),
            C: ten('c'),
            Cidr: { Type: 'String', AllowedValues: ['10.0.0.0/8', '10.1.0.0/16', '0.0.0.0/0'] },
          },
          Mappings: { Amis: { 'us-east-1': { x: 'ami-1' } } },
        },
      ),
    );
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'Many')).toBe('error');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'Many')).toMatch(/parameter Cidr is "0\.0\.0\.0\/0"/);
    expect(checked.status('LGSEC-EC2-IMDSV2', 'Mapped')).toBe('error');
  });
});

describe('more combinations than are evaluated', () => {
  const ten = (prefix: string) => ({ Type: 'String', AllowedValues: Array.from({ length: 10 }, (_, i) => `${prefix}${i}`) });
  const run = () =>
    checkPlain(
      template(
        {
          ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
          Pair: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: { 'Fn::Sub': '${A}-${B}-${C}' },
              VpcId: ref('NetVpc'),
              SecurityGroupIngress: [
                { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { 'Fn::If': ['Both', '0.0.0.0/0', '10.0.0.0/8'] } },
              ],
            },
          },
        },
        {
          Parameters: { A: ten('a'), B: ten('b'), C: ten('c'), P: ten('p'), Q: ten('q') },
          Conditions: {
            Both: { 'Fn::And': [{ 'Fn::Equals': [ref('P'), 'p3'] }, { 'Fn::Equals': [ref('Q'), 'q7'] }] },
          },
        },
      ),
    );

  test('a violation that needs two parameter values together is found among unrelated parameters', () => {
    const checked = run();
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'Pair')).toBe('error');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'Pair')).toMatch(/parameter P is "p3".*parameter Q is "q7"/);
  });

  test('what was not evaluated is a warning of its own, naming the resource and the parameters', () => {
    expect(run().run.loadWarnings).toEqual([
      {
        template: 'test',
        message: expect.stringMatching(
          /^Resources\.Pair: its parameters \(A, B, C, P, Q\) allow 100000 combinations, more than lgsec evaluates \(64\); \d+ were checked, in which every pair of their values occurs, so a violation that needs three or more of them together may be missed$/,
        ),
      },
    ]);
  });
});

describe('combinations left out', () => {
  const twenty = (prefix: string) => ({ Type: 'String', AllowedValues: Array.from({ length: 20 }, (_, i) => `${prefix}${i}`) });
  // 20 × 20 values need 400 rows to cover every pair, more than are evaluated (256).
  const run = () =>
    checkPlain(
      template(
        {
          ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
          Wide: {
            ...sg('10.0.0.0/8'),
            Properties: { ...sg('10.0.0.0/8').Properties, GroupDescription: { 'Fn::Sub': '${A}-${B}' } },
          },
        },
        { Parameters: { A: twenty('a'), B: twenty('b') } },
      ),
    );

  test('are a warning only of the rules that read the values they decide', () => {
    const checked = run();
    // The description is read by the rule that reads every property (a region may be written anywhere) …
    expect(checked.result('LGSEC-EXPLICIT-REGION-JAPAN', 'Wide')).toMatchObject({
      message: expect.stringMatching(/parameters \(A, B\) whose combinations are too many to check them all/),
    });
    expect(checked.status('LGSEC-EXPLICIT-REGION-JAPAN', 'Wide')).not.toBe('compliant');
    // … not by those that read the ingress rules or the acknowledgments (there are none).
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'Wide')).toBe('compliant');
    expect(checked.status('LGSEC-ACKNOWLEDGMENT-REASON', 'Wide')).toBe('not-applicable');
  });

  test('at synthesis, are in the run and a warning of the validation report', () => {
    const { app, stack } = tokyoStack();
    const values = (prefix: string) => Array.from({ length: 20 }, (_, i) => `${prefix}${i}`);
    new CfnParameter(stack, 'A', { allowedValues: values('a'), default: 'a0' });
    new CfnParameter(stack, 'B', { allowedValues: values('b'), default: 'b0' });
    new CfnResource(stack, 'Wide', {
      type: 'AWS::EC2::SecurityGroup',
      properties: { GroupDescription: Fn.sub('${A}-${B}'), VpcId: 'vpc-1' },
    });
    app.synth();
    const pack = new LgsecChecks();
    const report = pack.validateScope(app);
    expect(pack.lastRun?.loadWarnings).toEqual([
      { template: 'Test', file: expect.any(String), message: expect.stringMatching(/^Resources\.Wide: its parameters \(A, B\)/) },
    ]);
    expect(report.violations).toContainEqual(
      expect.objectContaining({
        ruleName: 'LGSEC-NOT-EVALUATED',
        severity: 'warning',
        description: expect.stringMatching(/^The template Test was not checked in full: Resources\.Wide: /),
        violatingResources: [expect.objectContaining({ constructPath: 'Test', resourceLogicalId: 'Wide' })],
      }),
    );
  });

  test('are said once, as a load warning naming the resource', () => {
    expect(run().run.loadWarnings).toEqual([
      {
        template: 'test',
        message: expect.stringMatching(/^Resources\.Wide: its parameters \(A, B\) and conditions allow 400 combinations/),
      },
    ]);
  });
});

const checkRegionAgnostic = (body: Record<string, unknown>) => new Checked(checkTemplates([{ name: 'test', template: body }]));

describe('region-keyed maps in a template that does not fix its region', () => {
  // No --region: the run does not know where the template is deployed.
  const run = () =>
    checkRegionAgnostic(
      template(
        {
          ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
          Open: sg({ 'Fn::FindInMap': ['RegionMap', ref('AWS::Region'), 'Cidr'] }),
          OpenInTokyo: sg({ 'Fn::FindInMap': ['TokyoOpen', ref('AWS::Region'), 'Cidr'] }),
          OnlyTokyo: sg({ 'Fn::FindInMap': ['OnlyTokyo', ref('AWS::Region'), 'Cidr'] }),
        },
        {
          Mappings: {
            RegionMap: { 'ap-northeast-1': { Cidr: '10.0.0.0/8' }, 'us-east-1': { Cidr: '0.0.0.0/0' } },
            TokyoOpen: { 'ap-northeast-1': { Cidr: '0.0.0.0/0' }, 'us-east-1': { Cidr: '0.0.0.0/0' } },
            OnlyTokyo: { 'ap-northeast-1': { Cidr: '0.0.0.0/0' }, 'us-east-1': { Cidr: '10.0.0.0/8' } },
          },
        },
      ),
    );

  test('a finding only in a region outside Japan is a warning naming the region assumed', () => {
    const checked = run();
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'Open')).toBe('warning');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'Open')).toMatch(/when AWS::Region is "us-east-1": SecurityGroupIngress\[0\]/);
  });

  test('a finding in a Japanese region too stays an error; one in every region names no region', () => {
    const checked = run();
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'OpenInTokyo')).toBe('error');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'OpenInTokyo')).not.toMatch(/AWS::Region/);
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'OnlyTokyo')).toBe('error');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'OnlyTokyo')).toMatch(/when AWS::Region is "ap-northeast-1": /);
  });

  test('with the region given, the map entry of that region is read', () => {
    const tokyo = checkPlain(
      template(
        { ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'), Open: sg({ 'Fn::FindInMap': ['RegionMap', ref('AWS::Region'), 'Cidr'] }) },
        { Mappings: { RegionMap: { 'ap-northeast-1': { Cidr: '10.0.0.0/8' }, 'us-east-1': { Cidr: '0.0.0.0/0' } } } },
      ),
    );
    expect(tokyo.status('LGSEC-SG-NO-WORLD-INGRESS', 'Open')).toBe('compliant');
  });
});

describe('conditions on the same pseudo parameter', () => {
  test('are exclusive: in a region-agnostic template, AWS::Region is one region per deployment', () => {
    const regions = [
      'us-east-1',
      'us-west-2',
      'eu-west-1',
      'eu-central-1',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-northeast-1',
      'sa-east-1',
    ];
    const conditions = Object.fromEntries(regions.map((region, i) => [`In${i}`, { 'Fn::Equals': [ref('AWS::Region'), region] }]));
    const byRegion = (cidr: unknown) => ({
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: { 'Fn::Join': ['-', regions.map((_, i) => ({ 'Fn::If': [`In${i}`, `r${i}`, 'x'] }))] },
        VpcId: ref('NetVpc'),
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: cidr }],
      },
    });
    const body = template(
      {
        ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
        // Open only where the region is two regions at once: never.
        TwoAtOnce: sg({ 'Fn::If': ['TwoAtOnce', '0.0.0.0/0', '10.0.0.0/8'] }),
        // Eight conditions on one region are nine cases, not 256: every one is evaluated.
        InLast: byRegion({ 'Fn::If': ['In7', '0.0.0.0/0', '10.0.0.0/8'] }),
      },
      { Conditions: { ...conditions, TwoAtOnce: { 'Fn::And': [{ Condition: 'In0' }, { Condition: 'In1' }] } } },
    );
    const checked = new Checked(checkTemplates([{ name: 'test', template: body }]));
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'TwoAtOnce')).toBe('compliant');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'InLast')).toMatch(
      /AWS::Region is "sa-east-1" and condition In7 is true: SecurityGroupIngress\[0\] admits the whole internet/,
    );
    expect(checked.run.loadWarnings).toBeUndefined();
  });
});

describe('settings that cannot be known', () => {
  test('are the documented warning, not a confident error; a reachable bad value is an error', () => {
    const checked = checkPlain(
      template(
        {
          RotationUnknown: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: ref('NoDefault') } },
          RotationChoice: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: ref('Rotate') } },
          BlockUnknown: {
            Type: 'AWS::S3::Bucket',
            Properties: {
              PublicAccessBlockConfiguration: {
                BlockPublicAcls: true,
                BlockPublicPolicy: ref('NoDefault'),
                IgnorePublicAcls: true,
                RestrictPublicBuckets: true,
              },
            },
          },
          ...zoneVpc('MyVpc', 'mynumber', '10.1.0.0/16'),
          MaybePublic: {
            Type: 'AWS::EC2::Subnet',
            Properties: { VpcId: ref('MyVpc'), CidrBlock: '10.1.9.0/24', MapPublicIpOnLaunch: ref('NoDefault') },
          },
        },
        { Parameters: parameters },
      ),
    );
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'RotationUnknown')).toBe('warning');
    expect(checked.message('LGSEC-KMS-KEY-ROTATION', 'RotationUnknown')).toMatch(
      /Cannot verify: EnableKeyRotation comes from parameter 'NoDefault'/,
    );
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'RotationChoice')).toBe('error');
    expect(checked.message('LGSEC-KMS-KEY-ROTATION', 'RotationChoice')).toMatch(/parameter Rotate is "false"/);
    expect(checked.status('LGSEC-S3-BLOCK-PUBLIC-ACCESS', 'BlockUnknown')).toBe('warning');
    expect(checked.status('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'MaybePublic')).toBe('warning');
    expect(checked.message('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'MaybePublic')).toMatch(/MapPublicIpOnLaunch comes from parameter 'NoDefault'/);
  });
});

describe('possibleValues', () => {
  const index = new TemplateModel([
    {
      name: 't',
      region: 'ap-northeast-1',
      template: {
        Parameters: {
          ...parameters,
          Cidrs: { Type: 'CommaDelimitedList', Default: '10.0.0.0/16, 10.1.0.0/16' },
          Env: { Type: 'String', AllowedValues: ['dev', 'prod'] },
        },
        Conditions: {
          ...conditions,
          IsProd: { 'Fn::Equals': [ref('Env'), 'prod'] },
          Both: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsOpen' }] },
        },
        Mappings: { Net: { dev: { Cidr: '10.0.0.0/16' }, prod: { Cidr: '10.1.0.0/16' } } },
        Resources: { Thing: { Type: 'AWS::SNS::Topic', Condition: 'IsProd' } },
      },
    },
  ]).templates[0];
  const values = (value: unknown) => possibleValues(index, value).map((v) => v.value);

  test('follows lists, maps, selects, joins and subs over parameter values', () => {
    expect(values({ 'Fn::Select': [1, ref('Cidrs')] })).toEqual(['10.1.0.0/16']);
    expect(values({ 'Fn::FindInMap': ['Net', ref('Env'), 'Cidr'] })).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    expect(values({ 'Fn::Join': ['-', [ref('Env'), 'x']] })).toEqual(['dev-x', 'prod-x']);
    expect(values({ 'Fn::Sub': ['${Env}-${Other}', { Other: ref('Thing') }] })).toEqual([
      { 'Fn::Sub': ['dev-${Other}', { Other: ref('Thing') }] },
      { 'Fn::Sub': ['prod-${Other}', { Other: ref('Thing') }] },
    ]);
    expect(values([ref('AWS::NoValue'), 'a'])).toEqual([['a']]);
  });

  test('keeps choices consistent: a parameter chosen by a condition is the same in the value', () => {
    expect(values({ 'Fn::If': ['IsProd', ref('Env'), 'other'] }).sort()).toEqual(['other', 'prod']);
    expect(values({ 'Fn::If': ['Both', ref('Open'), 'none'] }).sort()).toEqual(['none', 'yes']);
  });

  test('a resource Condition is assumed true for its values and variants', () => {
    const thing = index.resources.get('Thing')!;
    expect(possibleValues(index, { 'Fn::If': ['IsProd', 'a', 'b'] }, thing).map((v) => v.value)).toEqual(['a']);
    expect(
      resourceVariants({ ...thing, properties: { DisplayName: ref('Env') } }, index).variants.map((v) => v.resource.properties.DisplayName),
    ).toEqual(['prod']);
  });

  test('what cannot be known is left as written', () => {
    expect(values(ref('NoDefault'))).toEqual([ref('NoDefault')]);
    expect(values({ 'Fn::ImportValue': 'x' })).toEqual([{ 'Fn::ImportValue': 'x' }]);
  });
});

describe('booleans written as strings', () => {
  test('"True" and "FALSE" read as CloudFormation reads them', () => {
    const key = (rotation: unknown) => ({
      Type: 'AWS::KMS::Key',
      Properties: { EnableKeyRotation: rotation, KeyPolicy: { Version: '2012-10-17', Statement: [] } },
    });
    const checked = checkPlain(template({ Rotated: key('True'), NotRotated: key('FALSE') }));
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'Rotated')).toBe('compliant');
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'NotRotated')).toBe('error');
  });
});
