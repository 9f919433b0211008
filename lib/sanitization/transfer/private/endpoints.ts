import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { accountScopedEndpointStatement, interfaceEndpointId } from '../../../zones/endpoint-policy';
import { interfaceEndpointStatements } from '../../../zones/private/endpoint-allowlist';
import { IZoneNetwork } from '../../../zones/zone-network';

/** Construct id of a zone's S3 gateway endpoint, under its VPC (as `MyNumberZone` names its own). */
const S3_ENDPOINT_ID = 'S3Endpoint';

/**
 * The S3 gateway endpoint of a zone's workload subnets: the one already under the zone's VPC
 * (another transfer's, or the zone's own), or a new one. A route table holds one route per
 * prefix list, so a second endpoint for S3 on the same subnets would fail to deploy.
 *
 * A new endpoint admits only this account's principals acting on this account's buckets: S3 in
 * other accounts stays behind the zone's normal path out (none for LGWAN; the security cloud
 * for the internet zone), so the endpoint opens no uninspected way out of the zone.
 */
export function zoneS3Endpoint(zone: IZoneNetwork, subnets: ec2.SubnetSelection): { endpoint: ec2.GatewayVpcEndpoint; created: boolean } {
  const existing = zone.vpc.node.tryFindChild(S3_ENDPOINT_ID);
  if (existing instanceof ec2.GatewayVpcEndpoint) return { endpoint: existing, created: false };
  const endpoint = new ec2.GatewayVpcEndpoint(zone.vpc, S3_ENDPOINT_ID, {
    vpc: zone.vpc,
    service: ec2.GatewayVpcEndpointAwsService.S3,
    subnets: [subnets],
  });
  endpoint.addToPolicy(accountScopedEndpointStatement(endpoint, { actions: ['s3:*'], resourceAccountToo: true }));
  return { endpoint, created: true };
}

/**
 * Interface endpoints (PrivateLink, private DNS) of a zone's workload subnets, one per service,
 * reusing those already under the zone's VPC. Each admits only this account's principals acting
 * on this account's resources, and HTTPS from the given security groups.
 */
export function zoneInterfaceEndpoints(
  zone: IZoneNetwork,
  subnets: ec2.SubnetSelection,
  services: readonly ec2.InterfaceVpcEndpointAwsService[],
  clients: ec2.ISecurityGroup,
): ec2.InterfaceVpcEndpoint[] {
  return services.map((service) => {
    const id = interfaceEndpointId(service.shortName);
    const existing = zone.vpc.node.tryFindChild(id);
    const endpoint =
      existing instanceof ec2.InterfaceVpcEndpoint
        ? existing
        : new ec2.InterfaceVpcEndpoint(zone.vpc, id, {
            vpc: zone.vpc,
            service,
            subnets,
            privateDnsEnabled: true,
            open: false,
          });
    if (!existing) {
      // As the zone's own interface endpoints: this account's principals and resources, data-plane actions.
      for (const statement of interfaceEndpointStatements(endpoint, service.shortName)) endpoint.addToPolicy(statement);
    }
    endpoint.connections.allowFrom(clients, ec2.Port.tcp(443), 'HTTPS from the sanitizing transfer');
    return endpoint;
  });
}
