import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from '../private/acknowledge-wildcards';

/**
 * The handler, inline (no bundler): on create and update it deletes the default VPC of its
 * account and region — internet gateway, subnets, then the VPC — and answers CloudFormation
 * itself. A default VPC in use (a network interface in it) fails the deployment, naming it.
 * Deleting the resource leaves the account without a default VPC.
 */
const HANDLER = `
const ec2 = require('@aws-sdk/client-ec2');
const https = require('https');
const client = new ec2.EC2Client({});
const send = (command) => client.send(command);
async function removeDefaultVpcs() {
  const removed = [];
  const { Vpcs = [] } = await send(new ec2.DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  for (const { VpcId } of Vpcs) {
    const attached = [{ Name: 'attachment.vpc-id', Values: [VpcId] }];
    const { InternetGateways = [] } = await send(new ec2.DescribeInternetGatewaysCommand({ Filters: attached }));
    for (const { InternetGatewayId } of InternetGateways) {
      await send(new ec2.DetachInternetGatewayCommand({ InternetGatewayId, VpcId }));
      await send(new ec2.DeleteInternetGatewayCommand({ InternetGatewayId }));
    }
    const { Subnets = [] } = await send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [VpcId] }] }));
    for (const { SubnetId } of Subnets) await send(new ec2.DeleteSubnetCommand({ SubnetId }));
    await send(new ec2.DeleteVpcCommand({ VpcId }));
    removed.push(VpcId);
  }
  return removed;
}
function respond(event, Status, Reason, Data) {
  const { StackId, RequestId, LogicalResourceId } = event;
  const body = JSON.stringify({ Status, Reason, PhysicalResourceId: 'default-vpc-removal', StackId, RequestId, LogicalResourceId, Data });
  const headers = { 'content-type': '', 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, { method: 'PUT', headers }, (response) => {
      response.resume();
      response.on('end', resolve);
    });
    request.on('error', reject);
    request.end(body);
  });
}
exports.handler = async (event) => {
  try {
    const removed = event.RequestType === 'Delete' ? [] : await removeDefaultVpcs();
    console.log(JSON.stringify({ requestType: event.RequestType, removedVpcIds: removed }));
    const reason = removed.length ? 'removed ' + removed.join(', ') : 'no default VPC';
    await respond(event, 'SUCCESS', reason, { RemovedVpcIds: removed.join(',') });
  } catch (error) {
    console.error(error);
    await respond(event, 'FAILED', 'could not remove the default VPC: ' + (error && error.message ? error.message : String(error)), {});
  }
};
`;

/**
 * Removes the default VPC of its stack's account and region, which comes with an internet
 * gateway and public subnets: a way out of a closed zone that nothing declared. Put one in
 * every zone stack (once per account and region is enough; more are harmless). The guardrails
 * deny `ec2:CreateDefaultVpc` and `ec2:CreateDefaultSubnet`, so it stays gone.
 *
 * The function runs outside any VPC, as CloudFormation's custom resources do: only deployments
 * may create such a function in a closed zone, and only deployments change its code.
 */
export class DefaultVpcRemoval extends Construct {
  public readonly function: lambda.Function;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    // A role of its own: no AWS managed policy, only what the function does.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'lgsec: removes the default VPC of this account and region',
    });
    this.function = new lambda.Function(this, 'Handler', {
      role,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER),
      timeout: Duration.minutes(5),
      description: 'lgsec: removes the default VPC of this account and region (custom resource)',
    });
    const ec2Arn = (type: string) => `arn:${stack.partition}:ec2:${stack.region}:${stack.account}:${type}/*`;
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteItsLog',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/lambda/*`],
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'FindTheDefaultVpc',
        actions: ['ec2:DescribeInternetGateways', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'],
        resources: ['*'],
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'RemoveTheDefaultVpc',
        actions: ['ec2:DeleteInternetGateway', 'ec2:DeleteSubnet', 'ec2:DeleteVpc', 'ec2:DetachInternetGateway'],
        resources: [ec2Arn('internet-gateway'), ec2Arn('subnet'), ec2Arn('vpc')],
      }),
    );
    acknowledgeWildcards(
      this,
      "The default VPC's id, subnets and gateway are known only when the function runs (they carry no tag to scope by), " +
        "EC2's Describe calls take no resource, and the function's log group is named after a function name CloudFormation chooses.",
    );
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::LgsecDefaultVpcRemoval',
    });
  }
}
