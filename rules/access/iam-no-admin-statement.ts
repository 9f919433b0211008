import { compliant, nonCompliant, notApplicable } from '../outcome';
import { coversAllActions, statementsOf } from '../../lib/template/policy-document';
import { resourceRule } from '../rule';
import { isRecord, TemplateIndex } from '../../lib/template/template-index';

const ADMIN_POLICY = /^arn:[^:]*:iam::aws:policy\/AdministratorAccess$/;

/** The policy documents of an IAM resource with where they are. */
function documents(type: string, props: Readonly<Record<string, unknown>>): { where: string; document: unknown }[] {
  if (type.endsWith('Policy')) {
    return [{ where: 'PolicyDocument', document: props.PolicyDocument }];
  }
  const inline = Array.isArray(props.Policies) ? props.Policies : [];
  return inline
    .filter(isRecord)
    .map((policy, i) => ({ where: `Policies[${i}] (${String(policy.PolicyName ?? '')})`, document: policy.PolicyDocument }));
}

function managedAdmin(index: TemplateIndex, props: Readonly<Record<string, unknown>>): string[] {
  const arns = Array.isArray(props.ManagedPolicyArns) ? props.ManagedPolicyArns : [];
  return arns
    .map(
      (arn) =>
        index.literalString(arn) ??
        (isRecord(arn) && Array.isArray(arn['Fn::Join'])
          ? (arn['Fn::Join'][1] as unknown[]).filter((p) => typeof p === 'string').join('')
          : ''),
    )
    .filter((arn) => ADMIN_POLICY.test(arn) || /:iam::aws:policy\/AdministratorAccess$/.test(arn))
    .map(() => 'ManagedPolicyArns attaches the AWS managed AdministratorAccess policy (Allow * on *)');
}

/** Control 33: no IAM policy statement allows every action on every resource. */
export const iamNoAdminStatement = resourceRule(
  [
    'AWS::IAM::Policy',
    'AWS::IAM::ManagedPolicy',
    'AWS::IAM::Role',
    'AWS::IAM::User',
    'AWS::IAM::Group',
    'AWS::IAM::RolePolicy',
    'AWS::IAM::UserPolicy',
    'AWS::IAM::GroupPolicy',
  ],
  (resource, index) => {
    const docs = documents(resource.type, resource.properties);
    const problems: string[] = [];
    for (const { where, document } of docs) {
      statementsOf(document).forEach((statement, i) => {
        if (statement.effect === 'Allow' && coversAllActions(statement.actions) && statement.resources.includes('*')) {
          problems.push(`${where} statement ${i} allows * on *`);
        }
      });
    }
    problems.push(...managedAdmin(index, resource.properties));
    if (problems.length > 0) return nonCompliant(...problems);
    return docs.length === 0 && !Array.isArray(resource.properties.ManagedPolicyArns) ? notApplicable() : compliant();
  },
);
