import { compliant, localized, nonCompliant, notApplicable, notKnown, unverifiable } from '../outcome';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';

/** Control 32: KMS keys have rotation enabled (symmetric encryption keys; others cannot rotate). */
export const kmsKeyRotation = resourceRule(['AWS::KMS::Key'], (key, index) => {
  const spec = setting(index, key.properties.KeySpec);
  if (!spec.known) return unverifiable(notKnown('KeySpec', spec.why));
  if ((spec.text ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT') return notApplicable();
  const enabled = setting(index, key.properties.EnableKeyRotation);
  if (!enabled.known) return unverifiable(notKnown('EnableKeyRotation', enabled.why));
  return enabled.text === 'true'
    ? compliant()
    : nonCompliant(localized('EnableKeyRotation is not true', 'EnableKeyRotation が true ではない'));
});
