import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DefaultVpcRemoval } from '../../lib/organization';

function synthesize(): Template {
  const stack = new Stack(new App(), 'Zone', { env: { account: '444444444444', region: 'ap-northeast-1' } });
  new DefaultVpcRemoval(stack, 'DefaultVpcRemoval');
  return Template.fromStack(stack);
}

/** Runs the inline handler with a fake EC2 client and a fake response URL; returns the EC2 calls and CloudFormation's answer. */
async function runHandler(requestType: string, answers: Record<string, unknown>, failing?: string) {
  const functions = synthesize().findResources('AWS::Lambda::Function');
  const code = (Object.values(functions)[0] as { Properties: { Code: { ZipFile: string } } }).Properties.Code.ZipFile;
  const calls: string[] = [];
  const command = (name: string) =>
    class {
      readonly name = name;
      constructor(readonly input: Record<string, unknown>) {}
    };
  const ec2 = {
    EC2Client: class {
      async send(cmd: { name: string; input: Record<string, unknown> }) {
        calls.push(`${cmd.name} ${JSON.stringify(cmd.input)}`);
        if (cmd.name === failing) throw new Error(`${cmd.name}: DependencyViolation: the subnet has dependencies`);
        return answers[cmd.name] ?? {};
      }
    },
    ...Object.fromEntries(
      [
        'DescribeVpcs',
        'DescribeInternetGateways',
        'DetachInternetGateway',
        'DeleteInternetGateway',
        'DescribeSubnets',
        'DeleteSubnet',
        'DeleteVpc',
      ].map((name) => [`${name}Command`, command(name)]),
    ),
  };
  let answer: Record<string, unknown> = {};
  const https = {
    request: (
      _url: string,
      _options: unknown,
      callback: (response: { resume(): void; on(event: string, f: () => void): void }) => void,
    ) => ({
      on: () => undefined,
      end: (body: string) => {
        answer = JSON.parse(body);
        callback({ resume: () => undefined, on: (event, f) => event === 'end' && f() });
      },
    }),
  };
  const module = { exports: {} as { handler: (event: unknown) => Promise<void> } };
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    new Function('require', 'exports', 'module', code)((name: string) => (name === 'https' ? https : ec2), module.exports, module);
    await module.exports.handler({
      RequestType: requestType,
      ResponseURL: 'https://example.invalid/response',
      StackId: 's',
      RequestId: 'r',
      LogicalResourceId: 'l',
    });
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  return { calls, answer };
}

describe('DefaultVpcRemoval', () => {
  test('a custom resource with inline code, allowed only to find and delete a VPC, its subnets and internet gateway', () => {
    const template = synthesize();
    template.hasResourceProperties('Custom::LgsecDefaultVpcRemoval', { ServiceToken: Match.anyValue() });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Code: { ZipFile: Match.stringLikeRegexp('is-default') },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'RemoveTheDefaultVpc',
            Action: ['ec2:DeleteInternetGateway', 'ec2:DeleteSubnet', 'ec2:DeleteVpc', 'ec2:DetachInternetGateway'],
            Resource: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.anyValue() })]),
          }),
        ]),
      },
    });
  });

  test('deletes the internet gateway, the subnets, then the VPC, and tells CloudFormation', async () => {
    const { calls, answer } = await runHandler('Create', {
      DescribeVpcs: { Vpcs: [{ VpcId: 'vpc-default' }] },
      DescribeInternetGateways: { InternetGateways: [{ InternetGatewayId: 'igw-1' }] },
      DescribeSubnets: { Subnets: [{ SubnetId: 'subnet-a' }, { SubnetId: 'subnet-c' }] },
    });
    expect(calls.map((call) => call.split(' ')[0])).toEqual([
      'DescribeVpcs',
      'DescribeInternetGateways',
      'DetachInternetGateway',
      'DeleteInternetGateway',
      'DescribeSubnets',
      'DeleteSubnet',
      'DeleteSubnet',
      'DeleteVpc',
    ]);
    expect(calls[0]).toContain('"Name":"is-default","Values":["true"]');
    expect(answer).toEqual(
      expect.objectContaining({ Status: 'SUCCESS', Reason: 'removed vpc-default', PhysicalResourceId: 'default-vpc-removal' }),
    );
  });

  test('without a default VPC it succeeds having deleted nothing; on delete it leaves the account as it is', async () => {
    expect((await runHandler('Update', { DescribeVpcs: { Vpcs: [] } })).answer).toEqual(
      expect.objectContaining({ Status: 'SUCCESS', Reason: 'no default VPC' }),
    );
    const removed = await runHandler('Delete', {});
    expect(removed.calls).toEqual([]);
    expect(removed.answer.Status).toBe('SUCCESS');
  });

  test('a default VPC in use fails the deployment, saying why', async () => {
    const { answer } = await runHandler(
      'Create',
      { DescribeVpcs: { Vpcs: [{ VpcId: 'vpc-default' }] }, DescribeSubnets: { Subnets: [{ SubnetId: 'subnet-a' }] } },
      'DeleteSubnet',
    );
    expect(answer).toEqual(
      expect.objectContaining({
        Status: 'FAILED',
        Reason: expect.stringMatching(/could not remove the default VPC: DeleteSubnet: DependencyViolation/),
      }),
    );
  });
});
