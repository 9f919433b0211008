/**
 * Differential test: our evaluator (lib/template/iam) against @cloud-copilot/iam-simulate, an
 * independent implementation of AWS's policy evaluation, on a generated matrix of requests ×
 * policies: condition operators with and without the key, set operators and IfExists; principals
 * of resource, key and trust policies within and across accounts; SCP and RCP levels,
 * permissions boundaries, endpoint policies; the traps the rules look for; and the real bucket,
 * endpoint, key and organization policies of the synthesized reference environment.
 *
 * iam-simulate is AGPL-3.0 and a devDependency only: it runs here, in tests, and is never
 * imported by lib/ or rules/, so nothing of it is distributed with lgsec. Its API is async.
 *
 * Where the two disagree on purpose, the case is listed in KNOWN_DIFFERENCES with the AWS
 * documentation that decides it; every other case must agree.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { App } from 'aws-cdk-lib';
import { buildReferenceEnvironment } from '../../bin/reference-environment';
import {
  evaluateRequest,
  expandActions,
  FOREIGN_ACCOUNT,
  FOREIGN_VPC_ENDPOINT,
  isUnknown,
  isUnknownText,
  parsePolicy,
  Policy,
  PrincipalElement,
  RCP_FULL_AWS_ACCESS,
  resourceArnFor,
  ResourcePolicyKind,
  roleCaller,
  Statement,
  templatePolicy,
  Text,
} from '../../lib/template/iam/index';
import { TemplateModel } from '../../lib/template/template-model';
import { TemplateInput } from '../../lib/template/input';

type Json = Record<string, unknown>;
type Context = Record<string, string | string[]>;

/** One request with the policies that apply, in plain JSON (what both evaluators read). */
interface Case {
  readonly label: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly context: Context;
  readonly identity?: Json[];
  readonly resourcePolicy?: Json;
  readonly resourceKind?: ResourcePolicyKind;
  /** SCP levels from the root; FullAWSAccess is not implied. */
  readonly scps?: Json[][];
  /** RCP levels from the root; both evaluators add RCPFullAWSAccess to each. */
  readonly rcps?: Json[][];
  readonly boundary?: Json;
  readonly session?: Json;
  readonly endpoint?: Json;
  /** The bucket has ABAC on (S3 then sends aws:ResourceTag): the adversary's own bucket does. */
  readonly bucketAbac?: boolean;
}

type Verdict = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

const A = '111111111111';
const B = '222222222222';
const V = '2012-10-17';
const ALLOW_ALL: Json = { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const SQS_ONLY: Json = { Version: V, Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] };
const OBJECT = 'arn:aws:s3:::records/key';
const KEY = `arn:aws:kms:ap-northeast-1:${A}:key/k1`;

