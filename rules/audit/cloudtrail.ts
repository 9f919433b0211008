import { localized, notKnown, outcomeOf, Problem } from '../outcome';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';
import { TemplateIndex } from '../../lib/template/template-index';

/** True/false for a boolean setting, undefined when it cannot be known (reported as such). */
function flag(index: TemplateIndex, value: unknown, byDefault: boolean, name: string, unresolved: Problem[]): boolean {
  const read = setting(index, value);
  if (!read.known) {
    unresolved.push(notKnown(name, read.why));
    return true;
  }
  return read.text === undefined ? byDefault : read.text === 'true';
}

/** Control 36: CloudTrail trails are multi-region, validate log files, use KMS and include global service events. */
export const cloudTrailConfiguration = resourceRule(['AWS::CloudTrail::Trail'], (trail, index) => {
  const props = trail.properties;
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  if (!flag(index, props.IsMultiRegionTrail, false, 'IsMultiRegionTrail', unresolved))
    problems.push(localized('IsMultiRegionTrail is not true', 'IsMultiRegionTrail が true ではない'));
  if (!flag(index, props.EnableLogFileValidation, false, 'EnableLogFileValidation', unresolved))
    problems.push(localized('EnableLogFileValidation is not true', 'EnableLogFileValidation が true ではない'));
  if (props.KMSKeyId === undefined) problems.push(localized('KMSKeyId is not set', 'KMSKeyId が設定されていない'));
  if (!flag(index, props.IncludeGlobalServiceEvents, true, 'IncludeGlobalServiceEvents', unresolved))
    problems.push(localized('IncludeGlobalServiceEvents is false', 'IncludeGlobalServiceEvents が false である'));
  return outcomeOf(problems, unresolved);
});
