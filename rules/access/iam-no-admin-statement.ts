import { evaluateRequest } from '../../lib/template/iam/evaluate';
import { Policy } from '../../lib/template/iam/policy';
import { roleCaller } from '../../lib/template/iam/probes';
import { templatePolicy } from '../../lib/template/iam/template-policy';
import { compliant, localized, nonCompliant, notApplicable, Problem } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord, TemplateIndex } from '../../lib/template/template-index';

const ADMIN_POLICY = /^arn:[^:]*:iam::aws:policy\/AdministratorAccess$/;

/**
 * Actions of unrelated services, and one of a service AWS has not made yet: a statement that
 * allows all of them on a resource only `*` names allows every action on every resource.
 */
const EVERY_SERVICE = [
  'iam:CreateAccessKey',
  'organizations:LeaveOrganization',
  'kms:ScheduleKeyDeletion',
  's3:DeleteBucket',
  'ec2:RunInstances',
  'cloudtrail:StopLogging',
  'lgsecprobe:AnyFutureAction',
];
const ANY_RESOURCE = 'arn:aws:lgsecprobe:ap-northeast-1:999999999999:lgsec-probe/any';
const CALLER = roleCaller({ account: '999999999999' });

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

function managedAdmin(index: TemplateIndex, props: Readonly<Record<string, unknown>>): Problem[] {
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
    .map(() =>
      localized(
        'ManagedPolicyArns attaches the AWS managed AdministratorAccess policy (Allow * on *)',
        'ManagedPolicyArns が AWS 管理の AdministratorAccess ポリシー（* に * を許可）をアタッチしている',
      ),
    );
}

/**
 * True when the statement, whatever its conditions, allows every action on every resource:
 * the evaluator grants it each action of {@link EVERY_SERVICE} on a resource only `*` covers
 * (Action `*`, `*:*`, a NotAction that leaves them in, with Resource `*` or a NotResource).
 */
function allowsEverything(policy: Policy, index: number): boolean {
  const statement = policy.statements[index];
  if (statement.effect !== 'Allow') return false;
  const alone: Policy = { name: policy.name, statements: [{ ...statement, conditions: [] }] };
  // The action of a service AWS has not made yet goes first: most statements stop there.
  return [...EVERY_SERVICE]
    .reverse()
    .every((action) => evaluateRequest({ ...CALLER, action, resource: ANY_RESOURCE }, { identity: [alone] }).allowed === true);
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
    const problems: Problem[] = [];
    for (const { where, document } of docs) {
      const policy = templatePolicy(index, document, where);
      policy.statements.forEach((statement, i) => {
        if (allowsEverything(policy, i))
          problems.push(
            localized(
              `${where} statement ${statement.index} allows * on *`,
              `${where} のステートメント ${statement.index} が * に * を許している`,
            ),
          );
      });
    }
    problems.push(...managedAdmin(index, resource.properties));
    if (problems.length > 0) return nonCompliant(...problems);
    return docs.length === 0 && !Array.isArray(resource.properties.ManagedPolicyArns) ? notApplicable() : compliant();
  },
);
