import { compliant, nonCompliant, notApplicable } from '../core/outcome';
import { resourceRule } from '../core/rule';

/** Control 32: KMS keys have rotation enabled (symmetric encryption keys; others cannot rotate). */
export const kmsKeyRotation = resourceRule(['AWS::KMS::Key'], (key, index) => {
  const spec = index.literalString(key.properties.KeySpec) ?? 'SYMMETRIC_DEFAULT';
  if (spec !== 'SYMMETRIC_DEFAULT') return notApplicable();
  const enabled = key.properties.EnableKeyRotation;
  return enabled === true || index.literalString(enabled) === 'true' ? compliant() : nonCompliant('EnableKeyRotation is not true');
});
