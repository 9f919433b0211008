/**
 * What an `InternetZone` needs of the prefecture's security cloud to attach to it. `SecurityCloud`
 * (lib/security-cloud) implements it; a member in another account builds one from ids with
 * `SecurityCloud.fromAttributes(...)`.
 */
export interface ISecurityCloudLink {
  /** The Transit Gateway every member's internet zone attaches to. */
  readonly transitGatewayId: string;
  /**
   * Transit Gateway route table that member attachments are associated with (default route to
   * inspection only). When set, the member associates its attachment here itself (same account
   * as the Transit Gateway); when undefined, the Transit Gateway owner associates it.
   */
  readonly spokeRouteTableId?: string;
  /**
   * Transit Gateway route table of the inspection attachment. When set, the member adds the
   * static route back to its own CIDR here; when undefined, the owner adds it.
   */
  readonly inspectionRouteTableId?: string;
  /** Route 53 Resolver DNS Firewall rule group offered to members, when there is one. */
  readonly dnsFirewallRuleGroupId?: string;
}
