import { compliantResources } from './compliant-resources';
import { checkPlain, getAtt, template } from './harness';

/**
 * Policies that look closed and are not: each trap, written into the compliant hand-written
 * template, must fail the rule that guards the path; the template as it is passes it.
 */

type Resources = Record<string, Record<string, unknown>>;
const doc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const objects = (id: string) => ({ 'Fn::Join': ['', [getAtt(id, 'Arn'), '/*']] });
const properties = (r: Resources, id: string) => r[id].Properties as Record<string, unknown>;
const rootOf = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' };
const DESTRUCTIVE = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'];

/** The C3 bucket's perimeter (statement 2 of its policy) with another condition, or another action element. */
function perimeter(r: Resources, statement: Record<string, unknown>): void {
  const policy = properties(r, 'MyBucketPolicy').PolicyDocument as { Statement: Record<string, unknown>[] };
  policy.Statement[1] = { Effect: 'Deny', Principal: '*', Resource: [getAtt('MyBucket', 'Arn'), objects('MyBucket')], ...statement };
}

/** The trail key's policy: the root's reading and use, and `extra`. */
function keyPolicy(r: Resources, ...extra: unknown[]): void {
  properties(r, 'Key').KeyPolicy = doc([
    {
      Effect: 'Allow',
      Principal: { AWS: rootOf },
      Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:Encrypt', 'kms:Decrypt'],
      Resource: '*',
    },
    ...extra,
  ]);
}

const endpointPolicy = (r: Resources, statement: Record<string, unknown>) => {
  properties(r, 'MyS3Endpoint').PolicyDocument = doc([{ Effect: 'Allow', Principal: '*', ...statement }]);
};

const traps: [string, (r: Resources) => void, string, string][] = [
  [
    'a C3 perimeter with ForAnyValue:StringNotEquals on aws:SourceVpce (a request without an endpoint escapes it)',
    (r) =>
      perimeter(r, {
        Action: 's3:*',
        Condition: { 'ForAnyValue:StringNotEquals': { 'aws:SourceVpce': { Ref: 'MyS3Endpoint' } } },
      }),
    'LGSEC-C3-BUCKET-ENDPOINT-ONLY',
    'MyBucket',
  ],
  [
    'a C3 perimeter that denies NotAction s3:GetObject (reading from the internet is left out)',
    (r) => perimeter(r, { NotAction: 's3:GetObject', Condition: { StringNotEquals: { 'aws:SourceVpce': { Ref: 'MyS3Endpoint' } } } }),
    'LGSEC-C3-BUCKET-ENDPOINT-ONLY',
    'MyBucket',
  ],
  [
    'a C3 perimeter on StringNotLike aws:SourceVpce vpce-* (every endpoint of every account)',
    (r) => perimeter(r, { Action: 's3:*', Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } } }),
    'LGSEC-C3-BUCKET-ENDPOINT-ONLY',
    'MyBucket',
  ],
  [
    'a closed-zone DNS Firewall that allows *.com before its block-all',
    (r) => {
      properties(r, 'MyVpcAllowedNames').Domains = ['kms.ap-northeast-1.amazonaws.com', '*.com'];
    },
    'LGSEC-CLOSED-ZONE-DNS-FIREWALL',
    'MyVpc',
  ],
  [
    'a closed-zone DNS Firewall that allows * before its block-all',
    (r) => {
      properties(r, 'MyVpcAllowedNames').Domains = ['*'];
    },
    'LGSEC-CLOSED-ZONE-DNS-FIREWALL',
    'MyVpc',
  ],
  [
    'an endpoint allowlist of bucket-name wildcards without an aws:ResourceAccount pin (anyone names a bucket so)',
    (r) => endpointPolicy(r, { Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::shiojiri-mynumber-*/*' }),
    'LGSEC-CLOSED-ZONE-ENDPOINT-ALLOWLIST',
    'MyS3Endpoint',
  ],
  [
    'an endpoint allowlist narrowed only by aws:ResourceTag (anyone tags a bucket of their own so)',
    (r) =>
      endpointPolicy(r, {
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:ResourceTag/lgsec:zone': 'mynumber' } },
      }),
    'LGSEC-CLOSED-ZONE-ENDPOINT-ALLOWLIST',
    'MyS3Endpoint',
  ],
  [
    'an audit key whose destructive actions the root may take under StringEqualsIfExists kms:ViaService (direct calls send no ViaService)',
    (r) =>
      keyPolicy(r, {
        Effect: 'Allow',
        Principal: { AWS: rootOf },
        Action: DESTRUCTIVE,
        Resource: '*',
        Condition: { StringEqualsIfExists: { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' } },
      }),
    'LGSEC-AUDIT-KEY-ADMIN',
    'Key',
  ],
  [
    'an audit key whose destructive actions the root may take under aws:PrincipalAccount of its own account (every principal meets it)',
    (r) =>
      keyPolicy(r, {
        Effect: 'Allow',
        Principal: { AWS: rootOf },
        Action: DESTRUCTIVE,
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
      }),
    'LGSEC-AUDIT-KEY-ADMIN',
    'Key',
  ],
];

describe('policy traps', () => {
  const untouched = checkPlain(template(compliantResources()));

  test.each(traps)('fails on %s', (_what, mutate, ruleId, logicalId) => {
    expect(untouched.status(ruleId, logicalId)).toBe('compliant');
    const resources = JSON.parse(JSON.stringify(compliantResources())) as Resources;
    mutate(resources);
    const checked = checkPlain(template(resources));
    expect(checked.status(ruleId, logicalId)).toBe('error');
  });
});

describe('closed-zone DNS Firewall wildcards', () => {
  test.each([['*.s3.ap-northeast-1.amazonaws.com'], ['*.ap-northeast-1.compute.internal']])(
    'passes on an ALLOW of %s (names only AWS serves)',
    (domain) => {
      const resources = JSON.parse(JSON.stringify(compliantResources())) as Resources;
      properties(resources, 'MyVpcAllowedNames').Domains = ['kms.ap-northeast-1.amazonaws.com', domain];
      expect(checkPlain(template(resources)).status('LGSEC-CLOSED-ZONE-DNS-FIREWALL', 'MyVpc')).toBe('compliant');
    },
  );

  test.each([['*.co.jp'], ['*.lg.jp'], ['*jp']])('fails on an ALLOW of %s (anyone registers a name there)', (domain) => {
    const resources = JSON.parse(JSON.stringify(compliantResources())) as Resources;
    properties(resources, 'MyVpcAllowedNames').Domains = [domain];
    const checked = checkPlain(template(resources));
    expect(checked.status('LGSEC-CLOSED-ZONE-DNS-FIREWALL', 'MyVpc')).toBe('error');
    expect(checked.message('LGSEC-CLOSED-ZONE-DNS-FIREWALL', 'MyVpc')).toContain(
      `answers ${domain} (ALLOW) before the wildcard BLOCK rule`,
    );
  });
});
