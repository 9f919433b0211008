import { compliant, nonCompliant } from '../core/outcome';
import { resourceRule } from '../core/rule';
import { TemplateIndex } from '../core/template-index';

function flag(index: TemplateIndex, value: unknown, byDefault: boolean): boolean {
  if (value === undefined) return byDefault;
  return value === true || index.literalString(value) === 'true';
}

/** Control 36: CloudTrail trails are multi-region, validate log files, use KMS and include global service events. */
export const cloudTrailConfiguration = resourceRule(['AWS::CloudTrail::Trail'], (trail, index) => {
  const props = trail.properties;
  const problems: string[] = [];
  if (!flag(index, props.IsMultiRegionTrail, false)) problems.push('IsMultiRegionTrail is not true');
  if (!flag(index, props.EnableLogFileValidation, false)) problems.push('EnableLogFileValidation is not true');
  if (props.KMSKeyId === undefined) problems.push('KMSKeyId is not set');
  if (!flag(index, props.IncludeGlobalServiceEvents, true)) problems.push('IncludeGlobalServiceEvents is false');
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
