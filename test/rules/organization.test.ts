import { checkPlain, tags, template } from './harness';

type Statement = Record<string, unknown>;

const ZONE_OU = 'ou-a1b2-11111111';
const INTERNET_OU = 'ou-a1b2-33333333';
const ORG = 'o-a1b2c3d4e5';

/** An Organizations policy resource. */
function policy(
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY',
  name: string,
  targets: string[],
  statements: Statement[],
  tagValues: Record<string, string> = {},
) {
  return {
    Type: 'AWS::Organizations::Policy',
    Properties: {
      Type: type,
      Name: name,
      TargetIds: targets,
      Content: { Version: '2012-10-17', Statement: statements },
      ...(Object.keys(tagValues).length > 0 ? { Tags: tags(tagValues) } : {}),
    },
  };
}
const scp = (name: string, targets: string[], statements: Statement[], tagValues?: Record<string, string>) =>
  policy('SERVICE_CONTROL_POLICY', name, targets, statements, tagValues);
const rcp = (name: string, targets: string[], statements: Statement[], tagValues?: Record<string, string>) =>
  policy('RESOURCE_CONTROL_POLICY', name, targets, statements, tagValues);

const check = (resources: Record<string, unknown>) => checkPlain(template(resources));

describe('LGSEC-ORG-EXEMPTION-BY-NAME', () => {
  const RULE = 'LGSEC-ORG-EXEMPTION-BY-NAME';
  /** The LGWAN data perimeter: only the zone's identities, and the transfer's writer role by name. */
  const perimeter = (...extra: Statement[]) =>
    rcp(
      'perimeter',
      [ZONE_OU],
      [
        {
          Sid: 'EnforceZoneIdentities',
          Effect: 'Deny',
          Principal: '*',
          Action: ['s3:*', 'kms:*'],
          Resource: '*',
          Condition: {
            'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': [`${ORG}/*/${ZONE_OU}/*`] },
            BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
            ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/lgsec-transfer-writer-*'] },
          },
        },
        ...extra,
      ],
    );

  test('fails on an RCP that exempts a role name in any account', () => {
    const checked = check({ Perimeter: perimeter() });
    expect(checked.status(RULE, 'Perimeter')).toBe('error');
    const message = checked.message(RULE, 'Perimeter');
    expect(message).toMatch(/EnforceZoneIdentities.*exempts role 'lgsec-transfer-writer-lgsec-probe' by its name in any account/);
    expect(message).toMatch(/an account outside the organization \(999999999999\) escapes it on ou-a1b2-11111111/);
    expect(message).toMatch(/a member account of another OU/);
  });

  test('fails when the name is pinned to the organization but not to its OU (a compromised municipality names a role so)', () => {
    const checked = check({
      Perimeter: perimeter({
        Sid: 'WriterOnlyFromTheOrganization',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*', 'kms:*'],
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/lgsec-transfer-writer-*'] },
          StringNotEquals: { 'aws:PrincipalOrgID': ORG },
        },
      }),
    });
    expect(checked.status(RULE, 'Perimeter')).toBe('error');
    const message = checked.message(RULE, 'Perimeter');
    expect(message).toMatch(/a member account of another OU \(999999999990\)/);
    expect(message).not.toMatch(/outside the organization/);
  });

  test('passes when another statement pins the name to the OU it lives in', () => {
    const checked = check({
      Perimeter: perimeter({
        Sid: 'WriterOnlyFromItsOu',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*', 'kms:*'],
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/lgsec-transfer-writer-*'] },
          'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': [`${ORG}/*/${INTERNET_OU}/*`] },
        },
      }),
    });
    expect(checked.status(RULE, 'Perimeter')).toBe('compliant');
  });

  test('passes on an exemption of one account’s role, and does not apply to SCPs', () => {
    const pinned = rcp(
      'pinned',
      [ZONE_OU],
      [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: {
            StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG },
            ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::666666666666:role/lgsec-transfer-writer-main' },
          },
        },
      ],
    );
    const guardrail = scp(
      'guardrail',
      [ZONE_OU],
      [
        {
          Effect: 'Deny',
          Action: 'cloudtrail:StopLogging',
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/BreakGlass' } },
        },
      ],
    );
    const checked = check({ Pinned: pinned, Guardrail: guardrail });
    expect(checked.status(RULE, 'Pinned')).toBe('compliant');
    expect(checked.status(RULE, 'Guardrail')).toBe('not-applicable');
  });
});

