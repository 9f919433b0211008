import { Zone } from '../../lib/policy';
import { zoneText } from '../../lib/template/network';
import { compliant, nonCompliant, notApplicable, unverifiable } from '../outcome';
import { coversAllActions, principalsOf, statementsOf } from '../../lib/template/policy-document';
import { resourceRule } from '../rule';

/** Control 11: VPC endpoints in the My Number zone have an explicit policy, not the default allow-all. */
export const myNumberEndpointPolicy = resourceRule(['AWS::EC2::VPCEndpoint'], (endpoint, index) => {
  const zone = index.zoneOf(endpoint);
  if (!zone.known)
    return zone.unresolved && endpoint.properties.PolicyDocument === undefined
      ? unverifiable(`the endpoint has no policy and ${zoneText(zone)}`)
      : notApplicable();
  if (zone.zone !== Zone.MY_NUMBER) return notApplicable();
  const document = endpoint.properties.PolicyDocument;
  if (document === undefined)
    return nonCompliant('PolicyDocument is not set, so the endpoint allows every action on every resource to every principal');
  const statements = statementsOf(document);
  if (statements.length === 0) return unverifiable('PolicyDocument is not a literal policy');
  const allowAll = statements.find(
    (s) =>
      s.effect === 'Allow' &&
      principalsOf(s).some((p) => p.value === '*') &&
      coversAllActions(s.actions) &&
      s.resources.includes('*') &&
      Object.keys(s.condition).length === 0,
  );
  return allowAll
    ? nonCompliant('PolicyDocument allows * on * to every principal without a condition (the default allow-all)')
    : compliant();
});
