import { checkPlain, ref, tags, template, zoneVpc } from './harness';

const RULE = 'LGSEC-CLOSED-ZONE-COMPUTE-IN-VPC';
const fn = (extra: Record<string, unknown> = {}, tagged?: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Role: 'arn:aws:iam::111111111111:role/fn',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Code: { ZipFile: 'exports.handler = async () => {}' },
    ...extra,
    ...(tagged ? { Tags: tags({ 'lgsec:zone': tagged }) } : {}),
  },
});
const inSubnets = (...subnets: string[]) => ({ VpcConfig: { SubnetIds: subnets.map((s) => ref(s)), SecurityGroupIds: ['sg-1'] } });
const project = (extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::CodeBuild::Project',
  Properties: {
    ServiceRole: 'arn:aws:iam::111111111111:role/build',
    Artifacts: { Type: 'NO_ARTIFACTS' },
    Environment: { Type: 'LINUX_CONTAINER', ComputeType: 'BUILD_GENERAL1_SMALL', Image: 'aws/codebuild/standard:7.0' },
    Source: { Type: 'NO_SOURCE', BuildSpec: 'version: 0.2' },
    ...extra,
  },
});

describe(RULE, () => {
  test('compute of an LGWAN or My Number stack without subnets is an error; inside the zone it passes', () => {
    const lgwan = checkPlain(
      template({ ...zoneVpc('Vpc', 'lgwan', '10.20.0.0/16'), Outside: fn(), Inside: fn(inSubnets('VpcSubnetA', 'VpcSubnetC')) }),
    );
    expect(lgwan.status(RULE, 'Outside')).toBe('error');
    expect(lgwan.message(RULE, 'Outside')).toMatch(/VpcConfig\.SubnetIds is not set, .* every VPC of its template is a lgwan VPC/);
    expect(lgwan.status(RULE, 'Inside')).toBe('compliant');

    const myNumber = checkPlain(
      template({
        ...zoneVpc('Vpc', 'mynumber', '10.30.0.0/16'),
        Build: project(),
        BuildInside: project({ VpcConfig: { VpcId: ref('Vpc'), Subnets: [ref('VpcSubnetA')], SecurityGroupIds: ['sg-1'] } }),
      }),
    );
    expect(myNumber.status(RULE, 'Build')).toBe('error');
    expect(myNumber.message(RULE, 'Build')).toMatch(/VpcConfig\.Subnets is not set/);
    expect(myNumber.status(RULE, 'BuildInside')).toBe('compliant');
  });

  test('a tag decides in a template of several zones; a subnet of another zone is an error', () => {
    const checked = checkPlain(
      template({
        ...zoneVpc('Lgwan', 'lgwan', '10.20.0.0/16'),
        ...zoneVpc('Net', 'internet', '10.40.0.0/16'),
        Untagged: fn(),
        Wrong: fn(inSubnets('NetSubnetA'), 'lgwan'),
        Right: fn(inSubnets('LgwanSubnetA'), 'lgwan'),
      }),
    );
    expect(checked.status(RULE, 'Untagged')).toBe('not-applicable');
    expect(checked.status(RULE, 'Wrong')).toBe('error');
    expect(checked.message(RULE, 'Wrong')).toMatch(/includes a subnet in .*internet.*, not the lgwan zone/);
    expect(checked.status(RULE, 'Right')).toBe('compliant');
  });

  test('a handler only custom resources invoke is deployment machinery; one with an event source is the zone’s compute', () => {
    const custom = (token: string) => ({ Type: 'Custom::Cleanup', Properties: { ServiceToken: { 'Fn::GetAtt': [token, 'Arn'] } } });
    const checked = checkPlain(
      template({
        ...zoneVpc('Vpc', 'lgwan', '10.20.0.0/16'),
        Handler: fn(),
        Cleanup: custom('Handler'),
        Worker: fn(),
        WorkerCleanup: custom('Worker'),
        WorkerQueue: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { FunctionName: ref('Worker'), EventSourceArn: 'arn:aws:sqs:ap-northeast-1:111111111111:q' },
        },
      }),
    );
    expect(checked.status(RULE, 'Handler')).toBe('not-applicable');
    expect(checked.status(RULE, 'Worker')).toBe('error');
  });

  test('internet-zone compute and My Number Lambda functions (LGSEC-MYNUMBER-LAMBDA-IN-VPC judges them) are not this rule’s', () => {
    const internet = checkPlain(template({ ...zoneVpc('Vpc', 'internet', '10.40.0.0/16'), Outside: fn() }));
    expect(internet.status(RULE, 'Outside')).toBe('not-applicable');
    const myNumber = checkPlain(template({ ...zoneVpc('Vpc', 'mynumber', '10.30.0.0/16'), Tagged: fn({}, 'mynumber') }));
    expect(myNumber.status(RULE, 'Tagged')).toBe('not-applicable');
    expect(myNumber.status('LGSEC-MYNUMBER-LAMBDA-IN-VPC', 'Tagged')).toBe('error');
  });
});
