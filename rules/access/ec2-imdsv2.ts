import { compliant, nonCompliant, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { TemplateIndex, valueAt } from '../../lib/template/template-index';

function requiresTokens(index: TemplateIndex, options: unknown): boolean {
  return index.literalString(valueAt(options, 'HttpTokens')) === 'required';
}

/** Control 35: EC2 instances, launch templates and launch configurations require IMDSv2. */
export const ec2Imdsv2 = resourceRule(
  ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration'],
  (resource, index) => {
    const props = resource.properties;
    if (resource.type === 'AWS::EC2::LaunchTemplate') {
      return requiresTokens(index, valueAt(props, 'LaunchTemplateData.MetadataOptions'))
        ? compliant()
        : nonCompliant('LaunchTemplateData.MetadataOptions.HttpTokens is not required');
    }
    if (resource.type === 'AWS::AutoScaling::LaunchConfiguration') {
      return requiresTokens(index, props.MetadataOptions) ? compliant() : nonCompliant('MetadataOptions.HttpTokens is not required');
    }
    if (requiresTokens(index, props.MetadataOptions)) return compliant();
    const templateRef = valueAt(props, 'LaunchTemplate.LaunchTemplateId') ?? valueAt(props, 'LaunchTemplate.LaunchTemplateName');
    if (templateRef !== undefined) {
      const ref = index.follow(templateRef);
      // CDK's requireImdsv2 names the launch template by its literal LaunchTemplateName.
      const launchTemplate =
        ref.kind === 'resource'
          ? ref.resource
          : ref.kind === 'literal'
            ? index
                .ofType('AWS::EC2::LaunchTemplate')
                .find((lt) => index.literalString(lt.properties.LaunchTemplateName) === String(ref.value))
            : undefined;
      if (launchTemplate?.type === 'AWS::EC2::LaunchTemplate') {
        return requiresTokens(index, valueAt(launchTemplate.properties, 'LaunchTemplateData.MetadataOptions'))
          ? compliant()
          : nonCompliant(`its launch template ${launchTemplate.logicalId} does not set MetadataOptions.HttpTokens to required`);
      }
      return unverifiable(`its launch template comes from outside the template (${ref.kind === 'external' ? ref.why : 'a literal id'})`);
    }
    return nonCompliant('neither MetadataOptions.HttpTokens nor a launch template requires IMDSv2');
  },
);
