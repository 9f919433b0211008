import * as fs from 'fs';
import * as path from 'path';
import { CliError, describeFsError } from '../../lib/cli/errors';
import { loadInputs } from '../../lib/cli/input/load-inputs';
import { parseEnvironment } from '../../lib/template/assembly';
import { parseTemplateText } from '../../lib/cli/input/parse-template';
import { MAX_TEMPLATE_BYTES } from '../../lib/cli/input/template-file';
import { FIXTURES, makeTempDir } from './helpers';

const SHORT_FORMS = `
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Condition IsProd]]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Select [0, !Cidr [10.0.0.0/16, 4, 8]]
  Role:
    Type: AWS::IAM::Role
    Condition: IsProd
    Properties:
      RoleName: !Sub "\${AWS::StackName}-role"
      Description: !Sub
        - "x \${A}"
        - A: !ImportValue Other
      Path: !Join ["/", [a, !FindInMap [Map, !Ref "AWS::Region", key]]]
      A: !If [IsProd, !Base64 abc, !Ref AWS::NoValue]
      B: !Split [",", !GetAtt [Vpc, DefaultSecurityGroup]]
      C: !GetAtt Db.Endpoint.Address
      D: !Select [0, !GetAZs ""]
      E: !Transform { Name: AWS::Include, Parameters: { Location: s3://bucket/key } }
      F: !Select [0, !GetAZs]
      G: '!Ref NotATag'
      H: 0755
      I: yes
      J: 2012-10-17
`;