/**
 * Cases where we follow AWS's documentation and iam-simulate 0.1.173 does not. Each is asserted
 * to still differ, so that a fix on either side is noticed.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // "The resource-based policy permissions are not limited by the session policy" when the
  // resource policy names the session ARN (IAM User Guide, Session policies).
  'session policy sqs, bucket grants the session ARN': 'iam-simulate limits a session-ARN grant by the session policy',
  // Date condition values may be epoch seconds (IAM User Guide, Date condition operators, aws:EpochTime).
  'DateLessThan epoch seconds': 'iam-simulate reads an epoch policy value as milliseconds',
};

function session(account: string, role = 'app'): { principal: string; context: Context } {
  const caller = roleCaller({ account, roleName: role });
  return { principal: caller.principal, context: caller.context as Context };
}

/** The generated matrix. */
function generatedCases(): Case[] {
  const cases: Case[] = [];
  const me = session(A);
  // Conditions: each operator, with and without the key, set operators, IfExists; in an identity Deny.
  const conditionCases: [string, Json, Context][] = [];
  const stringValues: [string, Context][] = [
    ['absent', {}],
    ['match', { 'aws:PrincipalTag/team': 'ops' }],
    ['other', { 'aws:PrincipalTag/team': 'dev' }],
  ];
  for (const op of [
    'StringEquals',
    'StringNotEquals',
    'StringLike',
    'StringNotLike',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
  ]) {
    for (const prefix of ['', 'ForAnyValue:', 'ForAllValues:']) {
      for (const suffix of ['', 'IfExists']) {
        for (const [label, context] of stringValues) {
          const value = op.includes('Like') ? 'o*' : 'ops';
          conditionCases.push([
            `${prefix}${op}${suffix} on a single-valued key, ${label}`,
            { [`${prefix}${op}${suffix}`]: { 'aws:PrincipalTag/team': value } },
            context,
          ]);
        }
      }
    }
  }
  const multi: [string, Context][] = [
    ['absent', {}],
    ['one matching', { 'aws:CalledVia': ['athena.amazonaws.com'] }],
    ['one other', { 'aws:CalledVia': ['glue.amazonaws.com'] }],
    ['mixed', { 'aws:CalledVia': ['athena.amazonaws.com', 'glue.amazonaws.com'] }],
  ];
  for (const op of [
    'ForAnyValue:StringEquals',
    'ForAllValues:StringEquals',
    'ForAnyValue:StringNotEquals',
    'ForAllValues:StringNotEquals',
    'ForAnyValue:StringLike',
    'ForAllValues:StringNotLike',
  ]) {
    const value = op.includes('Like') ? 'athena.*' : 'athena.amazonaws.com';
    for (const [label, context] of multi)
      conditionCases.push([`${op} on aws:CalledVia, ${label}`, { [op]: { 'aws:CalledVia': [value] } }, context]);
  }
  const typed: [string, Json, Context][] = [
    ['Null true, absent', { Null: { 'aws:SourceVpce': 'true' } }, {}],
    ['Null false, absent', { Null: { 'aws:SourceVpce': 'false' } }, {}],
    ['Null false, present', { Null: { 'aws:SourceVpce': 'false' } }, { 'aws:SourceVpce': 'vpce-1' }],
    ['Bool false, false', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'false' }],
    ['Bool false, absent', { Bool: { 'aws:SecureTransport': 'false' } }, {}],
    ['BoolIfExists false, absent', { BoolIfExists: { 'aws:SecureTransport': 'false' } }, {}],
    ['NumericLessThan, less', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '60' }],
    [
      'NumericGreaterThanEquals, equal',
      { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '60' } },
      { 'aws:MultiFactorAuthAge': '60' },
    ],
    ['NumericNotEquals, absent', { NumericNotEquals: { 'aws:MultiFactorAuthAge': '60' } }, {}],
    [
      'DateGreaterThan ISO',
      { DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
      { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
    ],
    [
      'DateLessThanEquals ISO',
      { DateLessThanEquals: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
      { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
    ],
    ['DateLessThan epoch seconds', { DateLessThan: { 'aws:CurrentTime': '1767225600' } }, { 'aws:CurrentTime': '2025-01-01T00:00:00Z' }],
    ['IpAddress in range', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.9' }],
    ['IpAddress outside', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' }],
    ['NotIpAddress absent', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, {}],
    ['IpAddress IPv6', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8::1' }],
    ['ArnLike role wildcard account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app' } }, {}],
    ['ArnNotLike other role', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/break-glass' } }, {}],
    ['ArnEquals wildcard', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/a*' } }, {}],
    ['ArnLike *', { ArnLike: { 'aws:PrincipalArn': '*' } }, {}],
    ['ArnLike short pattern', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }, {}],
    ['ArnNotLikeIfExists absent key', { ArnNotLikeIfExists: { 'aws:SourceArn': 'arn:aws:s3:::x' } }, {}],
    ['StringEquals policy variable', { StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } }, { 'aws:ResourceAccount': A }],
    [
      'StringNotEquals policy variable',
      { StringNotEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } },
      { 'aws:ResourceAccount': B },
    ],
    ['lower-case operator and key', { stringequals: { 'AWS:PRINCIPALTAG/team': 'ops' } }, { 'aws:PrincipalTag/team': 'ops' }],
    [
      'two keys are ANDed',
      { StringEquals: { 'aws:PrincipalTag/team': 'ops', 'aws:PrincipalTag/x': 'y' } },
      { 'aws:PrincipalTag/team': 'ops' },
    ],
    [
      'two operators are ANDed',
      { StringEquals: { 'aws:PrincipalTag/team': 'ops' }, Bool: { 'aws:SecureTransport': 'true' } },
      { 'aws:PrincipalTag/team': 'ops' },
    ],
  ];
  conditionCases.push(...typed);
  for (const [label, condition, context] of conditionCases) {
    cases.push({
      label,
      ...me,
      context: { ...me.context, ...context },
      action: 's3:GetObject',
      resource: OBJECT,
      resourceAccount: A,
      identity: [ALLOW_ALL, { Version: V, Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: condition }] }],
    });
  }

  // Principals of resource, key and trust policies, within and across accounts.
  const callers: [string, { principal: string; context: Context }][] = [
    ['a role session of A', me],
    ['a role session of B', session(B)],
    [
      'user alice of A',
      {
        principal: `arn:aws:iam::${A}:user/alice`,
        context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/alice`, 'aws:PrincipalAccount': A },
      },
    ],
  ];
  const grants: [string, unknown][] = [
    ['*', '*'],
    ['AWS *', { AWS: '*' }],
    ['account A root', { AWS: `arn:aws:iam::${A}:root` }],
    ['account A id', { AWS: A }],
    ['account B root', { AWS: `arn:aws:iam::${B}:root` }],
    ['role app of A', { AWS: `arn:aws:iam::${A}:role/lgsec-probe-administrator` }],
    ['role app of B', { AWS: `arn:aws:iam::${B}:role/lgsec-probe-administrator` }],
    ['the session of A', { AWS: me.principal }],
    ['user alice', { AWS: `arn:aws:iam::${A}:user/alice` }],
  ];
  for (const [callerLabel, caller] of callers) {
    for (const [grantLabel, principal] of grants) {
      for (const [identityLabel, identity] of [
        ['identity allows', ALLOW_ALL],
        ['identity allows nothing here', SQS_ONLY],
      ] as const) {
        const base = { ...caller, resourceAccount: A, identity: [identity] };
        cases.push({
          ...base,
          label: `bucket grants ${grantLabel} to ${callerLabel}, ${identityLabel}`,
          action: 's3:GetObject',
          resource: OBJECT,
          resourcePolicy: {
            Version: V,
            Statement: [{ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::records/*' }],
          },
        });
        cases.push({
          ...base,
          label: `key grants ${grantLabel} to ${callerLabel}, ${identityLabel}`,
          action: 'kms:Decrypt',
          resource: KEY,
          resourceKind: 'key',
          resourcePolicy: { Version: V, Statement: [{ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }] },
        });
        cases.push({
          ...base,
          label: `trust policy trusts ${grantLabel} for ${callerLabel}, ${identityLabel}`,
          action: 'sts:AssumeRole',
          resource: `arn:aws:iam::${A}:role/target`,
          resourceKind: 'trust',
          resourcePolicy: { Version: V, Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] },
        });
      }
    }
    cases.push({
      label: `bucket denies NotPrincipal the role, caller ${callerLabel}`,
      ...caller,
      action: 's3:GetObject',
      resource: OBJECT,
      resourceAccount: A,
      identity: [ALLOW_ALL],
      resourcePolicy: {
        Version: V,
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
          { Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:role/lgsec-probe-administrator`] }, Action: 's3:*', Resource: '*' },
        ],
      },
    });
  }

  // Permissions boundaries and session policies against the resource policy's naming of the caller.
  const s3Only = { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  for (const [grantLabel, principal] of [
    ['nobody', undefined],
    ['*', '*'],
    ['the role', { AWS: `arn:aws:iam::${A}:role/lgsec-probe-administrator` }],
    ['the session ARN', { AWS: me.principal }],
  ] as const) {
    for (const [policyLabel, policy] of [
      ['s3', s3Only],
      ['sqs', SQS_ONLY],
    ] as const) {
      const resourcePolicy = principal
        ? { Version: V, Statement: [{ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: '*' }] }
        : undefined;
      const base = { ...me, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, identity: [ALLOW_ALL], resourcePolicy };
      cases.push({ ...base, label: `boundary ${policyLabel}, bucket grants ${grantLabel}`, boundary: policy });
      cases.push({ ...base, label: `session policy ${policyLabel}, bucket grants ${grantLabel}`, session: policy });
    }
  }

  // SCP levels: allowlists, denylists, exemptions by principal.
  const full = ALLOW_ALL;
  const denyExcept = {
    Version: V,
    Statement: [
      {
        Effect: 'Deny',
        Action: 's3:*',
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/break-glass' } },
      },
    ],
  };
  const scpSets: [string, Json[][]][] = [
    ['an OU Deny with a name exemption', [[full], [full, denyExcept]]],
    ['an OU without FullAWSAccess', [[full], [denyExcept]]],
    [
      'an OU Allow-list without FullAWSAccess',
      [[full], [{ Version: V, Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }]],
    ],
    [
      'an OU Deny NotAction allowlist',
      [[full], [full, { Version: V, Statement: [{ Effect: 'Deny', NotAction: ['s3:Get*', 'kms:*'], Resource: '*' }] }]],
    ],
    ['an empty account level', [[full], [full], []]],
  ];
  for (const [label, scps] of scpSets) {
    for (const [who, caller] of [
      ['app', me],
      ['break-glass', session(A, 'break-glass')],
    ] as const) {
      for (const [action, resource] of [
        ['s3:GetObject', OBJECT],
        ['s3:PutObject', OBJECT],
        ['iam:CreateRole', `arn:aws:iam::${A}:role/x`],
      ]) {
        cases.push({
          label: `SCPs ${label}: ${who} ${action}`,
          ...caller,
          action,
          resource,
          resourceAccount: A,
          identity: [ALLOW_ALL],
          scps,
        });
      }
    }
  }

  // RCP perimeters, against principals in and out of the organization.
  const anyBucket = { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] };
  const rcps: [string, Json][] = [
    ['IfExists', { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } }],
    ['ForAnyValue', { 'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgID': 'o-abc' } }],
    [
      'name exemption',
      { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' }, ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/break-glass' } },
    ],
  ].map(([label, condition]) => [
    label as string,
    { Version: V, Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: condition }] },
  ]);
  for (const [label, rcp] of rcps) {
    for (const [who, caller] of [
      ['in the organization', { ...me, context: { ...me.context, 'aws:PrincipalOrgID': 'o-abc' } }],
      ['outside any organization', session(B)],
      ['in another organization', { ...session(B), context: { ...session(B).context, 'aws:PrincipalOrgID': 'o-evil' } }],
      ['break-glass of another account', session(B, 'break-glass')],
    ] as const) {
      cases.push({
        label: `RCP ${label}, caller ${who}`,
        ...caller,
        action: 's3:GetObject',
        resource: OBJECT,
        resourceAccount: A,
        identity: [ALLOW_ALL],
        rcps: [[], [rcp]],
        resourcePolicy: anyBucket,
      });
    }
  }

  // Endpoint policies: bucket-name wildcards, account pins, NotAction.
  const endpoints: [string, Json][] = [
    [
      'records-*',
      { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::records-*/*' }] },
    ],
    [
      'aws:ResourceAccount',
      {
        Version: V,
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': A } } },
        ],
      },
    ],
    [
      's3:ResourceAccount',
      {
        Version: V,
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:*',
            Resource: 'arn:aws:s3:::records-*',
            Condition: { StringEquals: { 's3:ResourceAccount': A } },
          },
        ],
      },
    ],
    [
      'NotAction deny',
      {
        Version: V,
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': A } } },
          { Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' },
        ],
      },
    ],
  ];
  for (const [label, endpoint] of endpoints) {
    for (const [target, bucket, owner] of [
      ['own records-prod', 'records-prod', A],
      ['foreign records-exfil', 'records-exfil', B],
      ['foreign other', 'other', B],
    ] as const) {
      for (const action of ['s3:GetObject', 's3:PutObject']) {
        cases.push({
          label: `endpoint ${label} to ${target}: ${action}`,
          ...me,
          context: { ...me.context, 'aws:ResourceAccount': owner, 's3:ResourceAccount': owner },
          action,
          resource: `arn:aws:s3:::${bucket}/k`,
          resourceAccount: owner,
          identity: [ALLOW_ALL],
          endpoint,
          resourcePolicy: owner === B ? anyBucket : undefined,
        });
      }
    }
  }

  // Resource and action matching.
  const patterns: [string, string, string][] = [
    ['arn:aws:s3:::*', OBJECT, 's3:GetObject'],
    ['arn:aws:s3:::records', OBJECT, 's3:GetObject'],
    ['arn:aws:s3:::rec*', OBJECT, 's3:GetObject'],
    ['arn:aws:s3:::records/k?y', OBJECT, 's3:GetObject'],
    ['arn:aws:s3:::RECORDS/*', OBJECT, 's3:GetObject'],
    ['arn:aws:*:*:*:*', OBJECT, 's3:GetObject'],
    ['arn:*:s3:::records/*', OBJECT, 's3:GetObject'],
    ['arn:aws:s3:::${aws:PrincipalAccount}-*/*', `arn:aws:s3:::${A}-data/k`, 's3:GetObject'],
    ['arn:aws:kms:*:*:key/*', KEY, 'kms:Decrypt'],
    ['arn:aws:kms:*:key/*', KEY, 'kms:Decrypt'],
    ['arn:aws:iam::*:role/*', `arn:aws:iam::${A}:role/path/x`, 'iam:UpdateAssumeRolePolicy'],
    ['arn:aws:iam::*:role/x', `arn:aws:iam::${A}:role/path/x`, 'iam:UpdateAssumeRolePolicy'],
    ['arn:aws:logs:*:*:log-group:g:*', `arn:aws:logs:ap-northeast-1:${A}:log-group:g:log-stream:s`, 'logs:PutLogEvents'],
  ];
  const keyForRoot = {
    Version: V,
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }],
  };
  for (const [pattern, resource, action] of patterns) {
    cases.push({
      label: `Resource ${pattern} against ${resource}`,
      ...me,
      action,
      resource,
      resourceAccount: A,
      identity: [{ Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: pattern }] }],
      ...(action.startsWith('kms:') ? { resourcePolicy: keyForRoot, resourceKind: 'key' as const } : {}),
    });
  }
  for (const action of ['s3:GetObject', 's3:GetObjectAcl', 's3:PutObject', 'S3:getobject']) {
    for (const [label, statement] of [
      ['Allow NotAction s3:GetObject', { Effect: 'Allow', NotAction: 's3:GetObject', Resource: '*' }],
      ['Allow s3:Get* NotResource records/*', { Effect: 'Allow', Action: 's3:Get*', NotResource: 'arn:aws:s3:::records/*' }],
      ['Allow s3:Get*Acl and s3:Put?bject', { Effect: 'Allow', Action: ['s3:Get*Acl', 's3:Put?bject'], Resource: '*' }],
    ] as const) {
      cases.push({
        label: `${label}: ${action}`,
        ...me,
        action,
        resource: OBJECT,
        resourceAccount: A,
        identity: [{ Version: V, Statement: [statement] }],
      });
    }
  }
  // The traps the rules look for, as AWS would answer the adversary's request.
  const perimeter = (condition: Json, extra: Json = {}): Json => ({
    Version: V,
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::records', 'arn:aws:s3:::records/*'],
        Condition: condition,
        ...extra,
      },
    ],
  });
  const traps: [string, Json, Context, string][] = [
    [
      'trap: ForAnyValue:StringNotEquals perimeter, from the internet',
      perimeter({ 'ForAnyValue:StringNotEquals': { 'aws:SourceVpce': 'vpce-1' } }),
      {},
      's3:GetObject',
    ],
    [
      'trap: StringNotLike vpce-* perimeter, from a foreign endpoint',
      perimeter({ StringNotLike: { 'aws:SourceVpce': 'vpce-*' } }),
      { 'aws:SourceVpce': FOREIGN_VPC_ENDPOINT },
      's3:GetObject',
    ],
    [
      'trap: NotAction s3:GetObject perimeter, GetObject from the internet',
      {
        Version: V,
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            NotAction: 's3:GetObject',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
          },
        ],
      },
      {},
      's3:GetObject',
    ],
    [
      'trap: perimeter exempting aws:ViaAWSService, via Athena',
      perimeter({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' }, Bool: { 'aws:ViaAWSService': 'false' } }),
      { 'aws:ViaAWSService': 'true', 'aws:CalledVia': ['athena.amazonaws.com'] },
      's3:GetObject',
    ],
    [
      'trap: encryption deny testing both headers, another key',
      perimeter({
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY },
      }),
      {
        's3:x-amz-server-side-encryption': 'aws:kms',
        's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:ap-northeast-1:${FOREIGN_ACCOUNT}:key/k`,
      },
      's3:PutObject',
    ],
  ];
  for (const [label, resourcePolicy, context, action] of traps) {
    cases.push({
      label,
      ...me,
      context: { ...me.context, ...context },
      action,
      resource: OBJECT,
      resourceAccount: A,
      identity: [ALLOW_ALL],
      resourcePolicy,
    });
  }
  const taggedEndpoint = {
    Version: V,
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:ResourceTag/classification': 'lgwan' } },
      },
    ],
  };
  cases.push({
    label: "trap: endpoint narrowed by aws:ResourceTag, the adversary's tagged bucket",
    ...me,
    context: { ...me.context, 'aws:ResourceTag/classification': 'lgwan', 'aws:ResourceAccount': FOREIGN_ACCOUNT },
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::exfil/k',
    resourceAccount: FOREIGN_ACCOUNT,
    identity: [ALLOW_ALL],
    endpoint: taggedEndpoint,
    resourcePolicy: anyBucket,
    bucketAbac: true,
  });
  for (const [label, condition] of [
    ['StringEqualsIfExists kms:ViaService', { StringEqualsIfExists: { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' } }],
    ['aws:PrincipalAccount of the key account', { StringEquals: { 'aws:PrincipalAccount': A } }],
  ] as const) {
    cases.push({
      label: `trap: key policy condition ${label}, direct ScheduleKeyDeletion`,
      ...me,
      action: 'kms:ScheduleKeyDeletion',
      resource: KEY,
      resourceAccount: A,
      identity: [ALLOW_ALL],
      resourceKind: 'key',
      resourcePolicy: {
        Version: V,
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*', Condition: condition },
        ],
      },
    });
  }
  for (const [who, caller] of [
    ['an ordinary role', me],
    ['break-glass of this member', session(A, 'break-glass')],
    ['break-glass made in another member', session(B, 'break-glass')],
  ] as const) {
    cases.push({
      label: `trap: SCP exempting break-glass by name, ${who}`,
      ...caller,
      action: 'cloudtrail:StopLogging',
      resource: `arn:aws:cloudtrail:ap-northeast-1:${caller.context['aws:PrincipalAccount']}:trail/t`,
      resourceAccount: caller.context['aws:PrincipalAccount'] as string,
      identity: [ALLOW_ALL],
      scps: [
        [full],
        [
          full,
          {
            Version: V,
            Statement: [
              {
                Effect: 'Deny',
                Action: 'cloudtrail:StopLogging',
                Resource: '*',
                Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/break-glass' } },
              },
            ],
          },
        ],
      ],
    });
  }

  // A service principal under a confused-deputy condition.
  for (const source of [A, B]) {
    cases.push({
      label: `cloudtrail delivers for source account ${source}`,
      principal: 'cloudtrail.amazonaws.com',
      context: { 'aws:SourceAccount': source, 'aws:PrincipalIsAWSService': 'true' },
      action: 's3:PutObject',
      resource: OBJECT,
      resourceAccount: A,
      identity: [],
      resourcePolicy: {
        Version: V,
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::records/*',
            Condition: { StringEquals: { 'aws:SourceAccount': A } },
          },
        ],
      },
    });
  }
  return cases;
}

/** Our verdict on a case. */
function ours(c: Case, read: (policy: Json, name: string) => Policy = (p, n) => parsePolicy(p, n)): Verdict | 'unknown' {
  const decision = evaluateRequest(
    { principal: c.principal, action: c.action, resource: c.resource, resourceAccount: c.resourceAccount, context: c.context },
    {
      identity: (c.identity ?? []).map((p, i) => read(p, `identity ${i}`)),
      ...(c.resourcePolicy ? { resource: read(c.resourcePolicy, 'resource'), resourceKind: c.resourceKind } : {}),
      ...(c.scps ? { scps: c.scps.map((level, i) => level.map((p, j) => read(p, `SCP ${i}.${j}`))) } : {}),
      ...(c.rcps ? { rcps: c.rcps.map((level, i) => [RCP_FULL_AWS_ACCESS, ...level.map((p, j) => read(p, `RCP ${i}.${j}`))]) } : {}),
      ...(c.boundary ? { permissionsBoundary: read(c.boundary, 'boundary') } : {}),
      ...(c.session ? { sessionPolicy: read(c.session, 'session') } : {}),
      ...(c.endpoint ? { endpoint: read(c.endpoint, 'endpoint') } : {}),
    },
  );
  if (isUnknown(decision.allowed)) return 'unknown';
  if (decision.allowed) return 'Allowed';
  return decision.denies.some((d) => d.applies === true) ? 'ExplicitlyDenied' : 'ImplicitlyDenied';
}

/** iam-simulate's verdict on a case (its async API). */
async function theirs(c: Case): Promise<Verdict | string> {
  const named = (list: Json[] | undefined, prefix: string) => (list ?? []).map((policy, i) => ({ name: `${prefix}${i}`, policy }));
  const simulation: Simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context,
    },
    identityPolicies: named(c.identity, 'identity'),
    serviceControlPolicies: (c.scps ?? []).map((level, i) => ({ orgIdentifier: `level-${i}`, policies: named(level, 'scp') })),
    resourceControlPolicies: (c.rcps ?? []).map((level, i) => ({ orgIdentifier: `level-${i}`, policies: named(level, 'rcp') })),
    resourcePolicy: c.resourcePolicy,
    permissionBoundaryPolicies: c.boundary ? named([c.boundary], 'boundary') : undefined,
    vpcEndpointPolicies: c.endpoint ? named([c.endpoint], 'endpoint') : undefined,
    sessionPolicy: c.session,
    ...(c.bucketAbac ? { additionalSettings: { s3: { bucketAbacEnabled: true } } } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') return `error ${JSON.stringify(result.errors)}`;
  return result.overallResult as Verdict;
}

async function compare(cases: readonly Case[], read?: (policy: Json, name: string) => Policy): Promise<string[]> {
  const lines: string[] = [];
  for (const c of cases) {
    const [a, b] = [ours(c, read), await theirs(c)];
    const known = KNOWN_DIFFERENCES[c.label];
    if (known) {
      if (a === b) lines.push(`${c.label}: listed as a known difference (${known}) but both say ${a}`);
    } else if (a !== b) lines.push(`${c.label}: ours ${a}, iam-simulate ${b}`);
  }
  // The first differences say enough; the count says how many.
  return lines.length > 20 ? [...lines.slice(0, 20), `… and ${lines.length - 20} more`] : lines;
}

describe('our evaluator agrees with iam-simulate', () => {
  test('on the generated matrix of requests × policies', async () => {
    const cases = generatedCases();
    expect(cases.length).toBeGreaterThan(400);
    expect(await compare(cases)).toEqual([]);
  });

  describe('on the policies of the synthesized reference environment', () => {
    let model: TemplateModel;
    let outdir: string;

    beforeAll(() => {
      outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-iam-diff-'));
      const app = new App({ outdir, context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
      buildReferenceEnvironment(app);
      const assembly = app.synth();
      const inputs: TemplateInput[] = assembly.stacks.map((stack) => ({
        name: stack.stackName,
        template: stack.template as Record<string, unknown>,
        account: stack.environment.account,
        region: stack.environment.region,
      }));
      model = TemplateModel.load(inputs);
    });

    afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

    /** Opaque names (`<Stack.Id>`) become names iam-simulate's ARN checks accept, the same in policy and request. */
    const safe = (text: string): string =>
      text.replace(/<([^>]*)>/g, (_, inner: string) => `lgsec-${inner.replace(/[^A-Za-z0-9]/g, '-').toLowerCase()}`);

    /** Our parsed policy back as JSON (every value known in the reference environment). */
    function json(policy: Policy): Json {
      const texts = (list: readonly Text[] | undefined) => list?.map((t) => (isUnknownText(t) ? `UNKNOWN ${t.unknownText}` : safe(t)));
      const principal = (element: PrincipalElement | undefined) =>
        element === undefined || element === '*'
          ? element
          : Object.fromEntries(Object.entries(element).map(([kind, values]) => [kind, texts(values)]));
      const statement = (s: Statement): Json => {
        const condition: Record<string, Record<string, string[]>> = {};
        for (const c of s.conditions) (condition[c.operator] ??= {})[c.key] = texts(c.values)!;
        return Object.fromEntries(
          Object.entries({
            Sid: s.sid,
            Effect: s.effect,
            Principal: principal(s.principal),
            NotPrincipal: principal(s.notPrincipal),
            Action: texts(s.action),
            NotAction: texts(s.notAction),
            Resource: texts(s.resource),
            NotResource: texts(s.notResource),
            Condition: s.conditions.length > 0 ? condition : undefined,
          }).filter(([, v]) => v !== undefined),
        );
      };
      expect(JSON.stringify(policy)).not.toMatch(/unknownText|opaque/);
      return { Version: V, Statement: policy.statements.map(statement) };
    }

    function policiesOf(type: string, property: string): { name: string; account: string; json: Json }[] {
      return model.ofType(type).map(({ resource, index }) => ({
        name: `${index.name}/${resource.logicalId}`,
        account: index.account!,
        json: json(templatePolicy(index, resource.properties[property], resource.logicalId)),
      }));
    }

    /** `{"AWS": "*"}` as `"*"`: the same principal, in the form iam-simulate takes in an endpoint policy. */
    const anyPrincipal = (policy: Json): Json => ({
      ...policy,
      Statement: (policy.Statement as Json[]).map((s) => (JSON.stringify(s.Principal) === '{"AWS":["*"]}' ? { ...s, Principal: '*' } : s)),
    });

    /** Requests by a role of the account, of another account, through the zone's endpoints or none, with and without TLS. */
    function callers(account: string, vpces: string[]): { label: string; principal: string; context: Context }[] {
      const out: { label: string; principal: string; context: Context }[] = [];
      for (const [who, caller] of [
        ['a role of the account', roleCaller({ account, organizationId: 'o-a1b2c3d4e5' })],
        ['a role of another account', roleCaller({ account: FOREIGN_ACCOUNT })],
      ] as const) {
        for (const vpce of [undefined, FOREIGN_VPC_ENDPOINT, ...vpces]) {
          for (const tls of [true, false]) {
            out.push({
              label: `${who}${vpce ? ` via ${vpce}` : ''}${tls ? '' : ' without TLS'}`,
              principal: caller.principal,
              context: { ...(caller.context as Context), ...(vpce ? { 'aws:SourceVpce': vpce } : {}), 'aws:SecureTransport': String(tls) },
            });
          }
        }
      }
      return out;
    }

    test('bucket policies', async () => {
      const cases: Case[] = [];
      for (const policy of policiesOf('AWS::S3::BucketPolicy', 'PolicyDocument')) {
        const text = JSON.stringify(policy.json);
        const bucket = /arn:aws:s3:::([^/"*]+)/.exec(text)?.[1];
        if (!bucket) continue;
        const vpces = [...new Set(text.match(/lgsec-[a-z0-9-]*endpoint[a-z0-9-]*|vpce-[0-9a-f]+/g) ?? [])];
        for (const caller of callers(policy.account, vpces)) {
          for (const [action, resource] of [
            ['s3:GetObject', `arn:aws:s3:::${bucket}/k`],
            ['s3:PutObject', `arn:aws:s3:::${bucket}/k`],
            ['s3:ListBucket', `arn:aws:s3:::${bucket}`],
          ]) {
            cases.push({
              ...caller,
              label: `${policy.name}: ${action} by ${caller.label}`,
              action,
              resource,
              resourceAccount: policy.account,
              identity: [ALLOW_ALL],
              resourcePolicy: policy.json,
            });
          }
        }
      }
      expect(cases.length).toBeGreaterThan(200);
      expect(await compare(cases)).toEqual([]);
    });

    test('VPC endpoint policies', async () => {
      const cases: Case[] = [];
      for (const policy of policiesOf('AWS::EC2::VPCEndpoint', 'PolicyDocument')) {
        const endpoint = anyPrincipal(policy.json);
        const buckets = [...new Set(JSON.stringify(policy.json).match(/arn:aws:s3:::[^/"*]+/g) ?? [])].map((arn) =>
          arn.slice('arn:aws:s3:::'.length),
        );
        const targets: { action: string; resource: string; owner: string }[] = [];
        for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket']) {
          const object = action !== 's3:ListBucket';
          for (const [bucket, owner] of [...buckets.map((b) => [b, policy.account]), ['records-exfil', FOREIGN_ACCOUNT]]) {
            targets.push({ action, resource: `arn:aws:s3:::${bucket}${object ? '/k' : ''}`, owner });
          }
        }
        for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ScheduleKeyDeletion']) {
          for (const owner of [policy.account, FOREIGN_ACCOUNT])
            targets.push({ action, resource: `arn:aws:kms:ap-northeast-1:${owner}:key/k`, owner });
        }
        for (const owner of [policy.account, FOREIGN_ACCOUNT]) {
          targets.push({ action: 'sts:AssumeRole', resource: `arn:aws:iam::${owner}:role/x`, owner });
          targets.push({ action: 'logs:PutLogEvents', resource: `arn:aws:logs:ap-northeast-1:${owner}:log-group:g:log-stream:s`, owner });
          targets.push({ action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:ap-northeast-1:${owner}:table/t`, owner });
        }
        for (const caller of callers(policy.account, []).filter((c) => !c.label.includes('via'))) {
          for (const { action, resource, owner } of targets) {
            cases.push({
              ...caller,
              label: `${policy.name}: ${action} on ${resource} by ${caller.label}`,
              context: { ...caller.context, 'aws:ResourceAccount': owner },
              action,
              resource,
              resourceAccount: owner,
              identity: [ALLOW_ALL],
              endpoint,
              resourcePolicy: { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
              resourceKind: action.startsWith('kms:') ? 'key' : action === 'sts:AssumeRole' ? 'trust' : 'resource',
            });
          }
        }
      }
      expect(cases.length).toBeGreaterThan(50);
      expect(await compare(cases)).toEqual([]);
    });

    test('KMS key policies', async () => {
      const cases: Case[] = [];
      for (const policy of policiesOf('AWS::KMS::Key', 'KeyPolicy')) {
        const key = `arn:aws:kms:ap-northeast-1:${policy.account}:key/k`;
        const roles = [...new Set(JSON.stringify(policy.json).match(/arn:aws:iam::\d{12}:role\/[A-Za-z0-9+=,.@_-]+/g) ?? [])];
        const principals: { label: string; principal: string; context: Context }[] = [
          ...[roles.map((arn) => arn.split('/').pop()!), ['lgsec-probe-administrator']].flat().map((role) => {
            const caller = roleCaller({ account: policy.account, roleName: role });
            return { label: `role ${role}`, principal: caller.principal, context: caller.context as Context };
          }),
          { label: 'a role of another account', ...(roleCaller({ account: FOREIGN_ACCOUNT }) as { principal: string; context: Context }) },
        ];
        for (const caller of principals) {
          for (const action of ['kms:Decrypt', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey']) {
            for (const via of [undefined, 's3.ap-northeast-1.amazonaws.com']) {
              cases.push({
                ...caller,
                label: `${policy.name}: ${action} by ${caller.label}${via ? ` via ${via}` : ''}`,
                context: {
                  ...caller.context,
                  ...(via ? { 'kms:ViaService': via, 'kms:CallerAccount': caller.context['aws:PrincipalAccount'] as string } : {}),
                },
                action,
                resource: key,
                resourceAccount: policy.account,
                identity: [ALLOW_ALL],
                resourcePolicy: policy.json,
                resourceKind: 'key',
              });
            }
          }
        }
      }
      expect(cases.length).toBeGreaterThan(100);
      expect(await compare(cases)).toEqual([]);
    });

    test('SCPs and RCPs, each as an OU level under FullAWSAccess', async () => {
      const cases: Case[] = [];
      for (const policy of policiesOf('AWS::Organizations::Policy', 'Content')) {
        const statements = policy.json.Statement as Json[];
        const rcp = statements.some((s) => s.Principal !== undefined);
        const listed = statements.flatMap((s) => [s.Action ?? [], s.NotAction ?? []].flat() as string[]);
        const actions = [...expandActions(listed).slice(0, 10), 'ec2:RunInstances', 's3:GetObject', 'iam:UpdateAssumeRolePolicy'];
        const member = '444444444444';
        for (const role of ['lgsec-break-glass', 'cdk-hnb659fds-cfn-exec-role-444444444444-ap-northeast-1', 'lgsec-probe-administrator']) {
          for (const account of rcp ? [member, FOREIGN_ACCOUNT] : [member]) {
            for (const region of ['ap-northeast-1', 'us-east-1']) {
              const caller = roleCaller({
                account,
                roleName: role,
                region,
                ...(account === member ? { organizationId: 'o-a1b2c3d4e5' } : {}),
              });
              for (const action of actions) {
                if (rcp && !/^(s3|kms|sts):/.test(action)) continue;
                const resource = resourceArnFor(action, { account: member, region: 'ap-northeast-1', name: 'records' }) ?? '*';
                const kind: ResourcePolicyKind = action.startsWith('kms:') ? 'key' : action === 'sts:AssumeRole' ? 'trust' : 'resource';
                // The resource's own policy lets everyone in: only the organization policy decides.
                const open = { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
                cases.push({
                  label: `${policy.name}: ${action} by ${role} of ${account} in ${region}`,
                  principal: caller.principal,
                  context: caller.context as Context,
                  action,
                  resource,
                  resourceAccount: member,
                  identity: [ALLOW_ALL],
                  resourcePolicy: open,
                  resourceKind: kind,
                  ...(rcp ? { rcps: [[], [policy.json]] } : { scps: [[ALLOW_ALL], [ALLOW_ALL, policy.json]] }),
                });
              }
            }
          }
        }
      }
      expect(cases.length).toBeGreaterThan(100);
      expect(await compare(cases)).toEqual([]);
    });
  });
});
