import { checkTemplates, TemplateLoadError } from '../../rules/pack/check-templates';
import { checkPlain, getAtt, ref, tags, template } from './harness';

const key = { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: { Version: '2012-10-17', Statement: [] } } };

function keyWithAck(id: string, reason: unknown) {
  return {
    ...key,
    Properties: { ...key.Properties, EnableKeyRotation: false },
    Metadata: { lgsec: { acknowledgments: [{ id, reason }] } },
  };
}

describe('checkTemplates', () => {
  const checked = checkPlain(
    template(
      {
        Good: key,
        AckedWithPrefix: keyWithAck(
          'LGSEC::LGSEC-KMS-KEY-ROTATION',
          'Imported key material: AWS cannot rotate it; rotated yearly by the key ceremony procedure',
        ),
        AckedWithoutPrefix: keyWithAck('LGSEC-KMS-KEY-ROTATION', 'Imported key material: AWS cannot rotate it; rotated yearly by hand'),
        EmptyReason: keyWithAck('LGSEC-KMS-KEY-ROTATION', ''),
        TokenReason: keyWithAck('LGSEC-KMS-KEY-ROTATION', 'n/a'),
        ShortReason: keyWithAck('LGSEC-KMS-KEY-ROTATION', 'legacy key'),
        MissingReason: { ...key, Metadata: { lgsec: { acknowledgments: [{ id: 'LGSEC-KMS-KEY-ROTATION' }] } } },
        JapaneseReason: keyWithAck('LGSEC-KMS-KEY-ROTATION', '外部で生成した鍵素材のため自動ローテーション不可、年次手順で更新'),
        Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'someone' } },
        CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:abc' }, Condition: 'CDKMetadataAvailable' },
        Provider: {
          Type: 'Custom::Whatever',
          Properties: { ServiceToken: 'arn:aws:lambda:ap-northeast-1:111111111111:function:x', Value: ref('Param') },
        },
      },
      {
        Parameters: {
          Param: { Type: 'String', Default: 'x' },
          BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
        },
        Conditions: { CDKMetadataAvailable: { 'Fn::Equals': [ref('AWS::Region'), 'ap-northeast-1'] } },
        Rules: {
          CheckBootstrapVersion: {
            Assertions: [
              { Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2'], ref('BootstrapVersion')] }] }, AssertDescription: 'old bootstrap' },
            ],
          },
        },
        Outputs: { KeyArn: { Value: getAtt('Good', 'Arn'), Export: { Name: 'KeyArn' } } },
      },
    ),
  );

  test('checks compliant and non-compliant resources of a plain template', () => {
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'Good')).toBe('compliant');
    expect(checked.status('LGSEC-IAM-NO-ACCESS-KEYS', 'Key')).toBe('error');
    expect(checked.result('LGSEC-IAM-NO-ACCESS-KEYS', 'Key')).toEqual(
      expect.objectContaining({
        template: 'test',
        resourceType: 'AWS::IAM::AccessKey',
        clauses: ['7.5'],
      }),
    );
    expect(checked.run.templates).toEqual([{ name: 'test', region: 'ap-northeast-1', resources: 11 }]);
  });

  test('honours Metadata.lgsec.acknowledgments with a reason, with or without the LGSEC:: prefix', () => {
    for (const id of ['AckedWithPrefix', 'AckedWithoutPrefix', 'JapaneseReason']) {
      expect(checked.result('LGSEC-KMS-KEY-ROTATION', id)).toEqual(
        expect.objectContaining({
          status: 'acknowledged',
          acknowledgment: { reason: expect.any(String), madeAt: `test#${id}` },
        }),
      );
      expect(checked.status('LGSEC-ACKNOWLEDGMENT-REASON', id)).toBe('compliant');
    }
  });

  test('an empty, token, short or missing reason does not acknowledge and is an error of its own', () => {
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'EmptyReason')).toBe('error');
    expect(checked.message('LGSEC-ACKNOWLEDGMENT-REASON', 'EmptyReason')).toMatch(/the reason is empty/);
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'TokenReason')).toBe('error');
    expect(checked.message('LGSEC-ACKNOWLEDGMENT-REASON', 'TokenReason')).toMatch(/the reason 'n\/a' is a placeholder/);
    expect(checked.message('LGSEC-ACKNOWLEDGMENT-REASON', 'ShortReason')).toMatch(/shorter than 20 characters/);
    expect(checked.message('LGSEC-ACKNOWLEDGMENT-REASON', 'MissingReason')).toMatch(/the reason is missing/);
    expect(checked.status('LGSEC-ACKNOWLEDGMENT-REASON', 'Good')).toBe('not-applicable');
  });

  test('accepts CDK resources, custom resources, parameters, conditions and rules', () => {
    expect(checked.status('LGSEC-EXPLICIT-REGION-JAPAN', 'CDKMetadata')).toBe('compliant');
    expect(checked.status('LGSEC-EXPLICIT-REGION-JAPAN', 'Provider')).toBe('compliant');
  });

  test('the region comes from the input, then the option; without one the stack is a warning', () => {
    const plain = template({ Good: key });
    const run = checkTemplates([
      { name: 'osaka', template: plain, region: 'ap-northeast-3' },
      { name: 'virginia', template: plain, region: 'us-east-1' },
      { name: 'agnostic', template: plain },
    ]);
    const region = (name: string) => run.results.find((r) => r.ruleId === 'LGSEC-STACK-REGION-JAPAN' && r.template === name)!;
    expect(region('osaka').status).toBe('compliant');
    expect(region('virginia')).toEqual(
      expect.objectContaining({ status: 'non-compliant', level: 'error', message: expect.stringMatching(/us-east-1, outside Japan/) }),
    );
    expect(region('agnostic')).toEqual(
      expect.objectContaining({ status: 'non-compliant', level: 'warning', message: expect.stringMatching(/region-agnostic/) }),
    );
    const withOption = checkTemplates([{ name: 'agnostic', template: plain }], { region: 'ap-northeast-1' });
    expect(withOption.results.find((r) => r.ruleId === 'LGSEC-STACK-REGION-JAPAN')!.status).toBe('compliant');
  });

  test('a template-level acknowledgment covers the stack rule', () => {
    const run = checkTemplates([
      {
        name: 'agnostic',
        template: template(
          { Good: key },
          {
            Metadata: {
              lgsec: {
                acknowledgments: [
                  { id: 'LGSEC-STACK-REGION-JAPAN', reason: 'Deployed only by the Tokyo pipeline, which sets the region itself' },
                ],
              },
            },
          },
        ),
      },
    ]);
    expect(run.results.find((r) => r.ruleId === 'LGSEC-STACK-REGION-JAPAN')!.status).toBe('acknowledged');
  });

  test('follows Fn::ImportValue into another checked template', () => {
    const network = template(
      {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', Tags: tags({ 'lgsec:zone': 'mynumber' }) } },
      },
      { Outputs: { VpcId: { Value: ref('Vpc'), Export: { Name: 'Network-VpcId' } } } },
    );
    const app = template({
      Igw: { Type: 'AWS::EC2::InternetGateway' },
      Attach: {
        Type: 'AWS::EC2::VPCGatewayAttachment',
        Properties: { VpcId: { 'Fn::ImportValue': 'Network-VpcId' }, InternetGatewayId: ref('Igw') },
      },
      Other: {
        Type: 'AWS::EC2::VPCGatewayAttachment',
        Properties: { VpcId: { 'Fn::ImportValue': 'Elsewhere-VpcId' }, InternetGatewayId: ref('Igw') },
      },
    });
    const run = checkPlain([
      { name: 'network', template: network },
      { name: 'app', template: app },
    ]);
    expect(run.message('LGSEC-MYNUMBER-NO-NETWORK-PATH', 'Attach')).toMatch(/in the My Number zone \(VPC Vpc\)/);
    expect(run.status('LGSEC-MYNUMBER-NO-NETWORK-PATH', 'Other')).toBe('warning');
    expect(run.message('LGSEC-MYNUMBER-NO-NETWORK-PATH', 'Other')).toMatch(/import 'Elsewhere-VpcId'.*leaves the template/);
  });
});

describe('templates the engine cannot load', () => {
  test.each([
    ['a list', [1, 2], /it is not a JSON\/YAML object but a list/],
    ['no Resources', { Foo: 1 }, /it has no Resources section \(top-level keys Foo are not CloudFormation sections\)/],
    ['a resource without Type', { Resources: { A: { Properties: {} } } }, /resource A has no Type/],
    [
      'an unknown intrinsic',
      { Resources: { A: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Bogus': 'x' } } } } },
      /Cannot load template bad/,
    ],
    [
      'a Ref to nothing',
      { Resources: { A: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Missing' } } } } },
      /Cannot load template bad: .*Missing/,
    ],
  ])('fails with TemplateLoadError on %s', (_what, body, message) => {
    const run = () => checkTemplates([{ name: 'bad', template: body as unknown as Record<string, unknown> }]);
    expect(run).toThrow(TemplateLoadError);
    expect(run).toThrow(message);
  });
});
