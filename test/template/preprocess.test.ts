import { prepareTemplates } from '../../lib/template/preprocess';
import { expandLanguageExtensions } from '../../lib/template/preprocess/language-extensions';
import { expandSam } from '../../lib/template/preprocess/sam';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SAM = 'AWS::Serverless-2016-10-31';

describe('SAM expansion', () => {
  const helloWorld = expandSam({
    Transform: SAM,
    Globals: { Function: { Timeout: 3, Environment: { Variables: { STAGE: 'prod' } } } },
    Resources: {
      HelloWorldFunction: {
        Type: 'AWS::Serverless::Function',
        Properties: {
          CodeUri: 'hello_world/',
          Handler: 'app.handler',
          Runtime: 'python3.13',
          Environment: { Variables: { TABLE: { Ref: 'Table' } } },
          Policies: ['AmazonS3ReadOnlyAccess', { DynamoDBCrudPolicy: { TableName: { Ref: 'Table' } } }],
          Events: {
            HelloWorld: { Type: 'Api', Properties: { Path: '/hello', Method: 'get' } },
            Queue: { Type: 'SQS', Properties: { Queue: { 'Fn::GetAtt': ['Q', 'Arn'] } } },
          },
          AutoPublishAlias: 'live',
        },
      },
      Table: { Type: 'AWS::Serverless::SimpleTable', Properties: { PrimaryKey: { Name: 'pk', Type: 'Number' } } },
      Q: { Type: 'AWS::SQS::Queue' },
    },
    Outputs: { Alias: { Value: { Ref: 'HelloWorldFunction.Alias' } } },
  }) as Json;
  const resources = helloWorld.Resources;

  test('creates the resources SAM creates, under the names SAM gives them', () => {
    expect(helloWorld.Transform).toBeUndefined();
    expect(helloWorld.Globals).toBeUndefined();
    expect(Object.fromEntries(Object.entries(resources).map(([id, resource]) => [id, (resource as Json).Type]))).toEqual({
      HelloWorldFunctionRole: 'AWS::IAM::Role',
      HelloWorldFunction: 'AWS::Lambda::Function',
      HelloWorldFunctionVersion: 'AWS::Lambda::Version',
      HelloWorldFunctionAliaslive: 'AWS::Lambda::Alias',
      HelloWorldFunctionHelloWorldPermissionProd: 'AWS::Lambda::Permission',
      HelloWorldFunctionQueue: 'AWS::Lambda::EventSourceMapping',
      Table: 'AWS::DynamoDB::Table',
      Q: 'AWS::SQS::Queue',
      ServerlessRestApi: 'AWS::ApiGateway::RestApi',
      ServerlessRestApiDeployment: 'AWS::ApiGateway::Deployment',
      ServerlessRestApiProdStage: 'AWS::ApiGateway::Stage',
    });
    expect(helloWorld.Outputs.Alias.Value).toEqual({ Ref: 'HelloWorldFunctionAliaslive' });
  });

  test('merges Globals and points the function at its role', () => {
    expect(resources.HelloWorldFunction.Properties).toMatchObject({
      Timeout: 3,
      Environment: { Variables: { STAGE: 'prod', TABLE: { Ref: 'Table' } } },
      Role: { 'Fn::GetAtt': ['HelloWorldFunctionRole', 'Arn'] },
      Code: { S3Key: 'hello_world/' },
    });
  });

  test('gives the role managed policies, SQS polling, and the statements of policy templates', () => {
    const role = resources.HelloWorldFunctionRole.Properties;
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: ['lambda.amazonaws.com'] });
    expect(role.ManagedPolicyArns).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess' },
    ]);
    expect(role.Policies[0].PolicyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:DeleteItem']),
      Resource: [
        {
          'Fn::Sub': [
            'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}',
            { TableName: { Ref: 'Table' } },
          ],
        },
        expect.anything(),
      ],
    });
  });

  test('turns a simple table into a DynamoDB table with its key', () => {
    expect(resources.Table.Properties).toEqual({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'N' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  test('keeps conditions on generated resources and Fn::If in policies', () => {
    const expanded = expandSam({
      Conditions: { On: { 'Fn::Equals': ['a', 'a'] } },
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Condition: 'On',
          Properties: {
            InlineCode: 'x',
            Handler: 'i.h',
            Runtime: 'nodejs22.x',
            Policies: [{ 'Fn::If': ['On', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, { Ref: 'AWS::NoValue' }] }],
          },
        },
      },
    }) as Json;
    expect(expanded.Conditions).toEqual({ On: { 'Fn::Equals': ['a', 'a'] } });
    expect(expanded.Resources.FnRole.Condition).toBe('On');
    expect(expanded.Resources.FnRole.Properties.Policies[0].PolicyDocument).toEqual({
      'Fn::If': ['On', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, { Ref: 'AWS::NoValue' }],
    });
  });
});

