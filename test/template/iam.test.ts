import {
  allowEverything,
  conditionKeyType,
  displayText,
  evaluateRequest,
  expandActions,
  FULL_AWS_ACCESS,
  hasWildcard,
  instantiate,
  isMultiValuedKey,
  isUnknown,
  IamRequest,
  parseOperator,
  parsePolicy,
  PolicySet,
  readText,
  resourceArnFor,
  roleCaller,
  serviceActions,
  templatePolicy,
  Truth,
} from '../../lib/template/iam/index';
import { TemplateIndex } from '../../lib/template/template-index';
import { TemplateModel } from '../../lib/template/template-model';
import { getAtt, ref, template } from '../rules/harness';

const A = '111111111111';
const B = '222222222222';
const OBJECT = 'arn:aws:s3:::records/k';
const ADMIN = allowEverything('admin');

const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

/** A role session of account A (or another) calling `action` on `resource`, with the keys AWS sets. */
function request(
  action: string,
  resource = OBJECT,
  extra: Partial<IamRequest> & { account?: string; context?: Record<string, string | string[]> } = {},
): IamRequest {
  const caller = roleCaller({ account: extra.account ?? A, roleName: 'app', context: extra.context });
  return { ...caller, action, resource, resourceAccount: extra.resourceAccount ?? A };
}

function decide(req: IamRequest, policies: PolicySet): Truth {
  return evaluateRequest(req, { identity: [ADMIN], ...policies }).allowed;
}

const identityDeny = (statement: Record<string, unknown>) =>
  parsePolicy(doc({ Effect: 'Deny', Action: 's3:*', Resource: '*', ...statement }), 'deny');

