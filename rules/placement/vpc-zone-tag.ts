import { TAG_KEYS, ZONES } from '../../lib/policy';
import { compliant, nonCompliant, unverifiable } from '../outcome';
import { resourceRule } from '../rule';

/** Control 1: every VPC carries a valid `lgsec:zone`. */
export const vpcZoneTag = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  const raw = index.tags(vpc).get(TAG_KEYS.zone);
  if (raw === undefined) return nonCompliant(`the VPC has no ${TAG_KEYS.zone} tag`);
  const value = index.literalString(raw);
  if (value === undefined) return unverifiable(`the ${TAG_KEYS.zone} tag is not a literal (${JSON.stringify(raw)})`);
  if (!(ZONES as readonly string[]).includes(value)) {
    return nonCompliant(`${TAG_KEYS.zone}='${value}' is not a zone; use one of ${ZONES.join(', ')}`);
  }
  return compliant();
});
