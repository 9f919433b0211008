import { outcomeOf } from '../outcome';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';
import { TemplateIndex } from '../../lib/template/template-index';

/** True/false for a boolean setting, undefined when it cannot be known (reported as such). */
function flag(index: TemplateIndex, value: unknown, byDefault: boolean, name: string, unresolved: string[]): boolean {
  const read = setting(index, value);
  if (!read.known) {
    unresolved.push(`${name} ${read.why}`);
    return true;
  }
  return read.text === undefined ? byDefault : read.text === 'true';
}

/** Control 36: CloudTrail trails are multi-region, validate log files, use KMS and include global service events. */
export const cloudTrailConfiguration = resourceRule(['AWS::CloudTrail::Trail'], (trail, index) => {
  const props = trail.properties;
  const problems: string[] = [];
  const unresolved: string[] = [];
  if (!flag(index, props.IsMultiRegionTrail, false, 'IsMultiRegionTrail', unresolved)) problems.push('IsMultiRegionTrail is not true');
  if (!flag(index, props.EnableLogFileValidation, false, 'EnableLogFileValidation', unresolved))
    problems.push('EnableLogFileValidation is not true');
  if (props.KMSKeyId === undefined) problems.push('KMSKeyId is not set');
  if (!flag(index, props.IncludeGlobalServiceEvents, true, 'IncludeGlobalServiceEvents', unresolved))
    problems.push('IncludeGlobalServiceEvents is false');
  return outcomeOf(problems, unresolved);
});
