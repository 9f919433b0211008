import { actionsCovered } from '../../lib/template/action-glob';
import { roleStatements } from '../../lib/template/iam';
import { flatten } from '../../lib/template/principal';
import { localized, outcomeOf, Problem } from '../outcome';
import { bootstrapRoleRule } from './bootstrap-template';

/** Reading data rather than configuration: object contents, log events, secrets, items, messages, decryption. */
const DATA_READS = [
  's3:GetObject',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:StartQuery',
  'secretsmanager:GetSecretValue',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'sqs:ReceiveMessage',
  'kms:Decrypt',
];

/** AWS managed policies and the data reads they allow (those that allow none are listed empty). */
const MANAGED_READS: Readonly<Record<string, readonly string[]>> = {
  AdministratorAccess: DATA_READS,
  PowerUserAccess: DATA_READS,
  ReadOnlyAccess: [
    's3:GetObject',
    'logs:GetLogEvents',
    'logs:FilterLogEvents',
    'logs:StartQuery',
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
  ],
  AmazonS3ReadOnlyAccess: ['s3:GetObject'],
  AmazonS3FullAccess: ['s3:GetObject'],
  CloudWatchLogsReadOnlyAccess: ['logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery'],
  CloudWatchLogsFullAccess: ['logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery'],
  AmazonDynamoDBReadOnlyAccess: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
  AmazonDynamoDBFullAccess: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
  SecretsManagerReadWrite: ['secretsmanager:GetSecretValue'],
  ViewOnlyAccess: [],
  AWSCloudFormationReadOnlyAccess: [],
};

/**
 * Control 33 for the deployment path: the lookup role of a CDK bootstrap template reads
 * configuration (networks, AMIs, hosted zones), never data. The stock role has ReadOnlyAccess
 * and denies only `kms:Decrypt`: it reads every unencrypted or SSE-S3 object and every log
 * event of the account, My Number access logs included.
 */
export const bootstrapLookupNoData = bootstrapRoleRule(['lookup'], (role, index) => {
  const granted = new Map<string, string>();
  const unresolved: Problem[] = [];
  const arns = role.properties.ManagedPolicyArns;
  for (const arn of Array.isArray(arns) ? arns : arns === undefined ? [] : [arns]) {
    const text = flatten(index, arn);
    const managed = /:iam::aws:policy\/(?:.*\/)?([\w+=,.@-]+)$/.exec(text);
    if (managed && managed[1] in MANAGED_READS) {
      for (const action of MANAGED_READS[managed[1]]) if (!granted.has(action)) granted.set(action, managed[1]);
      continue;
    }
    if (!index.resourceOf(arn, 'AWS::IAM::ManagedPolicy'))
      unresolved.push(
        localized(
          `ManagedPolicyArns names ${text}, whose statements are not in the template`,
          `ManagedPolicyArns が、ステートメントがテンプレートにない ${text} を指定している`,
        ),
      );
  }
  const statements = roleStatements({ resource: role, index });
  for (const { statement, where } of statements) {
    if (statement.effect !== 'Allow') continue;
    const reads =
      statement.notActions.length > 0
        ? DATA_READS.filter((a) => actionsCovered(statement.notActions, [a]).length === 0)
        : actionsCovered(statement.actions, DATA_READS);
    for (const action of reads) if (!granted.has(action)) granted.set(action, where);
  }
  const denied = new Set(
    statements
      .filter(
        ({ statement }) =>
          statement.effect === 'Deny' && statement.resources.includes('*') && Object.keys(statement.condition).length === 0,
      )
      .flatMap(({ statement }) => actionsCovered(statement.actions, DATA_READS)),
  );
  const problems = [...granted].filter(([action]) => !denied.has(action)).map(([action, from]) => `${action} (${from})`);
  return outcomeOf(
    problems.length > 0
      ? [
          localized(
            `the lookup role can read data: ${problems.join(', ')}; ` +
              'allow only the lookups (ec2:Describe*, ssm:GetParameter, route53:List*) and deny the data reads',
            `参照ロールがデータを読める：${problems.join('、')}。` +
              '参照（ec2:Describe*、ssm:GetParameter、route53:List*）だけを許し、データの読取りを拒否する',
          ),
        ]
      : [],
    unresolved,
  );
});