describe('LGSEC-ORG-EXEMPTION-UNPROTECTED', () => {
  const RULE = 'LGSEC-ORG-EXEMPTION-UNPROTECTED';
  const audit = scp(
    'audit',
    [ZONE_OU],
    [
      {
        Sid: 'DenyTurningAuditOff',
        Effect: 'Deny',
        Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'],
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/BreakGlass' } },
      },
    ],
  );
  const ROLE_CHANGES = ['iam:Attach*', 'iam:Create*', 'iam:Delete*', 'iam:Detach*', 'iam:Put*', 'iam:Tag*', 'iam:Untag*', 'iam:Update*'];
  /** Only StackSets change the exempted role, and nobody changes the StackSets role. */
  const protection = (passRole: boolean) =>
    scp(
      'protection',
      [ZONE_OU],
      [
        {
          Sid: 'OnlyStackSetsChangeBreakGlass',
          Effect: 'Deny',
          Action: [...ROLE_CHANGES, ...(passRole ? ['iam:PassRole'] : [])],
          Resource: 'arn:aws:iam::*:role/BreakGlass',
          Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/stacksets-exec-*' } },
        },
        {
          Sid: 'NobodyChangesStackSets',
          Effect: 'Deny',
          Action: [...ROLE_CHANGES, 'iam:PassRole'],
          Resource: 'arn:aws:iam::*:role/stacksets-exec-*',
        },
      ],
    );

  test('fails on a role name exempted and nothing more: any administrator creates a role so named', () => {
    const checked = check({ Audit: audit });
    expect(checked.status(RULE, 'Audit')).toBe('error');
    const message = checked.message(RULE, 'Audit');
    expect(message).toMatch(/the SCPs of ou-a1b2-11111111 let an ordinary administrator of a member account \(999999999991\)/);
    expect(message).toMatch(/iam:CreateRole on role BreakGlass/);
    expect(message).toMatch(/iam:UpdateAssumeRolePolicy on role BreakGlass/);
    expect(message).toMatch(/iam:PassRole of role BreakGlass to lambda\.amazonaws\.com/);
  });

  test('leaves out service-linked and IAM Identity Center roles, which IAM does not let a member account create or change', () => {
    const reserved = scp(
      'reserved',
      [ZONE_OU],
      [
        {
          Effect: 'Deny',
          Action: 'cloudtrail:StopLogging',
          Resource: '*',
          Condition: {
            ArnNotLike: {
              'aws:PrincipalARN': ['arn:aws:iam::*:role/aws-service-role/*', 'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*'],
            },
          },
        },
      ],
    );
    expect(check({ Reserved: reserved }).status(RULE, 'Reserved')).toBe('not-applicable');
  });

  test('fails when the role cannot be changed but can be passed', () => {
    const checked = check({ Audit: audit, Protection: protection(false) });
    expect(checked.status(RULE, 'Audit')).toBe('error');
    const message = checked.message(RULE, 'Audit');
    expect(message).toMatch(/iam:PassRole of role BreakGlass to ec2\.amazonaws\.com/);
    expect(message).not.toMatch(/iam:CreateRole/);
  });

  test('fails when the protection is attached to another OU only', () => {
    const elsewhere = { ...protection(true), Properties: { ...protection(true).Properties, TargetIds: [INTERNET_OU] } };
    const checked = check({ Audit: audit, Protection: elsewhere });
    expect(checked.status(RULE, 'Audit')).toBe('error');
  });

  test('passes when an SCP of the same target denies changing and passing the role (and protects the StackSets role it exempts)', () => {
    const checked = check({ Audit: audit, Protection: protection(true) });
    expect(checked.status(RULE, 'Audit')).toBe('compliant');
    expect(checked.status(RULE, 'Protection')).toBe('compliant');
  });

  test('passing a role counts only towards the services its trust policy admits, when the run holds the role', () => {
    const writer = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'BreakGlass',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/admin' }, Action: 'sts:AssumeRole' }],
        },
      },
    };
    expect(check({ Audit: audit, Protection: protection(false), BreakGlass: writer }).status(RULE, 'Audit')).toBe('compliant');
    const lambdaRole = {
      ...writer,
      Properties: {
        ...writer.Properties,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
      },
    };
    const checked = check({ Audit: audit, Protection: protection(false), BreakGlass: lambdaRole });
    expect(checked.status(RULE, 'Audit')).toBe('error');
    expect(checked.message(RULE, 'Audit')).toMatch(/iam:PassRole of role BreakGlass to lambda\.amazonaws\.com/);
    expect(checked.message(RULE, 'Audit')).not.toMatch(/ec2\.amazonaws\.com/);
  });

  describe('an exemption by principal tag', () => {
    const byTag = scp(
      'regions',
      [ZONE_OU],
      [
        {
          Effect: 'Deny',
          NotAction: ['iam:*', 'sts:*'],
          Resource: '*',
          Condition: {
            StringNotEquals: {
              'aws:RequestedRegion': ['ap-northeast-1', 'ap-northeast-3'],
              'aws:PrincipalTag/lgsec:exemption': 'break-glass',
            },
          },
        },
      ],
    );
    const tagGuard = (operator: string) =>
      scp(
        'tag-guard',
        [ZONE_OU],
        [
          {
            Sid: 'OnlyStackSetsSetTheExemptionTag',
            Effect: 'Deny',
            Action: ['iam:CreateRole', 'iam:TagRole', 'iam:TagUser', 'iam:UntagRole', 'sts:TagSession'],
            Resource: '*',
            Condition: {
              [`ForAnyValue:${operator}`]: { 'aws:TagKeys': 'lgsec:exemption' },
              ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/stacksets-exec-*' },
            },
          },
          {
            Sid: 'NobodyChangesStackSets',
            Effect: 'Deny',
            Action: [...ROLE_CHANGES, 'iam:PassRole'],
            Resource: 'arn:aws:iam::*:role/stacksets-exec-*',
          },
        ],
      );

    test('fails when anyone may tag their own role, user or session with it', () => {
      const checked = check({ Regions: byTag });
      expect(checked.status(RULE, 'Regions')).toBe('error');
      const message = checked.message(RULE, 'Regions');
      expect(message).toMatch(/iam:TagRole with tag lgsec:exemption=break-glass/);
      expect(message).toMatch(/sts:TagSession with tag lgsec:exemption=break-glass/);
      expect(message).toMatch(/iam:TagUser with tag lgsec:exemption=break-glass/);
    });

    test('fails when the tag guard compares keys with case (IAM tag keys are not): LGSEC:EXEMPTION passes it', () => {
      const checked = check({ Regions: byTag, Guard: tagGuard('StringEquals') });
      expect(checked.status(RULE, 'Regions')).toBe('error');
      const message = checked.message(RULE, 'Regions');
      expect(message).toMatch(/iam:TagRole with tag LGSEC:EXEMPTION=break-glass/);
      expect(message).not.toMatch(/with tag lgsec:exemption=/);
    });

    test('passes when only StackSets may set the tag, in any spelling', () => {
      const checked = check({ Regions: byTag, Guard: tagGuard('StringEqualsIgnoreCase') });
      expect(checked.status(RULE, 'Regions')).toBe('compliant');
    });
  });

  test('an RCP’s exempted name is judged under the SCPs of the OU it pins the name to', () => {
    const perimeter = rcp(
      'perimeter',
      [ZONE_OU],
      [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: {
            'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': [`${ORG}/*/${ZONE_OU}/*`] },
            ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/writer' },
          },
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: {
            ArnLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/writer' },
            'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': [`${ORG}/*/${INTERNET_OU}/*`] },
          },
        },
      ],
    );
    const iamByDeployments = scp(
      'iam',
      [INTERNET_OU],
      [{ Effect: 'Deny', Action: ['iam:Create*', 'iam:Update*', 'iam:Put*', 'iam:Attach*', 'iam:Delete*', 'iam:Detach*'], Resource: '*' }],
    );
    const unprotected = check({ Perimeter: perimeter });
    expect(unprotected.status(RULE, 'Perimeter')).toBe('error');
    expect(unprotected.message(RULE, 'Perimeter')).toMatch(/the SCPs of ou-a1b2-33333333 .*iam:CreateRole on role writer/);
    const protectedInItsOu = check({ Perimeter: perimeter, Iam: iamByDeployments });
    expect(protectedInItsOu.status(RULE, 'Perimeter')).toBe('error');
    expect(protectedInItsOu.message(RULE, 'Perimeter')).toMatch(/iam:PassRole of role writer/);
    expect(protectedInItsOu.message(RULE, 'Perimeter')).not.toMatch(/iam:CreateRole/);
  });
});

