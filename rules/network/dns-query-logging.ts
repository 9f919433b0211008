import { Zone } from '../../lib/policy';
import { inZone } from '../../lib/template/network';
import { compliant, localized, nonCompliant, notApplicable } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Every `mynumber`, `lgwan` and `internet` VPC logs its DNS queries (a Route 53 Resolver query
 * logging configuration associated with it): DNS is a way out that flow logs do not show.
 */
export const dnsQueryLogging = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  if (!inZone(index.zoneOf(vpc), Zone.MY_NUMBER, Zone.LGWAN, Zone.INTERNET)) return notApplicable();
  const self = { resource: vpc, index };
  const logged = index
    .referrersOf(vpc, 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation')
    .some((association) => association.index.refersTo(association.resource.properties.ResourceId, self));
  return logged
    ? compliant()
    : nonCompliant(
        localized(
          "no AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation logs the VPC's DNS queries",
          'VPC の DNS 問合せを記録する AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation がない',
        ),
      );
});