describe('conditions as IAM evaluates them', () => {
  const vpce = (operator: string, values: string | string[], context: Record<string, string | string[]> = {}) =>
    decide(request('s3:GetObject', OBJECT, { context }), {
      identity: [ADMIN, identityDeny({ Condition: { [operator]: { 'aws:SourceVpce': values } } })],
    });

  test('a negated operator holds without the key; ForAnyValue does not (the fail-open perimeter)', () => {
    expect(vpce('StringNotEquals', 'vpce-1')).toBe(false);
    expect(vpce('ForAnyValue:StringNotEquals', 'vpce-1')).toBe(true);
    expect(vpce('ForAnyValue:StringNotEquals', 'vpce-1', { 'aws:SourceVpce': 'vpce-2' })).toBe(false);
    expect(vpce('ForAllValues:StringNotEquals', 'vpce-1')).toBe(false);
    expect(vpce('StringNotEqualsIfExists', 'vpce-1')).toBe(false);
    expect(vpce('StringEqualsIfExists', 'vpce-1')).toBe(false);
    expect(vpce('StringEquals', 'vpce-1')).toBe(true);
  });

  test('StringNotLike vpce-* admits every endpoint of every account', () => {
    expect(vpce('StringNotLike', 'vpce-*', { 'aws:SourceVpce': 'vpce-0foreign' })).toBe(true);
    expect(vpce('StringNotLike', 'vpce-*')).toBe(false);
  });

  test('Null, Bool, numbers, dates, addresses and ARNs', () => {
    const deny = (condition: Record<string, unknown>, context: Record<string, string | string[]>) =>
      decide(request('s3:GetObject', OBJECT, { context }), { identity: [ADMIN, identityDeny({ Condition: condition })] });
    expect(deny({ Null: { 'aws:SourceVpce': 'true' } }, {})).toBe(false);
    expect(deny({ Null: { 'aws:SourceVpce': 'false' } }, {})).toBe(true);
    expect(deny({ Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'false' })).toBe(false);
    expect(deny({ NumericLessThan: { 's3:TlsVersion': '1.2' } }, { 's3:TlsVersion': '1.1' })).toBe(false);
    expect(deny({ NumericLessThan: { 's3:TlsVersion': '1.2' } }, { 's3:TlsVersion': '1.3' })).toBe(true);
    expect(deny({ DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } }, {})).toBe(false);
    // Epoch values are seconds.
    expect(deny({ DateLessThan: { 'aws:CurrentTime': '1767225600' } }, { 'aws:CurrentTime': '2025-01-01T00:00:00Z' })).toBe(false);
    expect(deny({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.9' })).toBe(false);
    expect(deny({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.9' })).toBe(true);
    expect(deny({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app' } }, {})).toBe(true);
    expect(deny({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/break-glass' } }, {})).toBe(false);
    // An ARN condition value that is not an ARN matches nothing.
    expect(deny({ ArnLike: { 'aws:PrincipalArn': '*' } }, {})).toBe(true);
  });

  test('ForAllValues holds without the key; several values are each compared', () => {
    const calledVia = (operator: string, context: Record<string, string | string[]>) =>
      decide(request('s3:GetObject', OBJECT, { context }), {
        identity: [ADMIN, identityDeny({ Condition: { [operator]: { 'aws:CalledVia': ['athena.amazonaws.com'] } } })],
      });
    expect(calledVia('ForAllValues:StringNotEquals', {})).toBe(false);
    expect(calledVia('ForAllValues:StringNotEquals', { 'aws:CalledVia': ['athena.amazonaws.com'] })).toBe(true);
    expect(calledVia('ForAllValues:StringEquals', { 'aws:CalledVia': ['athena.amazonaws.com', 'glue.amazonaws.com'] })).toBe(true);
    expect(calledVia('ForAnyValue:StringEquals', { 'aws:CalledVia': ['glue.amazonaws.com', 'athena.amazonaws.com'] })).toBe(false);
  });

  test('policy variables, operator and key case', () => {
    const deny = (condition: Record<string, unknown>, context: Record<string, string>) =>
      decide(request('s3:GetObject', OBJECT, { context }), { identity: [ADMIN, identityDeny({ Condition: condition })] });
    expect(deny({ StringNotEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } }, { 'aws:ResourceAccount': B })).toBe(false);
    expect(deny({ StringNotEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } }, { 'aws:ResourceAccount': A })).toBe(true);
    expect(deny({ stringequals: { 'AWS:PRINCIPALTAG/team': 'ops' } }, { 'aws:PrincipalTag/team': 'ops' })).toBe(false);
    expect(deny({ StringEquals: { 'aws:PrincipalTag/team': 'OPS' } }, { 'aws:PrincipalTag/team': 'ops' })).toBe(true);
    expect(deny({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'OPS' } }, { 'aws:PrincipalTag/team': 'ops' })).toBe(false);
  });

  test('operators are split into set operator, base and IfExists', () => {
    expect(parseOperator('ForAnyValue:StringNotEqualsIfExists')).toEqual({ set: 'ForAnyValue', base: 'StringNotEquals', ifExists: true });
    expect(parseOperator('Null')).toEqual({ base: 'Null', ifExists: false, set: undefined });
    expect(parseOperator('StringSortOf').base).toBeUndefined();
  });
});

describe('actions, resources and principals', () => {
  test('actions match without case, NotAction lets the listed actions through', () => {
    const notGet = parsePolicy(doc({ Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }), 'perimeter');
    expect(decide(request('S3:getobject'), { identity: [ADMIN, notGet] })).toBe(true);
    expect(decide(request('s3:PutObject'), { identity: [ADMIN, notGet] })).toBe(false);
    const globs = parsePolicy(doc({ Effect: 'Allow', Action: ['s3:Get*Acl', 's3:Put?bject'], Resource: '*' }), 'globs');
    expect(decide(request('s3:GetObjectAcl'), { identity: [globs] })).toBe(true);
    expect(decide(request('s3:PutObject'), { identity: [globs] })).toBe(true);
    expect(decide(request('s3:GetObject'), { identity: [globs] })).toBe(false);
  });

  test('resources match with case; the first five ARN components each on their own', () => {
    const allowOn = (resource: string) => parsePolicy(doc({ Effect: 'Allow', Action: '*', Resource: resource }), 'scoped');
    expect(decide(request('s3:GetObject'), { identity: [allowOn('arn:aws:s3:::rec*')] })).toBe(true);
    expect(decide(request('s3:GetObject'), { identity: [allowOn('arn:aws:s3:::RECORDS/*')] })).toBe(false);
    expect(decide(request('s3:GetObject'), { identity: [allowOn('arn:aws:s3:::records')] })).toBe(false);
    const key = `arn:aws:kms:ap-northeast-1:${A}:key/k`;
    const keyPolicy = parsePolicy(
      doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }),
      'key',
    );
    expect(
      decide(request('kms:Decrypt', key), { identity: [allowOn('arn:aws:kms:*:*:key/*')], resource: keyPolicy, resourceKind: 'key' }),
    ).toBe(true);
    expect(
      decide(request('kms:Decrypt', key), { identity: [allowOn('arn:aws:kms:*:key/*')], resource: keyPolicy, resourceKind: 'key' }),
    ).toBe(false);
  });

  test('another account needs both its identity policy and the resource policy; a key policy must allow itself', () => {
    const bucket = (principal: unknown) =>
      parsePolicy(doc({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::records/*' }), 'bucket');
    const foreign = request('s3:GetObject', OBJECT, { account: B });
    expect(evaluateRequest(foreign, { identity: [ADMIN] }).allowed).toBe(false);
    expect(evaluateRequest(foreign, { identity: [ADMIN], resource: bucket({ AWS: B }) }).allowed).toBe(true);
    expect(evaluateRequest(foreign, { identity: [], resource: bucket('*') }).allowed).toBe(false);
    // In its own account, a bucket policy naming the role grants without an identity policy.
    expect(
      evaluateRequest(request('s3:GetObject'), { identity: [], resource: bucket({ AWS: `arn:aws:iam::${A}:role/app` }) }).allowed,
    ).toBe(true);
    expect(evaluateRequest(request('s3:GetObject'), { identity: [], resource: bucket({ AWS: A }) }).allowed).toBe(false);
    const key = `arn:aws:kms:ap-northeast-1:${A}:key/k`;
    const other = parsePolicy(
      doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/other` }, Action: 'kms:*', Resource: '*' }),
      'key',
    );
    expect(evaluateRequest(request('kms:Decrypt', key), { identity: [ADMIN], resource: other, resourceKind: 'key' }).allowed).toBe(false);
  });

  test('SCP levels must each allow; the endpoint policy must allow; explicit denies win', () => {
    const ouDeny = parsePolicy(doc({ Effect: 'Deny', NotAction: ['s3:Get*'], Resource: '*' }), 'allowlist');
    expect(decide(request('s3:GetObject'), { scps: [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, ouDeny]] })).toBe(true);
    expect(decide(request('s3:PutObject'), { scps: [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, ouDeny]] })).toBe(false);
    // A level without FullAWSAccess allows nothing.
    expect(decide(request('s3:GetObject'), { scps: [[FULL_AWS_ACCESS], [ouDeny]] })).toBe(false);
    const endpoint = parsePolicy(
      doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::records-*/*' }),
      'vpce',
    );
    const exfil = request('s3:GetObject', 'arn:aws:s3:::records-exfil/k', { resourceAccount: B });
    expect(decide(exfil, { endpoint, resource: allowEverything('attacker bucket', true) })).toBe(true);
    expect(decide(request('s3:PutObject', 'arn:aws:s3:::records-exfil/k', { resourceAccount: B }), { endpoint })).toBe(false);
    const decision = evaluateRequest(request('s3:GetObject'), { identity: [ADMIN, identityDeny({ Sid: 'NoReads' })] });
    expect(decision.reason).toMatch(/denied by statement 0 \(NoReads\) of deny/);
  });
});

describe('policies read from templates', () => {
  function indexOf(resources: Record<string, unknown>, extra: Record<string, unknown> = {}, account?: string): TemplateIndex {
    return new TemplateModel([{ name: 'Zone', template: template(resources, extra), region: 'ap-northeast-1', account }]).templates[0];
  }

  test('references become ARNs and names; what CloudFormation names is opaque; parameters leave the template', () => {
    const index = indexOf(
      {
        Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'records-prod' } },
        Generated: { Type: 'AWS::S3::Bucket', Properties: {} },
        Key: { Type: 'AWS::KMS::Key', Properties: {} },
        Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'app', Path: '/zone/' } },
        Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: {} },
      },
      { Parameters: { Open: { Type: 'String' }, Fixed: { Type: 'String', Default: 'vpce-fixed' } } },
      A,
    );
    expect(readText(index, getAtt('Named', 'Arn'))).toBe('arn:aws:s3:::records-prod');
    expect(readText(index, { 'Fn::Join': ['', [getAtt('Generated', 'Arn'), '/*']] })).toBe('arn:aws:s3:::<Zone.Generated>/*');
    expect(readText(index, getAtt('Key', 'Arn'))).toBe(`arn:aws:kms:ap-northeast-1:${A}:key/<Zone.Key>`);
    expect(readText(index, getAtt('Role', 'Arn'))).toBe(`arn:aws:iam::${A}:role/zone/app`);
    expect(readText(index, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Named}/${!aws:username}/*' })).toBe(
      'arn:aws:s3:::records-prod/${aws:username}/*',
    );
    expect(readText(index, ref('Endpoint'))).toBe('<Zone.Endpoint>');
    expect(readText(index, ref('Fixed'))).toBe('vpce-fixed');
    // A value that leaves the template is one symbol, the same wherever the template uses it.
    const open = readText(index, ref('Open')) as string;
    expect(displayText(open)).toBe("<parameter 'Open' of Zone (its value leaves the template)>");
    expect(readText(index, { 'Fn::Sub': 'arn:aws:s3:::${Open}' })).toBe(`arn:aws:s3:::${open}`);
    expect(displayText(readText(index, { 'Fn::ImportValue': 'Shared-Vpce' }) as string)).toBe(
      "<import 'Shared-Vpce' (exported by a stack that is not checked here; it leaves the template)>",
    );
  });

  test('a value that leaves the template makes the decision unknown, unless another statement decides it', () => {
    const index = indexOf({}, { Parameters: { Vpce: { Type: 'String' } } }, A);
    const perimeter = templatePolicy(
      index,
      doc({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': ref('Vpce') } },
      }),
      'bucket policy',
    );
    const fromVpce = request('s3:GetObject', OBJECT, { context: { 'aws:SourceVpce': 'vpce-1' } });
    const decision = evaluateRequest(fromVpce, { identity: [ADMIN], resource: perimeter });
    expect(isUnknown(decision.allowed)).toBe(true);
    expect(decision.reason).toMatch(/parameter 'Vpce' of Zone \(its value leaves the template\)/);
    // Through the endpoint the parameter names, the request is the parameter's own value: decided.
    const vpce = readText(index, ref('Vpce')) as string;
    const fromOwn = request('s3:GetObject', OBJECT, { context: { 'aws:SourceVpce': vpce } });
    expect(evaluateRequest(fromOwn, { identity: [ADMIN], resource: perimeter }).allowed).toBe(true);
    // Without an endpoint the negated operator holds whatever the parameter is.
    expect(evaluateRequest(request('s3:GetObject'), { identity: [ADMIN], resource: perimeter }).allowed).toBe(false);
    const opaque = templatePolicy(index, { 'Fn::If': ['Prod', doc(), doc()] }, 'conditional');
    expect(isUnknown(evaluateRequest(request('s3:GetObject'), { identity: [ADMIN], resource: opaque }).allowed)).toBe(true);
  });
});

describe('the AWS catalogue (iam-data) and probes', () => {
  test('expands action patterns per service and knows condition key types', () => {
    const s3Reads = expandActions(['s3:GetObject*']);
    expect(s3Reads).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectTagging']));
    expect(s3Reads.every((action) => action.startsWith('s3:GetObject'))).toBe(true);
    expect(expandActions(['iam:UpdateAssumeRolePolicy', 'lgsec:Made-Up'])).toEqual(['iam:UpdateAssumeRolePolicy', 'lgsec:Made-Up']);
    expect(serviceActions('kms').length).toBeGreaterThan(40);
    expect(conditionKeyType('aws:SourceVpce')).toBe('String');
    expect(isMultiValuedKey('aws:PrincipalOrgPaths')).toBe(true);
    expect(isMultiValuedKey('aws:PrincipalTag/team')).toBe(false);
    expect(isMultiValuedKey('s3:x-amz-server-side-encryption')).toBe(false);
    expect(isMultiValuedKey('lgsec:Unknown')).toBeUndefined();
  });

  test('builds the resources and names an adversary would use', () => {
    expect(resourceArnFor('kms:Encrypt', { account: B, region: 'ap-northeast-1' })).toBe(`arn:aws:kms:ap-northeast-1:${B}:key/lgsec-probe`);
    expect(resourceArnFor('sts:GetCallerIdentity', { account: B, region: 'ap-northeast-1' })).toBeUndefined();
    expect(instantiate('arn:aws:s3:::records-*/*')).toBe('arn:aws:s3:::records-lgsec-probe/lgsec-probe');
    expect(hasWildcard('arn:aws:s3:::records-${*}')).toBe(false);
    expect(hasWildcard('arn:aws:iam::*:role/x')).toBe(true);
    const caller = roleCaller({ account: A, organizationId: 'o-abc', sourceVpce: 'vpce-1', viaService: 'athena.amazonaws.com' });
    expect(caller.context).toEqual(
      expect.objectContaining({
        'aws:PrincipalArn': `arn:aws:iam::${A}:role/lgsec-probe-administrator`,
        'aws:PrincipalOrgID': 'o-abc',
        'aws:SourceVpce': 'vpce-1',
        'aws:ViaAWSService': 'true',
        'aws:CalledVia': ['athena.amazonaws.com'],
      }),
    );
  });
});