describe('AWS::LanguageExtensions', () => {
  test('expands nested Fn::ForEach loops, Fn::Length, Fn::ToJsonString and FindInMap defaults; parameters stay', () => {
    const expanded = expandLanguageExtensions({
      Transform: 'AWS::LanguageExtensions',
      Parameters: { Names: { Type: 'CommaDelimitedList', Default: 'a,b' }, Env: { Type: 'String' } },
      Mappings: { M: { a: { Size: 1 } } },
      Resources: {
        'Fn::ForEach::Outer': [
          'N',
          { Ref: 'Names' },
          {
            'Fn::ForEach::Inner': [
              'K',
              ['X', 'Y'],
              {
                'Queue${N}${K}': {
                  Type: 'AWS::SQS::Queue',
                  Properties: {
                    QueueName: { 'Fn::Sub': 'q-${N}' },
                    DelaySeconds: { 'Fn::FindInMap': ['M', { Ref: 'N' }, 'Size', { DefaultValue: 9 }] },
                  },
                },
              },
            ],
          },
        ],
        Other: {
          Type: 'AWS::SNS::Topic',
          Properties: {
            DisplayName: { 'Fn::ToJsonString': { a: [1] } },
            Count: { 'Fn::Length': ['x', 'y', 'z'] },
            Env: { 'Fn::FindInMap': ['M', { Ref: 'Env' }, 'Size', { DefaultValue: 2 }] },
          },
        },
      },
    }) as Json;
    expect(Object.keys(expanded.Resources)).toEqual(['QueueaX', 'QueueaY', 'QueuebX', 'QueuebY', 'Other']);
    expect(expanded.Resources.QueueaX.Properties).toEqual({
      QueueName: { 'Fn::Sub': 'q-a' },
      DelaySeconds: { 'Fn::FindInMap': ['M', 'a', 'Size'] },
    });
    expect(expanded.Resources.QueuebY.Properties.DelaySeconds).toBe(9);
    expect(expanded.Resources.Other.Properties).toEqual({
      DisplayName: '{"a":[1]}',
      Count: 3,
      Env: { 'Fn::FindInMap': ['M', { Ref: 'Env' }, 'Size'] },
    });
    expect(expanded.Parameters.Env).toEqual({ Type: 'String' });
  });
});