describe('LGSEC-ORG-CLOSED-ZONE-ALLOWLIST', () => {
  const RULE = 'LGSEC-ORG-CLOSED-ZONE-ALLOWLIST';
  const CLOSED = { 'lgsec:guardrail': 'mynumber-closed-network', 'lgsec:guardrail-zones': 'mynumber' };
  const WAYS_OUT = [
    'ec2:AttachInternetGateway',
    'ec2:CreateCarrierGateway',
    'ec2:CreateClientVpnEndpoint',
    'ec2:CreateDefault*',
    'ec2:CreateEgressOnlyInternetGateway',
    'ec2:CreateInternetGateway',
    'ec2:CreateNatGateway',
    'ec2:CreateTransitGatewayPeeringAttachment',
    'ec2:CreateVerifiedAccess*',
    'ec2:CreateVpcPeeringConnection',
    'lambda:CreateFunctionUrlConfig',
  ];
  const exemptBreakGlass = { StringNotEquals: { 'aws:PrincipalTag/lgsec:exemption': 'break-glass' } };
  const allowlist = (services: string[], condition: Record<string, unknown> = exemptBreakGlass): Statement => ({
    Sid: 'DenyServicesOutsideZone',
    Effect: 'Deny',
    NotAction: services,
    Resource: '*',
    Condition: condition,
  });
  const waysOut: Statement = { Sid: 'DenyWaysOut', Effect: 'Deny', Action: WAYS_OUT, Resource: '*', Condition: exemptBreakGlass };
  const ZONE_SERVICES = ['ec2:*', 'lambda:*', 's3:*', 'kms:*', 'logs:*', 'iam:*', 'sts:*', 'cloudformation:*'];

  test('fails on a denylist of ways out: every service it does not name stays open', () => {
    const checked = check({ Closed: scp('closed', [ZONE_OU], [waysOut], CLOSED) });
    expect(checked.status(RULE, 'Closed')).toBe('error');
    const message = checked.message(RULE, 'Closed');
    expect(message).toMatch(/the SCPs of ou-a1b2-11111111 let an ordinary administrator of a member account/);
    for (const action of [
      'apigateway:POST',
      'vpc-lattice:CreateServiceNetwork',
      'networkmanager:CreateCoreNetwork',
      'sagemaker:CreateNotebookInstance',
    ]) {
      expect(message).toContain(action);
    }
    expect(message).not.toContain('ec2:CreateInternetGateway');
  });

  test('fails on an allowlist of services without the ways out of the services it admits', () => {
    const checked = check({ Closed: scp('closed', [ZONE_OU], [allowlist(ZONE_SERVICES)], CLOSED) });
    expect(checked.status(RULE, 'Closed')).toBe('error');
    const message = checked.message(RULE, 'Closed');
    expect(message).toMatch(/lambda:CreateFunctionUrlConfig, ec2:CreateInternetGateway/);
    expect(message).not.toContain('apigateway:POST');
  });

  test('fails on an allowlist that admits API Gateway', () => {
    const checked = check({ Closed: scp('closed', [ZONE_OU], [allowlist([...ZONE_SERVICES, 'apigateway:*']), waysOut], CLOSED) });
    expect(checked.status(RULE, 'Closed')).toBe('error');
    expect(checked.message(RULE, 'Closed')).toMatch(/let an ordinary administrator of a member account apigateway:POST$|apigateway:POST;/);
  });

  test('fails on an allowlist whose exemption matches every role (every service of the catalogue is then open)', () => {
    const everyRole = { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/*' } };
    const checked = check({ Closed: scp('closed', [ZONE_OU], [allowlist(ZONE_SERVICES, everyRole), waysOut], CLOSED) });
    expect(checked.status(RULE, 'Closed')).toBe('error');
    expect(checked.message(RULE, 'Closed')).toMatch(/and \d{3,} more/);
  });

  test('fails on an allowlist that binds only outside the home regions', () => {
    const regional = { StringNotEquals: { 'aws:RequestedRegion': ['ap-northeast-1', 'ap-northeast-3'] } };
    const checked = check({ Closed: scp('closed', [ZONE_OU], [allowlist(ZONE_SERVICES, regional), waysOut], CLOSED) });
    expect(checked.status(RULE, 'Closed')).toBe('error');
    expect(checked.message(RULE, 'Closed')).toContain('sagemaker:CreateNotebookInstance');
  });

  test('passes on an allowlist with the ways out denied, in one SCP or split over two on the same target', () => {
    expect(check({ Closed: scp('closed', [ZONE_OU], [allowlist(ZONE_SERVICES), waysOut], CLOSED) }).status(RULE, 'Closed')).toBe(
      'compliant',
    );
    const split = check({
      Closed: scp('closed', [ZONE_OU], [waysOut], CLOSED),
      Services: scp('services', [ZONE_OU], [allowlist(ZONE_SERVICES)]),
    });
    expect(split.status(RULE, 'Closed')).toBe('compliant');
    expect(split.status(RULE, 'Services')).toBe('not-applicable');
  });

  test('applies to policies of closed zones only', () => {
    const checked = check({
      Lgwan: scp('lgwan', [ZONE_OU], [waysOut], { 'lgsec:guardrail-zones': 'lgwan' }),
      Baseline: scp('baseline', [ZONE_OU], [waysOut], { 'lgsec:guardrail-zones': 'internet lgwan mynumber security-cloud' }),
    });
    expect(checked.status(RULE, 'Lgwan')).toBe('error');
    expect(checked.status(RULE, 'Baseline')).toBe('not-applicable');
  });
});

describe('LGSEC-ORG-POLICY-QUOTA', () => {
  const RULE = 'LGSEC-ORG-POLICY-QUOTA';
  /** A Deny statement of `n` made-up actions of 20 characters each. */
  const actions = (n: number) => Array.from({ length: n }, (_, i) => `ec2:DescribeThing${String(i).padStart(3, '0')}`);
  const deny = (n: number): Statement => ({ Effect: 'Deny', Action: actions(n), Resource: '*' });
  const compactLength = (statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }).length;

  test('fails on a document over 5,120 characters as compact JSON, and passes under it', () => {
    expect(compactLength([deny(225)])).toBeGreaterThan(5120);
    expect(compactLength([deny(215)])).toBeLessThanOrEqual(5120);
    const checked = check({ Big: scp('big', [ZONE_OU], [deny(225)]), Fits: scp('fits', [ZONE_OU], [deny(215)]) });
    expect(checked.status(RULE, 'Big')).toBe('error');
    expect(checked.message(RULE, 'Big')).toContain(`Content is ${compactLength([deny(225)])} characters (as compact JSON`);
    expect(checked.status(RULE, 'Fits')).toBe('compliant');
  });

  test('counts a string Content as written, whitespace included', () => {
    const document = { Version: '2012-10-17', Statement: [deny(215)] };
    const indented = JSON.stringify(document, null, 4);
    expect(indented.length).toBeGreaterThan(5120);
    const stringScp = (content: string) => ({
      Type: 'AWS::Organizations::Policy',
      Properties: { Type: 'SERVICE_CONTROL_POLICY', Name: 's', TargetIds: [ZONE_OU], Content: content },
    });
    const checked = check({ Indented: stringScp(indented), Compact: stringScp(JSON.stringify(document)) });
    expect(checked.status(RULE, 'Indented')).toBe('error');
    expect(checked.message(RULE, 'Indented')).toContain(`Content is ${indented.length} characters (as written, whitespace included)`);
    expect(checked.status(RULE, 'Compact')).toBe('compliant');
  });

  test('fails on a target that would hold 6 SCPs with FullAWSAccess, counting every policy of the run that lists it', () => {
    const small = (name: string, targets: string[]) => scp(name, targets, [{ Effect: 'Deny', Action: 'ec2:CreateVpc', Resource: '*' }]);
    const resources: Record<string, unknown> = {};
    for (let i = 1; i <= 5; i++) resources[`Scp${i}`] = small(`scp${i}`, i === 5 ? [INTERNET_OU, ZONE_OU] : [ZONE_OU]);
    const checked = check(resources);
    for (let i = 1; i <= 5; i++) expect(checked.status(RULE, `Scp${i}`)).toBe('error');
    expect(checked.message(RULE, 'Scp5')).toMatch(
      /ou-a1b2-11111111 would hold 6 SCPs \(FullAWSAccess and scp1, scp2, scp3, scp4, scp5\); AWS Organizations attaches at most 5/,
    );
    expect(checked.message(RULE, 'Scp5')).not.toContain('ou-a1b2-33333333');
    delete resources.Scp5;
    // RCPs count apart from SCPs.
    for (let i = 1; i <= 4; i++)
      resources[`Rcp${i}`] = rcp(`rcp${i}`, [ZONE_OU], [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }]);
    const fits = check(resources);
    for (const id of Object.keys(resources)) expect(fits.status(RULE, id)).toBe('compliant');
  });
});
