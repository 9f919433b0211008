import { sourceJa } from '../../lib/template/why-ja';
import { compliant, localized, nonCompliant, unverifiable } from '../outcome';
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
        : nonCompliant(
            localized(
              'LaunchTemplateData.MetadataOptions.HttpTokens is not required',
              'LaunchTemplateData.MetadataOptions.HttpTokens が required ではない',
            ),
          );
    }
    if (resource.type === 'AWS::AutoScaling::LaunchConfiguration') {
      return requiresTokens(index, props.MetadataOptions)
        ? compliant()
        : nonCompliant(localized('MetadataOptions.HttpTokens is not required', 'MetadataOptions.HttpTokens が required ではない'));
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
          : nonCompliant(
              localized(
                `its launch template ${launchTemplate.logicalId} does not set MetadataOptions.HttpTokens to required`,
                `起動テンプレート ${launchTemplate.logicalId} が MetadataOptions.HttpTokens を required にしていない`,
              ),
            );
      }
      return unverifiable(
        localized(
          `its launch template comes from outside the template (${ref.kind === 'external' ? ref.why : 'a literal id'})`,
          `起動テンプレートがテンプレートの外から来る（${ref.kind === 'external' ? sourceJa(ref.why) : 'リテラルの ID'}）`,
        ),
      );
    }
    return nonCompliant(
      localized(
        'neither MetadataOptions.HttpTokens nor a launch template requires IMDSv2',
        'MetadataOptions.HttpTokens も起動テンプレートも IMDSv2 を必須にしていない',
      ),
    );
  },
);