describe('prepareTemplates', () => {
  const topic = { Type: 'AWS::SNS::Topic' };

  test('checks the rest of a template whose Resources include a snippet (AWS::Include), with a warning naming it', () => {
    const { templates, errors, warnings } = prepareTemplates([
      {
        name: 'include',
        template: {
          Resources: {
            'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/snippet.yaml' } },
            T: topic,
          },
        },
      },
    ]);
    expect(errors).toEqual([]);
    expect(Object.keys(templates[0].template.Resources as object)).toEqual(['T']);
    expect(warnings).toEqual([
      {
        template: 'include',
        message:
          'Resources.Fn::Transform: AWS::Include adds resources from s3://bucket/snippet.yaml at deployment, which lgsec does not fetch or expand, so they are not checked; check the processed template (aws cloudformation get-template --template-stage Processed)',
      },
    ]);
  });

  test('checks the rest of a template whose Fn::ForEach loops over a list parameter without a Default, with a warning naming the loop', () => {
    const { templates, errors, warnings } = prepareTemplates([
      {
        name: 'loop',
        template: {
          Transform: 'AWS::LanguageExtensions',
          Parameters: { Names: { Type: 'CommaDelimitedList' } },
          Resources: {
            'Fn::ForEach::Topics': ['N', { Ref: 'Names' }, { 'Topic${N}': topic }],
            T: topic,
          },
        },
      },
    ]);
    expect(errors).toEqual([]);
    expect(Object.keys(templates[0].template.Resources as object)).toEqual(['T']);
    expect(warnings).toEqual([
      {
        template: 'loop',
        message:
          'Resources.Fn::ForEach::Topics loops over {"Ref":"Names"}, which is known only at deployment, so what the loop creates is not checked; give the list parameter a Default, or use a literal list, to check it',
      },
    ]);
  });

  test('refuses circular conditions; expands SAM types without the SAM transform with a warning that CloudFormation rejects them', () => {
    const { templates, errors, warnings } = prepareTemplates([
      {
        name: 'circular',
        template: {
          Conditions: {
            A: { 'Fn::And': [{ Condition: 'B' }, { 'Fn::Equals': ['x', 'x'] }] },
            B: { 'Fn::Not': [{ Condition: 'A' }] },
          },
          Resources: { T: { ...topic, Condition: 'A' } },
        },
      },
      { name: 'sam-undeclared', template: { Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: {} } } } },
      {
        name: 'chained',
        template: {
          Conditions: {
            A: { 'Fn::Equals': ['x', 'x'] },
            B: { 'Fn::Not': [{ Condition: 'A' }] },
            C: { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] },
          },
          Resources: { T: { ...topic, Condition: 'C' } },
        },
      },
    ]);
    expect(templates.map((input) => input.name)).toEqual(['sam-undeclared', 'chained']);
    expect(errors.map((error) => [error.template, error.problem])).toEqual([
      ['circular', 'condition A depends on itself (A → B → A); CloudFormation rejects circular conditions: break the cycle'],
    ]);
    expect(warnings).toEqual([
      {
        template: 'sam-undeclared',
        message:
          "Resources.Fn has the type AWS::Serverless::Function in a template that does not declare the SAM transform, which CloudFormation rejects; checked as if 'Transform: AWS::Serverless-2016-10-31' were declared: add it",
      },
    ]);
  });

  test('refuses a literal Fn::ForEach list whose items are not strings, saying they must be', () => {
    const { templates, errors } = prepareTemplates([
      {
        name: 'objects',
        template: {
          Transform: 'AWS::LanguageExtensions',
          Resources: { 'Fn::ForEach::Topics': ['N', [{ Name: 'a' }], { 'Topic${N}': topic }] },
        },
      },
    ]);
    expect(templates).toEqual([]);
    expect(errors.map((error) => error.problem)).toEqual([
      'Resources.Fn::ForEach::Topics loops over a list with the item {"Name":"a"}; the items of a Fn::ForEach list must be strings, as CloudFormation requires: write each item as a string',
    ]);
  });

  test('accepts Properties: !If and Rules functions; refuses unknown functions and dangling references, for that template only', () => {
    const { templates, errors } = prepareTemplates([
      {
        name: 'if',
        template: {
          Conditions: { C: { 'Fn::Equals': ['a', 'b'] } },
          Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { 'Fn::If': ['C', { TopicName: 'a' }, { TopicName: 'b' }] } } },
        },
      },
      {
        name: 'rules',
        template: {
          Rules: { R: { Assertions: [{ Assert: { 'Fn::Contains': [['a'], { Ref: 'P' }] } }] } },
          Parameters: { P: { Type: 'String' } },
          Resources: { T: topic },
        },
      },
      { name: 'bogus', template: { Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Bogus': 'x' } } } } } },
      {
        name: 'dangling',
        template: {
          Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${Nowhere}-${ AWS::Region }' } } } },
        },
      },
      { name: 'rain', template: { Resources: { Network: { Type: { 'Rain::Module': 'vpc.yml' } } } } },
    ]);
    expect(templates.map((input) => input.name)).toEqual(['if', 'rules']);
    expect(errors.map((error) => [error.template, error.problem])).toEqual([
      ['bogus', expect.stringMatching(/^unknown intrinsic function 'Fn::Bogus' at Resources\.T\.Properties\.TopicName/)],
      ['dangling', expect.stringMatching(/^Fn::Sub variable 'Nowhere' not found at Resources\.T\.Properties\.TopicName/)],
      ['rain', expect.stringMatching(/^resource Network has a mapping \(Rain::Module\) for its Type/)],
    ]);
  });

  test('links Fn::GetStackOutput to the output of a stack in the run, giving it an export; others become imports nobody exports', () => {
    const producer = { Resources: { T: topic }, Outputs: { Arn: { Value: { Ref: 'T' } } } };
    const consumer = {
      Resources: {
        S: {
          Type: 'AWS::SNS::Subscription',
          Properties: {
            TopicArn: { 'Fn::GetStackOutput': { StackName: 'Producer', OutputName: 'Arn' } },
            Endpoint: { 'Fn::GetStackOutput': { StackName: 'Elsewhere', OutputName: 'X' } },
          },
        },
      },
    };
    const { templates, errors } = prepareTemplates([
      { name: 'Producer.template.json', template: producer },
      { name: 'consumer', template: consumer },
    ]);
    expect(errors).toEqual([]);
    expect(producer.Outputs.Arn).toEqual({ Value: { Ref: 'T' } });
    expect((templates[0].template as Json).Outputs.Arn.Export).toEqual({ Name: 'Producer.Arn (Fn::GetStackOutput)' });
    expect((templates[1].template as Json).Resources.S.Properties).toEqual({
      TopicArn: { 'Fn::ImportValue': 'Producer.Arn (Fn::GetStackOutput)' },
      Endpoint: { 'Fn::ImportValue': 'Elsewhere.X (Fn::GetStackOutput)' },
    });
  });

  test('does not check references a macro or SAM may create', () => {
    const { errors } = prepareTemplates([
      {
        name: 'macro',
        template: { Transform: 'MyMacro', Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Generated' } } } } },
      },
      {
        name: 'sam',
        template: {
          Transform: SAM,
          Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::GetAtt': ['FnConnectorPolicy', 'Arn'] } } } },
        },
      },
    ]);
    expect(errors).toEqual([]);
  });
});