describe('YAML short forms', () => {
  const { value, resourceLines } = parseTemplateText(SHORT_FORMS, 'short.yaml', 'yaml');
  const template = value as { Conditions: Record<string, unknown>; Resources: Record<string, { Properties: Record<string, unknown> }> };
  const role = template.Resources.Role.Properties;

  test('map to their long forms, nested inside each other', () => {
    expect(template.Conditions).toEqual({
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [{ Condition: 'NotProd' }, { Condition: 'IsProd' }] }] },
    });
    expect(template.Resources.Vpc.Properties.CidrBlock).toEqual({ 'Fn::Select': [0, { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }] });
    expect(role.RoleName).toEqual({ 'Fn::Sub': '${AWS::StackName}-role' });
    expect(role.Description).toEqual({ 'Fn::Sub': ['x ${A}', { A: { 'Fn::ImportValue': 'Other' } }] });
    expect(role.Path).toEqual({ 'Fn::Join': ['/', ['a', { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'key'] }]] });
    expect(role.A).toEqual({ 'Fn::If': ['IsProd', { 'Fn::Base64': 'abc' }, { Ref: 'AWS::NoValue' }] });
    expect(role.D).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(role.E).toEqual({ 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/key' } } });
    expect(role.F).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
  });

  test('GetAtt in both forms; the logical id ends at the first dot', () => {
    expect(role.B).toEqual({ 'Fn::Split': [',', { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] }] });
    expect(role.C).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'] });
  });

  test('plain scalars follow YAML 1.2 (no octal, yes/no or dates), quoted tags stay strings', () => {
    expect(role.G).toBe('!Ref NotATag');
    expect(role.H).toBe(755);
    expect(role.I).toBe('yes');
    expect(role.J).toBe('2012-10-17');
  });

  test('give the line of each logical id', () => {
    expect([...resourceLines]).toEqual([
      ['Vpc', 7],
      ['Role', 11],
    ]);
  });

  test('fails on an unknown tag, naming it, its line and the known ones', () => {
    expect(() => parseTemplateText('Resources:\n  A:\n    Type: X::Y\n    Properties:\n      P: !Reff B\n', 't.yaml', 'yaml')).toThrow(
      /^t\.yaml:5:\d+: unknown tag '!Reff'; CloudFormation short forms are !Ref, !Condition, .*!GetAtt/,
    );
  });

  test('fails on YAML aliases, which CloudFormation rejects', () => {
    expect(() => parseTemplateText('Resources:\n  A: &a\n    Type: X::Y\n  B: *a\n', 't.yaml', 'yaml')).toThrow(
      /t\.yaml:4:6: YAML alias '\*a': CloudFormation does not accept YAML anchors and aliases/,
    );
  });

  test('fails on a GetAtt without an attribute', () => {
    expect(() =>
      parseTemplateText('Resources:\n  A:\n    Type: X::Y\n    Properties:\n      P: !GetAtt Bucket\n', 't.yaml', 'yaml'),
    ).toThrow(/'!GetAtt Bucket' is not LogicalId\.AttributeName/);
  });

  test('fails on malformed YAML with the position', () => {
    expect(() => parseTemplateText('Resources:\n  A:\n    Type: [X\n', 'bad.yaml', 'yaml')).toThrow(
      /^bad\.yaml:\d+:\d+: malformed YAML \(.+\); fix the syntax$/,
    );
  });

  test('takes the last of a key written twice, as CloudFormation does, with a warning naming the key and both lines', () => {
    const parsed = parseTemplateText('Resources:\n  A:\n    Type: X::Y\n    Type: X::Z\n', 'dup.yaml', 'yaml');
    expect(parsed.value).toEqual({ Resources: { A: { Type: 'X::Z' } } });
    expect(parsed.warnings).toEqual([
      "dup.yaml:4:5: key 'Type' is written twice in the same mapping (also at line 3); CloudFormation takes the last value, and so does lgsec: remove the other",
    ]);
  });

  test('reads quoted strings and flow collections continued at their key’s indentation as CloudFormation does, with a warning', () => {
    const text = [
      'Resources:',
      '  A:',
      '    Type: X::Y',
      '    Properties:',
      '      Description: "line one',
      '      line two"',
      "      Quoted: 'it''s",
      "    here'",
      '      List: [a, "b',
      '      c",',
      '      # a comment',
      '      d]',
      '      Map: !Sub [ "${X}", {X: 1,',
      '      Y: 2}]',
      '      Block: |',
      '        "not a quote',
      '      Kept: [z]',
      '',
    ].join('\n');
    const parsed = parseTemplateText(text, 'indent.yaml', 'yaml');
    expect((parsed.value as { Resources: { A: { Properties: unknown } } }).Resources.A.Properties).toEqual({
      Description: 'line one line two',
      Quoted: "it's here",
      List: ['a', 'b c', 'd'],
      Map: { 'Fn::Sub': ['${X}', { X: 1, Y: 2 }] },
      Block: '"not a quote\n',
      Kept: ['z'],
    });
    expect(parsed.warnings).toEqual(
      [5, 7, 9, 13].map(
        (line) =>
          `indent.yaml:${line}: a multi-line quoted string or flow collection continues at or left of its key's indentation, which YAML does not allow; read as CloudFormation reads it (the leading spaces of those lines carry no meaning)`,
      ),
    );
    expect(parsed.resourceLines.get('A')).toBe(2);
  });

  test('still refuses a quoted string that is never closed', () => {
    expect(() => parseTemplateText('Resources:\n  A:\n    Type: "X::Y\n', 'open.yaml', 'yaml')).toThrow(
      /^open\.yaml:\d+:\d+: malformed YAML \(Missing closing "quote\)/,
    );
  });

  test('fails on a file of several YAML documents', () => {
    expect(() => parseTemplateText('Resources: {}\n---\nResources: {}\n', 'multi.yaml', 'yaml')).toThrow(
      /^multi\.yaml:2:1: holds more than one YAML document \('---'\); put each template in its own file$/,
    );
  });

  test('keeps __proto__ as data', () => {
    const { value: parsed } = parseTemplateText('Resources:\n  __proto__:\n    Type: X::Y\n', 'p.yaml', 'yaml');
    expect(Object.keys((parsed as { Resources: object }).Resources)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf((parsed as { Resources: object }).Resources)).toBe(Object.prototype);
  });
});

