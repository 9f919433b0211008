import { parseDocument } from 'yaml';
import { flatten, trustStatements } from '../../lib/template/principal';
import { isRecord, TemplateIndex, TemplateResource } from '../../lib/template/template-index';
import { TemplateModel } from '../../lib/template/template-model';
import { LocalizedDetail, localized, Problem, RuleOutcome, notApplicable, outcomeOf, unverifiable } from '../outcome';
import { checkVariants, resourceRule, ResourceRule } from '../rule';

/** What a role of a CDK bootstrap template is for. */
export type BootstrapRoleKind = 'cfn-exec' | 'deploy' | 'lookup' | 'file-publishing' | 'image-publishing';

const KINDS: readonly BootstrapRoleKind[] = ['cfn-exec', 'deploy', 'lookup', 'file-publishing', 'image-publishing'];

/**
 * True for a CDK bootstrap template (`cdk bootstrap --show-template`, or a customized one): it
 * outputs `BootstrapVersion`, or keeps the version parameter `/cdk-bootstrap/<qualifier>/version`.
 */
export function isBootstrapTemplate(index: TemplateIndex): boolean {
  const outputs = isRecord(index.template.Outputs) ? index.template.Outputs : {};
  if ('BootstrapVersion' in outputs) return true;
  return index
    .ofType('AWS::SSM::Parameter')
    .some((parameter) => /^\/cdk-bootstrap\/[^/]+\/version$/.test(flatten(index, parameter.properties.Name)));
}

/**
 * The kind of a bootstrap role: its `aws-cdk:bootstrap-role` tag, else its name
 * (`cdk-<qualifier>-<kind>-role-…`), else — for the execution role, which the stock template
 * leaves untagged — its trust in CloudFormation.
 */
export function bootstrapRoleKind(role: TemplateResource, index: TemplateIndex): BootstrapRoleKind | undefined {
  const tagged = index.tagValue(role, 'aws-cdk:bootstrap-role');
  if (tagged && (KINDS as readonly string[]).includes(tagged)) return tagged as BootstrapRoleKind;
  const name = /^cdk-[^-]+-(cfn-exec|deploy|lookup|file-publishing|image-publishing)-role-/.exec(flatten(index, role.properties.RoleName));
  if (name) return name[1] as BootstrapRoleKind;
  const trustsCloudFormation = trustStatements(role).some((statement) => {
    const principal = isRecord(statement.principal) ? statement.principal.Service : undefined;
    return [principal].flat().some((service) => typeof service === 'string' && service.startsWith('cloudformation.'));
  });
  return trustsCloudFormation ? 'cfn-exec' : undefined;
}

/** The template a StackSet deploys, when it is written in it (TemplateBody, JSON or YAML long form). */
function stackSetTemplate(
  stackSet: TemplateResource,
  index: TemplateIndex,
): { template: Record<string, unknown> } | { why: LocalizedDetail } | undefined {
  const raw = stackSet.properties.TemplateBody;
  if (raw === undefined) return undefined;
  const body = index.literalString(raw);
  if (body === undefined) return { why: localized('its TemplateBody is not a literal', 'TemplateBody がリテラルでない') };
  try {
    if (body.trimStart().startsWith('{')) {
      const template: unknown = JSON.parse(body);
      return isRecord(template)
        ? { template }
        : { why: localized('its TemplateBody is not a template', 'TemplateBody がテンプレートでない') };
    }
    // Silent: a short form (!Sub) is read as its plain value, as before, without a warning on the console.
    const document = parseDocument(body, { logLevel: 'silent' });
    if (document.errors.length > 0) throw document.errors[0];
    const template: unknown = document.toJS();
    return isRecord(template)
      ? { template }
      : { why: localized('its TemplateBody is not a template', 'TemplateBody がテンプレートでない') };
  } catch {
    return {
      why: localized(
        'its TemplateBody does not parse as JSON or YAML (YAML short forms such as !Sub are not read here)',
        'TemplateBody を JSON としても YAML としても解析できない（!Sub などの YAML 短縮形はここでは読まない）',
      ),
    };
  }
}

/**
 * A rule over the roles of CDK bootstrap templates, of the given kinds: those of a checked
 * template, and those of the template an `AWS::CloudFormation::StackSet` deploys (a bootstrap
 * fanned out to an organization's accounts is checked where it is declared).
 */
export function bootstrapRoleRule(kinds: readonly BootstrapRoleKind[], check: ResourceRule['check']): ResourceRule {
  return resourceRule(['AWS::IAM::Role', 'AWS::CloudFormation::StackSet'], (resource, index) => {
    if (resource.type === 'AWS::IAM::Role') {
      if (!isBootstrapTemplate(index)) return notApplicable();
      const kind = bootstrapRoleKind(resource, index);
      return kind !== undefined && kinds.includes(kind) ? check(resource, index) : notApplicable();
    }
    const deployed = stackSetTemplate(resource, index);
    if (deployed === undefined) return notApplicable();
    if ('why' in deployed)
      return unverifiable(
        localized(
          `the template the StackSet deploys cannot be read: ${deployed.why.en}`,
          `StackSet がデプロイするテンプレートを読めない：${deployed.why.ja}`,
        ),
      );
    const model = TemplateModel.load([
      { name: `${index.name}/${resource.logicalId}`, template: deployed.template, ...(index.region ? { region: index.region } : {}) },
    ]);
    const inner = model.templates[0];
    if (inner === undefined || !isBootstrapTemplate(inner)) return notApplicable();
    const problems: Problem[] = [];
    const unresolved: Problem[] = [];
    const ofRole = (role: TemplateResource, outcome: { detail: string; detailJa?: string }): LocalizedDetail =>
      localized(
        `role ${role.logicalId} of the bootstrap it deploys: ${outcome.detail}`,
        `デプロイするブートストラップのロール ${role.logicalId}：${outcome.detailJa ?? outcome.detail}`,
      );
    let applies = false;
    for (const role of inner.ofType('AWS::IAM::Role')) {
      const kind = bootstrapRoleKind(role, inner);
      if (kind === undefined || !kinds.includes(kind)) continue;
      applies = true;
      const outcome: RuleOutcome = checkVariants(role, inner, check);
      if (outcome.status === 'non-compliant') problems.push(ofRole(role, outcome));
      if (outcome.status === 'unverifiable') unresolved.push(ofRole(role, outcome));
    }
    return applies ? outcomeOf(problems, unresolved) : notApplicable();
  });
}
