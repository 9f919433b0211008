import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { DataPerimeterOptions, IDataPerimeter, perimeterStatementProps } from './data-perimeter';
import { interfaceEndpointId } from './endpoint-policy';
import { interfaceEndpointStatements } from './private/endpoint-allowlist';
import { ClosedZoneNetworkProps, ZoneNetwork } from './zone-network';

export interface MyNumberZoneProps extends ClosedZoneNetworkProps {
  /**
   * AWS services reached through interface endpoints (PrivateLink) from inside the zone. S3 and
   * DynamoDB always get gateway endpoints.
   * @default - KMS, STS and CloudWatch Logs
   */
  readonly interfaceEndpoints?: ec2.InterfaceVpcEndpointAwsService[];
}

/** Options of `MyNumberZone.addSecurityGroup`. */
export interface ZoneSecurityGroupOptions {
  readonly description: string;
  /**
   * TCP ports admitted from the zone's own CIDR.
   * @default - none
   */
  readonly ingressPorts?: number[];
  /**
   * TCP ports the group may reach inside the zone's own CIDR (for example 443 for the interface
   * endpoints). Nothing outside the VPC is ever reachable.
   * @default [443]
   */
  readonly egressPorts?: number[];
}

/**
 * マイナンバー利用事務系 (policy 7.3.a): a VPC with no path out and none in.
 *
 * Isolated subnets only, and no option creates an internet gateway, NAT gateway, VPN, peering or
 * Transit Gateway attachment. AWS services are reached through VPC endpoints whose policies admit
 * only this account's principals: the S3 and DynamoDB endpoints only the zone's own buckets and
 * tables (`allowBucket`, `allowTable`; an `AuditedBucket` with this zone as its perimeter
 * registers itself), the interface endpoints only this account's resources and the service's
 * data-plane actions. DNS is a walled garden: only the endpoints' names (and those in `dns`)
 * resolve, every other name gets NXDOMAIN, and every query is logged.
 *
 * The zone is a data perimeter: `denyOutsidePerimeterStatements()` gives the resource-policy
 * statements that reject every request not arriving through its endpoints.
 */
export class MyNumberZone extends ZoneNetwork implements IDataPerimeter {
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  public readonly dynamoDbEndpoint: ec2.GatewayVpcEndpoint;
  public readonly interfaceEndpoints: ec2.InterfaceVpcEndpoint[] = [];
  /** The workload subnets: isolated, one per Availability Zone. */
  public readonly workloadSubnets: ec2.SubnetSelection = { subnetGroupName: 'Workload' };
  private readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: MyNumberZoneProps = {}) {
    super(
      scope,
      id,
      Zone.MY_NUMBER,
      props,
      [{ name: 'Workload', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: props.subnetCidrMask ?? 24 }],
      () => undefined,
      props.dns ?? {},
    );

    this.s3Endpoint = this.addAllowlistedGatewayEndpoint('S3Endpoint', 's3');
    this.dynamoDbEndpoint = this.addAllowlistedGatewayEndpoint('DynamoDbEndpoint', 'dynamodb');

    this.endpointSecurityGroup = this.addSecurityGroup('EndpointSecurityGroup', {
      description: 'Interface endpoints of the My Number zone: HTTPS from the zone only',
      ingressPorts: [443],
      egressPorts: [],
    });
    const services = props.interfaceEndpoints ?? [
      ec2.InterfaceVpcEndpointAwsService.KMS,
      ec2.InterfaceVpcEndpointAwsService.STS,
      ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
    ];
    const seen = new Set<string>();
    for (const service of services) {
      if (seen.has(service.shortName)) {
        throw new Error(
          `Invalid MyNumberZone props at '${this.node.path}': interfaceEndpoints lists '${service.shortName}' twice; list each service once.`,
        );
      }
      seen.add(service.shortName);
      const endpoint = this.vpc.addInterfaceEndpoint(interfaceEndpointId(service.shortName), {
        service,
        subnets: this.workloadSubnets,
        securityGroups: [this.endpointSecurityGroup],
        privateDnsEnabled: true,
        open: false,
      });
      for (const statement of interfaceEndpointStatements(endpoint, service.shortName)) endpoint.addToPolicy(statement);
      this.interfaceEndpoints.push(endpoint);
    }
  }

  /** Ids of every VPC endpoint of the zone: the ways a request may arrive from inside it. */
  public get vpcEndpointIds(): string[] {
    return [this.s3Endpoint, this.dynamoDbEndpoint, ...this.interfaceEndpoints].map((e) => e.vpcEndpointId);
  }

  /**
   * A security group for a workload in the zone: ingress only from the zone's own CIDR, egress
   * only to it (never to 0.0.0.0/0).
   */
  public addSecurityGroup(id: string, options: ZoneSecurityGroupOptions): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(this, id, {
      vpc: this.vpc,
      description: options.description,
      allowAllOutbound: false,
    });
    // The literal CIDR (when known) lets template readers and checkers see the scope without resolving.
    const peer = ec2.Peer.ipv4(Token.isUnresolved(this.cidr) ? this.vpc.vpcCidrBlock : this.cidr);
    for (const port of options.ingressPorts ?? []) {
      group.addIngressRule(peer, ec2.Port.tcp(port), `TCP ${port} from inside the My Number zone only`);
    }
    for (const port of options.egressPorts ?? [443]) {
      group.addEgressRule(peer, ec2.Port.tcp(port), `TCP ${port} to inside the My Number zone only`);
    }
    return group;
  }

  public denyOutsidePerimeterStatements(resourceArns: string[], options: DataPerimeterOptions = {}): iam.PolicyStatement[] {
    return perimeterStatementProps('MyNumberZone', this.vpcEndpointIds, resourceArns, options).map(
      (props) => new iam.PolicyStatement(props),
    );
  }
}