describe('template syntax', () => {
  test('a .yaml file in flow style that is not JSON is YAML', () => {
    const { value } = parseTemplateText(
      '{Resources: {Topic: {Type: AWS::SNS::Topic, Properties: {TopicName: !Ref Name}}}}',
      'flow.yaml',
      'yaml',
    );
    expect(value).toEqual({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Name' } } } } });
  });

  test('a file of another extension is JSON when it starts with {, YAML otherwise', () => {
    expect(parseTemplateText('{"Resources": {}}', 'a.template', 'unknown').value).toEqual({ Resources: {} });
    expect(parseTemplateText('Resources:\n  A: !Ref B\n', 'b.template', 'unknown').value).toEqual({ Resources: { A: { Ref: 'B' } } });
    expect(() => parseTemplateText('{"Resources": {', 'c.template', 'unknown')).toThrow(/^c\.template:1:\d+: malformed JSON/);
    expect(() => parseTemplateText('{Resources: [', 'c.yaml', 'yaml')).toThrow(/^c\.yaml:\d+:\d+: malformed YAML/);
  });
});

describe('JSON templates', () => {
  test('parse with the line of each logical id', () => {
    const { resourceLines } = parseTemplateText(
      fs.readFileSync(path.join(FIXTURES, 'mynumber-internet-route.json'), 'utf-8'),
      'x.json',
      'json',
    );
    expect(resourceLines.get('Vpc')).toBe(5);
    expect(resourceLines.get('PublicRoute')).toBe(21);
  });

  test('locate only the keys directly under Resources, escaped ones too', () => {
    const text =
      '{"Outputs": {"Vpc": {"Value": "x"}},\n "Resources": {\n  "A\\"b": {"Type": "X::Y", "Properties": {"Vpc": {"k": "}"}}},\n  "Vpc": {"Type": "AWS::EC2::VPC"}}}';
    expect([...parseTemplateText(text, 'c.json', 'json').resourceLines]).toEqual([
      ['A"b', 3],
      ['Vpc', 4],
    ]);
  });

  test('fail when malformed, with line and column', () => {
    expect(() => parseTemplateText('{\n  "Resources": {\n    "A": { "Type": "X::Y", }\n  }\n}\n', 'bad.json', 'json')).toThrow(
      /^bad\.json:3:28: malformed JSON \(.+\); fix the syntax or export the template again$/,
    );
  });
});

describe('loadInputs', () => {
  const cwd = FIXTURES;
  const load = (...inputs: string[]) => loadInputs(inputs, { cwd });
  const loadError = (inputs: string[], options: { cwd?: string; maxTemplateBytes?: number } = {}): string => {
    try {
      loadInputs(inputs, { cwd, ...options });
    } catch (err) {
      expect(err).toBeInstanceOf(CliError);
      expect((err as Error).message).not.toContain('\n');
      return (err as Error).message;
    }
    throw new Error('expected loadInputs to fail');
  };

  test('loads JSON and YAML files, named after the file, located relative to the working directory', () => {
    const [json, yaml] = load('compliant.json', 'mynumber-internet-route.yaml');
    expect(json).toMatchObject({ name: 'compliant.json', file: 'compliant.json' });
    expect(yaml).toMatchObject({ name: 'mynumber-internet-route.yaml', file: 'mynumber-internet-route.yaml' });
    expect((yaml.template.Resources as Record<string, { Properties?: unknown }>).PublicRoute.Properties).toEqual({
      RouteTableId: { Ref: 'RouteTable' },
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: { Ref: 'Igw' },
    });
    expect(yaml.resourceLines.get('PublicRoute')).toBe(22);
    expect(json.region).toBeUndefined();
  });

  test('--region fills in the region of region-agnostic templates only', () => {
    const templates = loadInputs(['compliant.yaml', 'assembly'], { cwd, region: 'ap-northeast-3' });
    expect(templates.map((template) => [template.name, template.region, template.account])).toEqual([
      ['compliant.yaml', 'ap-northeast-3', undefined],
      ['AuditStack', 'ap-northeast-1', '123456789012'],
      ['AgnosticStack', 'ap-northeast-3', undefined],
      ['ProdNetwork1A2B3C4D', 'ap-northeast-3', '123456789012'],
    ]);
  });

  test('loads every stack of a cloud assembly, nested assemblies too, with their environment', () => {
    const templates = load('assembly');
    expect(
      templates.map((template) => ({ name: template.name, file: template.file, region: template.region, account: template.account })),
    ).toEqual([
      { name: 'AuditStack', file: 'assembly/AuditStack.template.json', region: 'ap-northeast-1', account: '123456789012' },
      { name: 'AgnosticStack', file: 'assembly/AgnosticStack.template.json', region: undefined, account: undefined },
      {
        name: 'ProdNetwork1A2B3C4D',
        file: 'assembly/assembly-Prod/ProdNetwork1A2B3C4D.template.json',
        region: 'ap-northeast-3',
        account: '123456789012',
      },
    ]);
    expect(templates[2].resourceLines.get('PublicRoute')).toBe(21);
  });

  test('gives a template file of a cloud assembly its stack name and environment', () => {
    const [template] = load('assembly/assembly-Prod/ProdNetwork1A2B3C4D.template.json');
    expect(template).toMatchObject({ name: 'ProdNetwork1A2B3C4D', region: 'ap-northeast-3', account: '123456789012' });
    expect(load('assembly/AuditStack.template.json', 'assembly').map((loaded) => loaded.name)).toEqual([
      'AuditStack',
      'AgnosticStack',
      'ProdNetwork1A2B3C4D',
    ]);
  });

  test('loads the templates directly in a folder without a manifest, skipping files that are not templates', () => {
    const dir = makeTempDir('folder');
    fs.copyFileSync(path.join(FIXTURES, 'compliant.yaml'), path.join(dir, 'b.yml'));
    fs.copyFileSync(path.join(FIXTURES, 'compliant.json'), path.join(dir, 'a.template'));
    fs.writeFileSync(path.join(dir, 'parameters.json'), '[{"ParameterKey": "Env", "ParameterValue": "prod"}]');
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a template');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{\n  // comments are not JSON\n  "compilerOptions": {}\n}\n');
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.copyFileSync(path.join(FIXTURES, 'compliant.json'), path.join(dir, 'nested', 'c.json'));
    expect(loadInputs([dir], { cwd: dir }).map((template) => template.file)).toEqual(['a.template', 'b.yml']);
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'Resources:\n  A:\n    Type: [X\n');
    expect(() => loadInputs(['.'], { cwd: dir })).toThrow(/^broken\.yaml:\d+:\d+: malformed YAML/);
  });

  test('loads a file named twice once, and names colliding templates by their path', () => {
    const dir = makeTempDir('names');
    fs.mkdirSync(path.join(dir, 'dev'));
    fs.mkdirSync(path.join(dir, 'prod'));
    fs.copyFileSync(path.join(FIXTURES, 'compliant.json'), path.join(dir, 'dev', 'stack.json'));
    fs.copyFileSync(path.join(FIXTURES, 'compliant.json'), path.join(dir, 'prod', 'stack.json'));
    const templates = loadInputs(['dev/stack.json', './dev/stack.json', 'prod/stack.json'], { cwd: dir });
    expect(templates.map((template) => template.name)).toEqual(['dev/stack.json', 'prod/stack.json']);
  });

  test('keeps the CDK construct path of each synthesized resource', () => {
    const dir = makeTempDir('cdk-path');
    fs.writeFileSync(
      path.join(dir, 'stack.json'),
      JSON.stringify({
        Resources: {
          Key961B73FD: { Type: 'AWS::KMS::Key', Metadata: { 'aws:cdk:path': 'Stack/Key/Resource' } },
          Plain: { Type: 'AWS::SNS::Topic', Metadata: { other: 1 } },
        },
      }),
    );
    expect([...loadInputs(['stack.json'], { cwd: dir })[0].constructPaths]).toEqual([['Key961B73FD', 'Stack/Key/Resource']]);
  });

  test('fails on a missing file', () => {
    expect(loadError(['missing.yaml'])).toBe('missing.yaml: no such file or folder; check the path');
  });

  test('fails on a JSON file that is not a template', () => {
    const dir = makeTempDir('not-template');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "x", "version": "1.0.0"}');
    fs.writeFileSync(path.join(dir, 'list.json'), '[1, 2]');
    fs.writeFileSync(path.join(dir, 'untyped.json'), '{"Resources": {"Bucket": {"Properties": {}}}}');
    fs.writeFileSync(path.join(dir, 'empty-resources.yaml'), 'Resources: {}\n');
    expect(loadError(['package.json'], { cwd: dir })).toBe(
      'package.json: is not a CloudFormation template (it has no Resources section); pass a template or a cdk.out folder',
    );
    expect(loadError(['list.json'], { cwd: dir })).toMatch(/^list\.json: is not a CloudFormation template \(its top level is a list/);
    expect(loadError(['untyped.json'], { cwd: dir })).toBe(
      "untyped.json:1: resource 'Bucket' has no Type; every entry under Resources needs one, such as AWS::S3::Bucket",
    );
    expect(loadError(['empty-resources.yaml'], { cwd: dir })).toMatch(/its Resources section is empty/);
  });

  test('fails on an empty folder and on a folder without templates', () => {
    const empty = makeTempDir('empty');
    expect(loadError([path.basename(empty)], { cwd: path.dirname(empty) })).toBe(
      `${path.basename(empty)}: is empty; pass a template file or a cdk.out folder (run 'cdk synth' first)`,
    );
    fs.writeFileSync(path.join(empty, 'notes.txt'), 'hello');
    expect(loadError([path.basename(empty)], { cwd: path.dirname(empty) })).toMatch(
      /has no cloud assembly \(manifest\.json\) and no CloudFormation templates/,
    );
  });

  test('fails on a cloud assembly without stacks, and on a broken manifest', () => {
    const dir = makeTempDir('assembly');
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"version": "48.0.0", "artifacts": {"Tree": {"type": "cdk:tree"}}}');
    expect(loadError(['.'], { cwd: dir })).toBe(
      ".: the cloud assembly has no CloudFormation stacks; run 'cdk synth' and check that the app defines a stack",
    );
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"version": ');
    expect(loadError(['.'], { cwd: dir })).toMatch(/^manifest\.json: malformed JSON/);
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      '{"artifacts": {"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json"}}}}',
    );
    expect(loadError(['.'], { cwd: dir })).toBe('S.template.json: no such file or folder; check the path');
  });

  test('fails on a template above the size limit before reading it', () => {
    const dir = makeTempDir('large');
    const file = path.join(dir, 'huge.json');
    // A sparse 50 MB file: if the loader read it, the test would take seconds and 50 MB of memory.
    const fd = fs.openSync(file, 'w');
    fs.ftruncateSync(fd, 50 * 1024 * 1024);
    fs.closeSync(fd);
    expect(loadError(['huge.json'], { cwd: dir })).toBe(
      "huge.json: is 50 MiB, above lgsec's limit of 10 MiB for one template (CloudFormation accepts at most 1 MB); pass the synthesized CloudFormation template, not another file",
    );
    expect(MAX_TEMPLATE_BYTES).toBe(10 * 1024 * 1024);
    expect(loadError(['compliant.json'], { maxTemplateBytes: 100 })).toMatch(
      /^compliant\.json: is \d+ bytes, above lgsec's limit of 100 bytes/,
    );
  });

  test('fails on binary garbage, non-UTF-8 text and empty files', () => {
    const dir = makeTempDir('binary');
    fs.writeFileSync(path.join(dir, 'garbage.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff]));
    fs.writeFileSync(path.join(dir, 'sjis.yaml'), Buffer.from([0x52, 0x65, 0x73, 0x3a, 0x20, 0x82, 0xa0]));
    fs.writeFileSync(path.join(dir, 'utf16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'empty.yaml'), '');
    expect(loadError(['garbage.yaml'], { cwd: dir })).toBe(
      'garbage.yaml: is a binary file, not a CloudFormation template; pass a .json, .yaml or .yml template or a cdk.out folder',
    );
    expect(loadError(['sjis.yaml'], { cwd: dir })).toMatch(/^sjis\.yaml: is not UTF-8 text .*save the template as UTF-8$/);
    expect(loadError(['utf16.json'], { cwd: dir })).toBe('utf16.json: is UTF-16 text; save it as UTF-8');
    expect(loadError(['empty.yaml'], { cwd: dir })).toBe('empty.yaml: is empty; pass a CloudFormation template');
  });

  test('accepts a UTF-8 byte order mark', () => {
    const dir = makeTempDir('bom');
    fs.writeFileSync(path.join(dir, 'bom.json'), `\uFEFF${fs.readFileSync(path.join(FIXTURES, 'compliant.json'), 'utf-8')}`);
    expect(loadInputs(['bom.json'], { cwd: dir })).toHaveLength(1);
  });

  test('leaves functions and language extensions to the engine, which expands them', () => {
    const dir = makeTempDir('intrinsics');
    fs.writeFileSync(
      path.join(dir, 'length.yaml'),
      'Transform: AWS::LanguageExtensions\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: !Length [a, b]\n',
    );
    fs.writeFileSync(
      path.join(dir, 'foreach.json'),
      JSON.stringify({
        Transform: 'AWS::LanguageExtensions',
        Resources: { 'Fn::ForEach::Topics': ['T', ['A'], { 'Topic${T}': { Type: 'AWS::SNS::Topic' } }] },
      }),
    );
    const [length, forEach] = loadInputs(['length.yaml', 'foreach.json'], { cwd: dir });
    expect(length.template.Resources).toEqual({
      Queue: { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: { 'Fn::Length': ['a', 'b'] } } },
    });
    expect(Object.keys(forEach.template.Resources as object)).toEqual(['Fn::ForEach::Topics']);
  });

  test('reads the Rules section short forms and !GetStackOutput', () => {
    const dir = makeTempDir('rules-short-forms');
    fs.writeFileSync(
      path.join(dir, 'rules.yaml'),
      [
        'Parameters:',
        '  Env: {Type: String}',
        '  Subnets: {Type: List<AWS::EC2::Subnet::Id>}',
        'Rules:',
        '  ProdOnly:',
        '    Assertions:',
        '      - Assert: !Contains [[prod, dev], !Ref Env]',
        '      - Assert: !EachMemberIn [!ValueOfAll [AWS::EC2::Subnet::Id, VpcId], !RefAll AWS::EC2::VPC::Id]',
        '      - Assert: !EachMemberEquals [!ValueOf [Subnets, VpcId], vpc-1]',
        'Resources:',
        '  Topic:',
        '    Type: AWS::SNS::Topic',
        '    Properties:',
        '      DisplayName: !GetStackOutput {StackName: Producer, OutputName: Name}',
        '',
      ].join('\n'),
    );
    const [loaded] = loadInputs(['rules.yaml'], { cwd: dir });
    expect((loaded.template.Rules as Record<string, { Assertions: unknown[] }>).ProdOnly.Assertions).toEqual([
      { Assert: { 'Fn::Contains': [['prod', 'dev'], { Ref: 'Env' }] } },
      { Assert: { 'Fn::EachMemberIn': [{ 'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', 'VpcId'] }, { 'Fn::RefAll': 'AWS::EC2::VPC::Id' }] } },
      { Assert: { 'Fn::EachMemberEquals': [{ 'Fn::ValueOf': ['Subnets', 'VpcId'] }, 'vpc-1'] } },
    ]);
    expect(loaded.template.Resources).toEqual({
      Topic: {
        Type: 'AWS::SNS::Topic',
        Properties: { DisplayName: { 'Fn::GetStackOutput': { StackName: 'Producer', OutputName: 'Name' } } },
      },
    });
  });

  test('with onTemplateError, lists a template that cannot be read and loads the others', () => {
    const dir = makeTempDir('isolation');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"Resources": ');
    fs.copyFileSync(path.join(FIXTURES, 'compliant.json'), path.join(dir, 'good.json'));
    const problems: unknown[] = [];
    const loaded = loadInputs(['broken.json', 'good.json'], { cwd: dir, onTemplateError: (problem) => problems.push(problem) });
    expect(loaded.map((template) => template.name)).toEqual(['good.json']);
    expect(problems).toEqual([
      { template: 'broken.json', file: 'broken.json', message: expect.stringMatching(/^broken\.json(:1:\d+)?: malformed JSON/) },
    ]);
    // Without it, the first such file fails the whole load.
    expect(loadError(['broken.json', 'good.json'], { cwd: dir })).toMatch(/^broken\.json(:1:\d+)?: malformed JSON/);
  });

  test('fails on an empty path', () => {
    expect(loadError([''])).toMatch(/an empty path was given/);
  });
});

describe('file system errors', () => {
  test('name the path and the fix, in one line', () => {
    const error = (code: string) => Object.assign(new Error(`${code}: boom, open 'x'`), { code });
    expect(describeFsError(error('EACCES'), 'cdk.out')).toBe("cdk.out: permission denied; check the file's or folder's permissions");
    expect(describeFsError(error('ENOTDIR'), 'a/b')).toBe('a/b: a part of the path is not a folder; check the path');
    expect(describeFsError(error('EIO'), 'x')).toBe("x: cannot be read (EIO: boom, open 'x')");
  });
});

test('parseEnvironment ignores unknown-account and unknown-region', () => {
  expect(parseEnvironment('aws://123456789012/ap-northeast-1')).toEqual({ account: '123456789012', region: 'ap-northeast-1' });
  expect(parseEnvironment('aws://unknown-account/unknown-region')).toEqual({});
  expect(parseEnvironment('aws://unknown-account/ap-northeast-3')).toEqual({ region: 'ap-northeast-3' });
  expect(parseEnvironment(undefined)).toEqual({});
});
