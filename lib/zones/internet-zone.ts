import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { ISecurityCloudLink } from './security-cloud-link';
import { ZoneNetwork, ZoneNetworkProps } from './zone-network';

export interface InternetZoneProps extends ZoneNetworkProps {
  /**
   * The prefecture's security cloud (自治体情報セキュリティクラウド): a `SecurityCloud` in the same app,
   * or `SecurityCloud.fromAttributes(...)` for one in another account. Every workload subnet's
   * default route goes to its Transit Gateway; there is no other way out.
   */
  readonly securityCloud: ISecurityCloudLink;

  /**
   * Route 53 Resolver DNS Firewall rule group associated with the VPC.
   * @default - the security cloud's rule group, when it offers one
   */
  readonly dnsFirewallRuleGroupId?: string;

  /**
   * Priority of the DNS Firewall association (101 to 9900).
   * @default 101
   */
  readonly dnsFirewallPriority?: number;
}

/**
 * インターネット接続系 (policy 7.3.c): workload subnets whose only way to the internet is the
 * prefecture's security cloud, through its Transit Gateway. The zone has no internet gateway or
 * NAT gateway of its own. The Transit Gateway attachment sits in dedicated /28 subnets, so
 * workloads and the attachment have separate route tables.
 */
export class InternetZone extends ZoneNetwork {
  /** The workload subnets, one per Availability Zone. */
  public readonly workloadSubnets: ec2.SubnetSelection = { subnetGroupName: 'Workload' };
  public readonly transitGatewayAttachment: ec2.CfnTransitGatewayVpcAttachment;
  public readonly dnsFirewallAssociation?: route53resolver.CfnFirewallRuleGroupAssociation;

  constructor(scope: Construct, id: string, props: InternetZoneProps) {
    super(
      scope,
      id,
      Zone.INTERNET,
      props,
      [
        { name: 'Workload', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: props.subnetCidrMask ?? 24 },
        { name: 'TransitGatewayAttachment', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
      ],
      (problems) => {
        const link = props.securityCloud as ISecurityCloudLink | undefined;
        if (!link?.transitGatewayId) {
          problems.add(
            'securityCloud is required: pass the SecurityCloud of the prefecture, or SecurityCloud.fromAttributes(...) with its Transit Gateway id',
          );
        } else if (!Token.isUnresolved(link.transitGatewayId) && !/^tgw-[0-9a-f]{8,17}$/.test(link.transitGatewayId)) {
          problems.add(
            `securityCloud.transitGatewayId: '${link.transitGatewayId}' is not a Transit Gateway id; it looks like tgw-0123456789abcdef0`,
          );
        }
        const priority = props.dnsFirewallPriority;
        if (priority !== undefined && !(Number.isInteger(priority) && priority >= 101 && priority <= 9900)) {
          problems.add(`dnsFirewallPriority: ${priority} is outside 101 to 9900, the range Route 53 Resolver accepts`);
        }
      },
    );

    const link = props.securityCloud;
    const attachmentSubnets = this.vpc.selectSubnets({ subnetGroupName: 'TransitGatewayAttachment' });
    this.transitGatewayAttachment = new ec2.CfnTransitGatewayVpcAttachment(this, 'SecurityCloudAttachment', {
      transitGatewayId: link.transitGatewayId,
      vpcId: this.vpc.vpcId,
      subnetIds: attachmentSubnets.subnetIds,
      options: { DnsSupport: 'enable', ApplianceModeSupport: 'disable' },
    });

    for (const subnet of this.vpc.selectSubnets(this.workloadSubnets).subnets) {
      const route = new ec2.CfnRoute(subnet, 'DefaultRouteToSecurityCloud', {
        routeTableId: subnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        transitGatewayId: link.transitGatewayId,
      });
      // A route to a Transit Gateway is accepted only once the VPC is attached to it.
      route.addResourceDependency(this.transitGatewayAttachment);
    }

    // Same account as the Transit Gateway: the member wires its own attachment into the hub.
    if (link.spokeRouteTableId) {
      new ec2.CfnTransitGatewayRouteTableAssociation(this, 'SpokeAssociation', {
        transitGatewayAttachmentId: this.transitGatewayAttachment.attrId,
        transitGatewayRouteTableId: link.spokeRouteTableId,
      });
    }
    if (link.inspectionRouteTableId) {
      new ec2.CfnTransitGatewayRoute(this, 'ReturnRouteFromInspection', {
        transitGatewayRouteTableId: link.inspectionRouteTableId,
        destinationCidrBlock: this.cidr,
        transitGatewayAttachmentId: this.transitGatewayAttachment.attrId,
      });
    }

    const ruleGroupId = props.dnsFirewallRuleGroupId ?? link.dnsFirewallRuleGroupId;
    if (ruleGroupId) {
      this.dnsFirewallAssociation = new route53resolver.CfnFirewallRuleGroupAssociation(this, 'DnsFirewall', {
        firewallRuleGroupId: ruleGroupId,
        vpcId: this.vpc.vpcId,
        priority: props.dnsFirewallPriority ?? 101,
        mutationProtection: 'ENABLED',
      });
    }
  }
}
