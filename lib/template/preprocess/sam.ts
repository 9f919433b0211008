import { cloneJson, intrinsicOf, isRecord, SAM_TRANSFORM, setKey, transformsOf } from './errors';
import { policyTemplateStatements } from './sam-policy-templates';

type Json = Record<string, unknown>;

/** Resource attributes that carry over from a SAM resource to the resource it becomes. */
const ATTRIBUTES = ['Condition', 'DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy'] as const;

/** Which Globals section applies to which SAM type. */
const GLOBALS_OF: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'Function',
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
  'AWS::Serverless::SimpleTable': 'SimpleTable',
  'AWS::Serverless::StateMachine': 'StateMachine',
  'AWS::Serverless::LayerVersion': 'LayerVersion',
};

const LAMBDA_PASS_THROUGH = [
  'FunctionName',
  'Handler',
  'Runtime',
  'MemorySize',
  'Timeout',
  'Environment',
  'VpcConfig',
  'KmsKeyArn',
  'Layers',
  'ReservedConcurrentExecutions',
  'Architectures',
  'EphemeralStorage',
  'FileSystemConfigs',
  'ImageConfig',
  'PackageType',
  'SnapStart',
  'LoggingConfig',
  'RuntimeManagementConfig',
  'CodeSigningConfigArn',
  'Description',
  'RecursiveLoop',
];

/** Managed policies SAM attaches to a function's role for each kind of polled event source. */
const POLLER_POLICIES: Readonly<Record<string, string>> = {
  SQS: 'service-role/AWSLambdaSQSQueueExecutionRole',
  Kinesis: 'service-role/AWSLambdaKinesisExecutionRole',
  DynamoDB: 'service-role/AWSLambdaDynamoDBExecutionRole',
  MSK: 'service-role/AWSLambdaMSKExecutionRole',
};

/** The property of each polled event that names its source. */
const SOURCE_PROPERTY: Readonly<Record<string, string>> = {
  SQS: 'Queue',
  Kinesis: 'Stream',
  DynamoDB: 'Stream',
  MSK: 'Stream',
  MQ: 'Broker',
  DocumentDB: 'Cluster',
  SelfManagedKafka: '',
};

/** The service principal that invokes a function for each push event. */
const PUSH_PRINCIPALS: Readonly<Record<string, string>> = {
  S3: 's3.amazonaws.com',
  SNS: 'sns.amazonaws.com',
  Schedule: 'events.amazonaws.com',
  CloudWatchEvent: 'events.amazonaws.com',
  EventBridgeRule: 'events.amazonaws.com',
  CloudWatchLogs: 'logs.amazonaws.com',
  IoTRule: 'iot.amazonaws.com',
  AlexaSkill: 'alexa-appkit.amazon.com',
  Cognito: 'cognito-idp.amazonaws.com',
  Api: 'apigateway.amazonaws.com',
  HttpApi: 'apigateway.amazonaws.com',
};

/** Does the template need the SAM transform expanded? */
export function usesSam(template: Json): boolean {
  if (transformsOf(template).includes(SAM_TRANSFORM)) return true;
  const resources = isRecord(template.Resources) ? template.Resources : {};
  return Object.values(resources).some(
    (resource) => isRecord(resource) && typeof resource.Type === 'string' && resource.Type.startsWith('AWS::Serverless::'),
  );
}

/**
 * Expands the AWS::Serverless-2016-10-31 transform into the CloudFormation resources SAM
 * creates, under the logical ids SAM gives them, so that the rules check what will be deployed
 * and references to generated resources (`<Function>Role`, `ServerlessRestApi`,
 * `<Function><Event>Permission`, `MyApi.Stage`, `MyFunction.Alias`) resolve. Covered: Globals;
 * functions (code, role with managed policies, inline statements and policy templates,
 * event sources and their permissions, function URLs, aliases and versions, deployment
 * preferences); APIs and HTTP APIs, the implicit `ServerlessRestApi`/`ServerlessHttpApi`;
 * simple tables; layers; state machines (role, policies, schedule and rule events);
 * applications. Other SAM types stay as written (no rule applies to them).
 * Parameters, Conditions and `Fn::If` are kept as written.
 */
export function expandSam(template: Json): Json {
  const sam = new SamExpansion(template);
  return sam.expand();
}

class SamExpansion {
  private readonly out: Json = {};
  private readonly globals: Json;
  /** `X.Alias`, `X.Stage`, … → generated logical id. */
  private readonly dotted = new Map<string, string>();
  private implicitRest?: { paths: Json };
  private implicitHttp?: { paths: Json };
  private deploymentPreference = false;

  constructor(private readonly template: Json) {
    this.globals = isRecord(template.Globals) ? template.Globals : {};
  }

  expand(): Json {
    const result: Json = {};
    for (const [section, value] of Object.entries(this.template)) {
      if (section === 'Globals' || section === 'Resources') continue;
      if (section === 'Transform') {
        const remaining = (Array.isArray(value) ? value : [value]).filter((item) => item !== SAM_TRANSFORM);
        if (remaining.length > 0) setKey(result, section, Array.isArray(value) ? remaining : remaining[0]);
        continue;
      }
      setKey(result, section, value);
    }
    const resources = isRecord(this.template.Resources) ? this.template.Resources : {};
    for (const [id, resource] of Object.entries(resources)) {
      if (!isRecord(resource) || typeof resource.Type !== 'string' || !resource.Type.startsWith('AWS::Serverless::')) {
        this.add(id, resource);
        continue;
      }
      const props = this.withGlobals(resource);
      const attributes = pick(resource, ATTRIBUTES);
      switch (resource.Type) {
        case 'AWS::Serverless::Function':
          this.fn(id, props, attributes);
          break;
        case 'AWS::Serverless::Api':
          this.restApi(id, props, attributes);
          break;
        case 'AWS::Serverless::HttpApi':
          this.httpApi(id, props, attributes);
          break;
        case 'AWS::Serverless::SimpleTable':
          this.table(id, props, attributes);
          break;
        case 'AWS::Serverless::LayerVersion':
          this.layer(id, props, attributes);
          break;
        case 'AWS::Serverless::StateMachine':
          this.stateMachine(id, props, attributes);
          break;
        case 'AWS::Serverless::Application':
          this.application(id, props, attributes);
          break;
        default:
          this.add(id, resource);
      }
    }
    if (this.implicitRest && !('ServerlessRestApi' in this.out)) {
      this.restApi(
        'ServerlessRestApi',
        { ...this.globalSection('Api'), DefinitionBody: swagger(this.implicitRest.paths), StageName: 'Prod' },
        {},
      );
    }
    if (this.implicitHttp && !('ServerlessHttpApi' in this.out)) {
      this.httpApi('ServerlessHttpApi', { ...this.globalSection('HttpApi'), DefinitionBody: openApi(this.implicitHttp.paths) }, {});
    }
    if (this.deploymentPreference) {
      this.add('ServerlessDeploymentApplication', { Type: 'AWS::CodeDeploy::Application', Properties: { ComputePlatform: 'Lambda' } });
      this.add(
        'CodeDeployServiceRole',
        role('codedeploy.amazonaws.com', { ManagedPolicyArns: [managed('service-role/AWSCodeDeployRoleForLambda')] }),
      );
    }
    setKey(result, 'Resources', this.rewriteDotted(this.out));
    if ('Outputs' in result) setKey(result, 'Outputs', this.rewriteDotted(result.Outputs));
    return result;
  }

  private add(id: string, resource: unknown): void {
    setKey(this.out, id, resource);
  }

  private globalSection(name: string): Json {
    const section = this.globals[name];
    return isRecord(section) ? section : {};
  }

  /** The resource's properties with its Globals merged in, as SAM merges them. */
  private withGlobals(resource: Json): Json {
    const own = isRecord(resource.Properties) ? resource.Properties : {};
    const section = GLOBALS_OF[resource.Type as string];
    if (!section) return own;
    const ignore = resource.IgnoreGlobals;
    if (ignore === '*') return own;
    const globals = { ...this.globalSection(section) };
    if (Array.isArray(ignore)) for (const key of ignore) delete globals[String(key)];
    return mergeGlobals(globals, own) as Json;
  }

  private fn(id: string, props: Json, attributes: Json): void {
    const condition = attributes.Condition !== undefined ? { Condition: attributes.Condition } : {};
    const fnRef = { Ref: id };
    const fnArn = { 'Fn::GetAtt': [id, 'Arn'] };
    const lambda: Json = pick(props, LAMBDA_PASS_THROUGH);
    lambda.Code = code(props);
    if (props.Tracing !== undefined) lambda.TracingConfig = { Mode: props.Tracing };
    if (isRecord(props.DeadLetterQueue)) lambda.DeadLetterConfig = { TargetArn: props.DeadLetterQueue.TargetArn };
    lambda.Tags = tagList(props.Tags, { 'lambda:createdBy': 'SAM' });

    const events = isRecord(props.Events) ? props.Events : {};
    if (props.Role !== undefined) {
      lambda.Role = props.Role;
    } else {
      const managedArns: unknown[] = [managed('service-role/AWSLambdaBasicExecutionRole')];
      if (props.Tracing === 'Active') managedArns.push(managed('AWSXrayWriteOnlyAccess'));
      if (props.VpcConfig !== undefined) managedArns.push(managed('service-role/AWSLambdaVPCAccessExecutionRole'));
      for (const event of Object.values(events)) {
        const policy = isRecord(event) && typeof event.Type === 'string' ? POLLER_POLICIES[event.Type] : undefined;
        if (policy && !managedArns.some((arn) => JSON.stringify(arn) === JSON.stringify(managed(policy))))
          managedArns.push(managed(policy));
      }
      const { managedPolicies, inline } = policies(props.Policies, `${id}RolePolicy`);
      if (isRecord(props.DeadLetterQueue)) {
        const action = props.DeadLetterQueue.Type === 'SNS' ? 'sns:Publish' : 'sqs:SendMessage';
        inline.push({
          PolicyName: `${id}RolePolicy${inline.length}`,
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: action, Resource: props.DeadLetterQueue.TargetArn }],
          },
        });
      }
      this.add(`${id}Role`, {
        ...condition,
        ...role(
          'lambda.amazonaws.com',
          {
            ManagedPolicyArns: [...managedArns, ...managedPolicies],
            ...(inline.length > 0 ? { Policies: inline } : {}),
            ...pick(props, ['PermissionsBoundary']),
            ...(props.RolePath !== undefined ? { Path: props.RolePath } : {}),
            Tags: tagList(props.Tags, { 'lambda:createdBy': 'SAM' }),
          },
          props.AssumeRolePolicyDocument,
        ),
      });
      lambda.Role = { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
    }
    this.add(id, { Type: 'AWS::Lambda::Function', ...attributes, Properties: lambda });

    if (props.AutoPublishAlias !== undefined) {
      const aliasName = typeof props.AutoPublishAlias === 'string' ? props.AutoPublishAlias : 'live';
      const aliasId = `${id}Alias${aliasName.replace(/[^A-Za-z0-9]/g, '')}`;
      this.add(`${id}Version`, {
        Type: 'AWS::Lambda::Version',
        ...condition,
        DeletionPolicy: 'Retain',
        Properties: { FunctionName: fnRef },
      });
      this.add(aliasId, {
        Type: 'AWS::Lambda::Alias',
        ...condition,
        Properties: { Name: props.AutoPublishAlias, FunctionName: fnRef, FunctionVersion: { 'Fn::GetAtt': [`${id}Version`, 'Version'] } },
      });
      this.dotted.set(`${id}.Alias`, aliasId);
      this.dotted.set(`${id}.Version`, `${id}Version`);
      if (isRecord(props.DeploymentPreference)) {
        this.deploymentPreference = true;
        this.add(`${id}DeploymentGroup`, {
          Type: 'AWS::CodeDeploy::DeploymentGroup',
          ...condition,
          Properties: {
            ApplicationName: { Ref: 'ServerlessDeploymentApplication' },
            ServiceRoleArn: { 'Fn::GetAtt': ['CodeDeployServiceRole', 'Arn'] },
            DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
          },
        });
      }
    }
    if (isRecord(props.FunctionUrlConfig)) {
      const url = props.FunctionUrlConfig;
      this.add(`${id}Url`, {
        Type: 'AWS::Lambda::Url',
        ...condition,
        Properties: { TargetFunctionArn: fnRef, ...pick(url, ['AuthType', 'Cors', 'InvokeMode']) },
      });
      if (url.AuthType === 'NONE') {
        this.add(`${id}UrlPublicPermissions`, {
          Type: 'AWS::Lambda::Permission',
          ...condition,
          Properties: { Action: 'lambda:InvokeFunctionUrl', FunctionName: fnRef, Principal: '*', FunctionUrlAuthType: 'NONE' },
        });
      }
    }

    for (const [name, event] of Object.entries(events)) {
      if (!isRecord(event) || typeof event.Type !== 'string') continue;
      const eventProps = isRecord(event.Properties) ? event.Properties : {};
      const eventId = `${id}${name}`;
      const permission = (sourceArn: unknown, suffix = '', extra: Json = {}) =>
        this.add(`${eventId}Permission${suffix}`, {
          Type: 'AWS::Lambda::Permission',
          ...condition,
          Properties: {
            Action: 'lambda:InvokeFunction',
            FunctionName: fnRef,
            Principal: PUSH_PRINCIPALS[event.Type as string] ?? 'lambda.amazonaws.com',
            ...(sourceArn !== undefined ? { SourceArn: sourceArn } : {}),
            ...extra,
          },
        });
      switch (event.Type) {
        case 'Api': {
          const explicit = eventProps.RestApiId;
          const apiId = explicit ?? { Ref: 'ServerlessRestApi' };
          if (explicit === undefined) this.implicitApiPath('rest', eventProps, fnArn);
          permission(
            {
              'Fn::Sub': [
                `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${httpMethod(eventProps.Method)}${pathOf(eventProps.Path)}`,
                { __ApiId__: apiId, __Stage__: '*' },
              ],
            },
            'Prod',
          );
          break;
        }
        case 'HttpApi': {
          const explicit = eventProps.ApiId;
          const apiId = explicit ?? { Ref: 'ServerlessHttpApi' };
          if (explicit === undefined) this.implicitApiPath('http', eventProps, fnArn);
          permission({
            'Fn::Sub': [`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/*`, { __ApiId__: apiId }],
          });
          break;
        }
        case 'SQS':
        case 'Kinesis':
        case 'DynamoDB':
        case 'MSK':
        case 'MQ':
        case 'DocumentDB':
        case 'SelfManagedKafka': {
          const sourceKey = SOURCE_PROPERTY[event.Type];
          const mapping: Json = { FunctionName: fnRef, ...omit(eventProps, [sourceKey, 'Enabled']) };
          if (sourceKey && eventProps[sourceKey] !== undefined) mapping.EventSourceArn = eventProps[sourceKey];
          if (eventProps.Enabled !== undefined) mapping.Enabled = eventProps.Enabled;
          this.add(eventId, { Type: 'AWS::Lambda::EventSourceMapping', ...condition, Properties: mapping });
          break;
        }
        case 'SNS':
          this.add(eventId, {
            Type: 'AWS::SNS::Subscription',
            ...condition,
            Properties: {
              Endpoint: fnArn,
              Protocol: 'lambda',
              TopicArn: eventProps.Topic,
              ...pick(eventProps, ['FilterPolicy', 'FilterPolicyScope', 'Region']),
            },
          });
          permission(eventProps.Topic);
          break;
        case 'Schedule':
        case 'CloudWatchEvent':
        case 'EventBridgeRule':
          this.add(eventId, {
            Type: 'AWS::Events::Rule',
            ...condition,
            Properties: eventRule(eventProps, {
              Arn: fnArn,
              Id: `${eventId}LambdaTarget`,
              ...this.ruleDeadLetter(eventId, eventProps, condition),
            }),
          });
          permission({ 'Fn::GetAtt': [eventId, 'Arn'] });
          break;
        case 'ScheduleV2':
          this.add(`${eventId}Role`, {
            ...condition,
            ...role('scheduler.amazonaws.com', {
              Policies: [inlinePolicy(`${eventId}LambdaPolicy`, [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fnArn }])],
            }),
          });
          this.add(eventId, {
            Type: 'AWS::Scheduler::Schedule',
            ...condition,
            Properties: {
              ...pick(eventProps, [
                'ScheduleExpression',
                'Name',
                'Description',
                'GroupName',
                'State',
                'KmsKeyArn',
                'StartDate',
                'EndDate',
                'ScheduleExpressionTimezone',
              ]),
              FlexibleTimeWindow: eventProps.FlexibleTimeWindow ?? { Mode: 'OFF' },
              Target: { Arn: fnArn, RoleArn: { 'Fn::GetAtt': [`${eventId}Role`, 'Arn'] } },
            },
          });
          break;
        case 'CloudWatchLogs':
          this.add(eventId, {
            Type: 'AWS::Logs::SubscriptionFilter',
            ...condition,
            DependsOn: [`${eventId}Permission`],
            Properties: { DestinationArn: fnArn, FilterPattern: eventProps.FilterPattern, LogGroupName: eventProps.LogGroupName },
          });
          permission({
            'Fn::Sub': [
              'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*',
              { __LogGroupName__: eventProps.LogGroupName },
            ],
          });
          break;
        case 'IoTRule':
          this.add(eventId, {
            Type: 'AWS::IoT::TopicRule',
            ...condition,
            Properties: {
              TopicRulePayload: {
                AwsIotSqlVersion: eventProps.AwsIotSqlVersion,
                Sql: eventProps.Sql,
                RuleDisabled: false,
                Actions: [{ Lambda: { FunctionArn: fnArn } }],
              },
            },
          });
          permission({
            'Fn::Sub': ['arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}', { RuleName: { Ref: eventId } }],
          });
          break;
        case 'S3':
          permission(undefined, '', { SourceAccount: { Ref: 'AWS::AccountId' } });
          break;
        default:
          permission(undefined);
      }
    }
  }

  /** An event rule's `DeadLetterConfig`: the queue SAM creates for `Type: SQS` (with its policy), or the given ARN. */
  private ruleDeadLetter(eventId: string, eventProps: Json, condition: Json): Json {
    const config = eventProps.DeadLetterConfig;
    if (!isRecord(config)) return {};
    if (config.Arn !== undefined) return { DeadLetterConfig: { Arn: config.Arn } };
    const queueId = typeof config.QueueLogicalId === 'string' ? config.QueueLogicalId : `${eventId}Queue`;
    this.add(queueId, { Type: 'AWS::SQS::Queue', ...condition, Properties: {} });
    this.add(`${queueId}Policy`, {
      Type: 'AWS::SQS::QueuePolicy',
      ...condition,
      Properties: {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
              Principal: { Service: 'events.amazonaws.com' },
              Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [eventId, 'Arn'] } } },
            },
          ],
        },
      },
    });
    return { DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } } };
  }

  private implicitApiPath(kind: 'rest' | 'http', eventProps: Json, fnArn: unknown): void {
    const api = kind === 'rest' ? (this.implicitRest ??= { paths: {} }) : (this.implicitHttp ??= { paths: {} });
    const path = typeof eventProps.Path === 'string' ? eventProps.Path : '/';
    const method = typeof eventProps.Method === 'string' ? eventProps.Method.toLowerCase() : 'x-amazon-apigateway-any-method';
    const entry = isRecord(api.paths[path]) ? (api.paths[path] as Json) : {};
    entry[method === 'any' ? 'x-amazon-apigateway-any-method' : method] = {
      'x-amazon-apigateway-integration': {
        type: 'aws_proxy',
        httpMethod: 'POST',
        uri: {
          'Fn::Sub': [
            'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations',
            { __FunctionArn__: fnArn },
          ],
        },
      },
    };
    setKey(api.paths, path, entry);
  }

  private restApi(id: string, props: Json, attributes: Json): void {
    const condition = attributes.Condition !== undefined ? { Condition: attributes.Condition } : {};
    const api: Json = pick(props, [
      'Name',
      'Description',
      'BinaryMediaTypes',
      'MinimumCompressionSize',
      'DisableExecuteApiEndpoint',
      'Mode',
      'FailOnWarnings',
      'ApiKeySourceType',
      'CloneFrom',
    ]);
    if (props.DefinitionBody !== undefined) api.Body = props.DefinitionBody;
    if (props.DefinitionUri !== undefined) api.BodyS3Location = s3Location(props.DefinitionUri);
    if (props.DefinitionBody === undefined && props.DefinitionUri === undefined) api.Body = swagger({});
    if (props.EndpointConfiguration !== undefined) {
      const endpoint = props.EndpointConfiguration;
      api.EndpointConfiguration = isRecord(endpoint)
        ? { Types: [endpoint.Type], ...pick(endpoint, ['VpcEndpointIds']) }
        : { Types: [endpoint] };
    }
    if (isRecord(props.Auth) && props.Auth.ResourcePolicy !== undefined) api.Policy = resourcePolicy(props.Auth.ResourcePolicy);
    if (props.Tags !== undefined) api.Tags = tagList(props.Tags, {});
    this.add(id, { Type: 'AWS::ApiGateway::RestApi', ...attributes, Properties: api });
    const deploymentId = `${id}Deployment`;
    this.add(deploymentId, {
      Type: 'AWS::ApiGateway::Deployment',
      ...condition,
      Properties: { RestApiId: { Ref: id }, Description: `RestApi deployment id of ${id}` },
    });
    const stageName = this.literal(props.StageName) ?? 'Stage';
    const stageId = `${id}${stageName.replace(/[^A-Za-z0-9]/g, '')}Stage`;
    this.add(stageId, {
      Type: 'AWS::ApiGateway::Stage',
      ...condition,
      Properties: {
        RestApiId: { Ref: id },
        DeploymentId: { Ref: deploymentId },
        StageName: props.StageName ?? stageName,
        ...pick(props, [
          'AccessLogSetting',
          'CacheClusterEnabled',
          'CacheClusterSize',
          'MethodSettings',
          'TracingEnabled',
          'Variables',
          'CanarySetting',
        ]),
        ...(props.Tags !== undefined ? { Tags: tagList(props.Tags, {}) } : {}),
      },
    });
    this.dotted.set(`${id}.Stage`, stageId);
    this.dotted.set(`${id}.Deployment`, deploymentId);
  }

  private httpApi(id: string, props: Json, attributes: Json): void {
    const condition = attributes.Condition !== undefined ? { Condition: attributes.Condition } : {};
    const api: Json = pick(props, ['Name', 'Description', 'DisableExecuteApiEndpoint', 'FailOnWarnings']);
    if (props.DefinitionBody !== undefined) api.Body = props.DefinitionBody;
    if (props.DefinitionUri !== undefined) api.BodyS3Location = s3Location(props.DefinitionUri);
    if (props.DefinitionBody === undefined && props.DefinitionUri === undefined) api.Body = openApi({});
    if (isRecord(props.CorsConfiguration)) api.CorsConfiguration = props.CorsConfiguration;
    api.Tags = { ...(isRecord(props.Tags) ? props.Tags : {}), 'httpapi:createdBy': 'SAM' };
    this.add(id, { Type: 'AWS::ApiGatewayV2::Api', ...attributes, Properties: api });
    const stageName = this.literal(props.StageName);
    const stageId =
      stageName === undefined || stageName === '$default'
        ? `${id}ApiGatewayDefaultStage`
        : `${id}${stageName.replace(/[^A-Za-z0-9]/g, '')}Stage`;
    this.add(stageId, {
      Type: 'AWS::ApiGatewayV2::Stage',
      ...condition,
      Properties: {
        ApiId: { Ref: id },
        StageName: props.StageName ?? '$default',
        AutoDeploy: true,
        ...pick(props, ['AccessLogSettings', 'DefaultRouteSettings', 'RouteSettings', 'StageVariables']),
        Tags: { 'httpapi:createdBy': 'SAM' },
      },
    });
    this.dotted.set(`${id}.Stage`, stageId);
  }

  private table(id: string, props: Json, attributes: Json): void {
    const key = isRecord(props.PrimaryKey) ? props.PrimaryKey : {};
    const name = key.Name ?? 'id';
    const type = key.Type === 'Number' ? 'N' : key.Type === 'Binary' ? 'B' : 'S';
    this.add(id, {
      Type: 'AWS::DynamoDB::Table',
      ...attributes,
      Properties: {
        ...pick(props, ['TableName', 'SSESpecification', 'PointInTimeRecoverySpecification']),
        KeySchema: [{ AttributeName: name, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: name, AttributeType: type }],
        ...(props.ProvisionedThroughput !== undefined
          ? { ProvisionedThroughput: props.ProvisionedThroughput }
          : { BillingMode: 'PAY_PER_REQUEST' }),
        ...(props.Tags !== undefined ? { Tags: tagList(props.Tags, {}) } : {}),
      },
    });
  }

  private layer(id: string, props: Json, attributes: Json): void {
    const retention = this.literal(props.RetentionPolicy);
    this.add(id, {
      Type: 'AWS::Lambda::LayerVersion',
      ...attributes,
      ...(retention !== undefined && attributes.DeletionPolicy === undefined
        ? { DeletionPolicy: retention === 'Delete' ? 'Delete' : 'Retain' }
        : {}),
      Properties: {
        ...pick(props, ['LayerName', 'Description', 'CompatibleRuntimes', 'CompatibleArchitectures', 'LicenseInfo']),
        Content: props.ContentUri !== undefined ? s3Location(props.ContentUri, 'S3Bucket', 'S3Key', 'S3ObjectVersion') : {},
      },
    });
  }

  private stateMachine(id: string, props: Json, attributes: Json): void {
    const condition = attributes.Condition !== undefined ? { Condition: attributes.Condition } : {};
    const machine: Json = {
      ...pick(props, ['Definition', 'DefinitionSubstitutions', 'PermissionsBoundary']),
      ...(props.Name !== undefined ? { StateMachineName: props.Name } : {}),
      ...(props.DefinitionUri !== undefined ? { DefinitionS3Location: s3Location(props.DefinitionUri, 'Bucket', 'Key', 'Version') } : {}),
      ...(props.Logging !== undefined ? { LoggingConfiguration: props.Logging } : {}),
      ...(props.Tracing !== undefined ? { TracingConfiguration: props.Tracing } : {}),
      ...(props.Type !== undefined ? { StateMachineType: props.Type } : {}),
      Tags: tagList(props.Tags, { 'stateMachine:createdBy': 'SAM' }),
    };
    delete machine.PermissionsBoundary;
    if (props.Role !== undefined) {
      machine.RoleArn = props.Role;
    } else {
      const { managedPolicies, inline } = policies(props.Policies, `${id}RolePolicy`);
      this.add(`${id}Role`, {
        ...condition,
        ...role('states.amazonaws.com', {
          ...(managedPolicies.length > 0 ? { ManagedPolicyArns: managedPolicies } : {}),
          ...(inline.length > 0 ? { Policies: inline } : {}),
          ...pick(props, ['PermissionsBoundary']),
          ...(props.RolePath !== undefined ? { Path: props.RolePath } : {}),
          Tags: tagList(props.Tags, { 'stateMachine:createdBy': 'SAM' }),
        }),
      });
      machine.RoleArn = { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
    }
    this.add(id, { Type: 'AWS::StepFunctions::StateMachine', ...attributes, Properties: machine });
    const events = isRecord(props.Events) ? props.Events : {};
    for (const [name, event] of Object.entries(events)) {
      if (!isRecord(event) || typeof event.Type !== 'string') continue;
      const eventProps = isRecord(event.Properties) ? event.Properties : {};
      const eventId = `${id}${name}`;
      const start = [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: id } }];
      if (event.Type === 'Schedule' || event.Type === 'CloudWatchEvent' || event.Type === 'EventBridgeRule') {
        this.add(`${eventId}Role`, {
          ...condition,
          ...role('events.amazonaws.com', { Policies: [inlinePolicy(`${eventId}RoleStartExecutionPolicy`, start)] }),
        });
        this.add(eventId, {
          Type: 'AWS::Events::Rule',
          ...condition,
          Properties: eventRule(eventProps, {
            Arn: { Ref: id },
            Id: `${eventId}StepFunctionsTarget`,
            RoleArn: { 'Fn::GetAtt': [`${eventId}Role`, 'Arn'] },
            ...this.ruleDeadLetter(eventId, eventProps, condition),
          }),
        });
      } else if (event.Type === 'Api') {
        this.add(`${eventId}Role`, {
          ...condition,
          ...role('apigateway.amazonaws.com', { Policies: [inlinePolicy(`${eventId}RoleStartExecutionPolicy`, start)] }),
        });
        if (eventProps.RestApiId === undefined) this.implicitApiPath('rest', eventProps, { Ref: id });
      }
    }
  }

  private application(id: string, props: Json, attributes: Json): void {
    const location = props.Location;
    this.add(id, {
      Type: 'AWS::CloudFormation::Stack',
      ...attributes,
      Properties: {
        TemplateURL: typeof location === 'string' || intrinsicOf(location) ? location : 'https://serverlessrepo.invalid/application',
        ...pick(props, ['Parameters', 'NotificationARNs', 'TimeoutInMinutes']),
        // Only the author's tags: SAM's own serverlessrepo:applicationId tag would make the rules cite
        // a value the author did not write (the application's ARN names the region it is published in).
        ...(props.Tags === undefined ? {} : { Tags: tagList(props.Tags, {}) }),
      },
    });
  }

  /** A literal string, or a parameter's literal default (SAM resolves those for names). */
  private literal(value: unknown): string | undefined {
    if (typeof value === 'string') return value;
    if (intrinsicOf(value) === 'Ref') {
      const parameters = isRecord(this.template.Parameters) ? this.template.Parameters : {};
      const parameter = parameters[String((value as Json).Ref)];
      if (isRecord(parameter) && typeof parameter.Default === 'string') return parameter.Default;
    }
    return undefined;
  }

  /** `Ref: X.Alias`, `Fn::GetAtt: [X.Stage…]`, `${X.Stage}` in Fn::Sub → the generated resource. */
  private rewriteDotted(value: unknown): unknown {
    if (this.dotted.size === 0) return value;
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (!isRecord(node)) return node;
      const fn = intrinsicOf(node);
      if (fn === 'Ref' && typeof node.Ref === 'string' && this.dotted.has(node.Ref)) return { Ref: this.dotted.get(node.Ref) };
      if (fn === 'Fn::GetAtt' && Array.isArray(node['Fn::GetAtt']) && this.dotted.has(String(node['Fn::GetAtt'][0]))) {
        const [target, ...rest] = node['Fn::GetAtt'] as unknown[];
        return { 'Fn::GetAtt': [this.dotted.get(String(target)), ...rest.map(rewrite)] };
      }
      if (fn === 'Fn::Sub') {
        const arg = node['Fn::Sub'];
        const text = Array.isArray(arg) ? arg[0] : arg;
        if (typeof text === 'string') {
          const replaced = text.replace(/\$\{([^}!]+)\}/g, (whole, name: string) =>
            this.dotted.has(name) ? `\${${this.dotted.get(name)}}` : whole,
          );
          return { 'Fn::Sub': Array.isArray(arg) ? [replaced, ...arg.slice(1).map(rewrite)] : replaced };
        }
      }
      const out: Json = {};
      for (const [key, item] of Object.entries(node)) setKey(out, key, rewrite(item));
      return out;
    };
    return rewrite(value);
  }
}

/** SAM's Globals merge: mappings merge (the resource's own keys win), lists concatenate, anything else is the resource's. */
function mergeGlobals(global: unknown, own: unknown): unknown {
  if (own === undefined) return cloneJson(global);
  if (isRecord(global) && isRecord(own) && intrinsicOf(global) === undefined && intrinsicOf(own) === undefined) {
    const out: Json = { ...global };
    for (const [key, value] of Object.entries(own)) setKey(out, key, mergeGlobals(global[key], value));
    return out;
  }
  if (Array.isArray(global) && Array.isArray(own)) return [...global, ...own];
  return own;
}

function pick(object: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) if (object[key] !== undefined) setKey(out, key, object[key]);
  return out;
}

function omit(object: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) if (!keys.includes(key)) setKey(out, key, value);
  return out;
}

function managed(name: string): unknown {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${name}` };
}

function inlinePolicy(name: string, statements: unknown[]): Json {
  return { PolicyName: name, PolicyDocument: { Version: '2012-10-17', Statement: statements } };
}

function role(service: string, properties: Json, trust?: unknown): Json {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: trust ?? {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: [service] } }],
      },
      ...properties,
    },
  };
}

/**
 * SAM's `Policies`: a managed policy name or ARN, a policy document, a SAM policy template, an
 * intrinsic (a managed policy ARN from a parameter or condition), or a list of these.
 */
function policies(value: unknown, prefix: string): { managedPolicies: unknown[]; inline: Json[] } {
  const managedPolicies: unknown[] = [];
  const inline: Json[] = [];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  for (const item of list) {
    if (typeof item === 'string') {
      managedPolicies.push(item.startsWith('arn:') ? item : managed(item));
    } else if (intrinsicOf(item) === 'Fn::If') {
      // A conditional policy: SAM keeps the condition; both branches are checked as written.
      const branches = (item as Json)['Fn::If'];
      const document = Array.isArray(branches) ? branches.slice(1).find((branch) => isRecord(branch) && 'Statement' in branch) : undefined;
      if (document) inline.push({ PolicyName: `${prefix}${inline.length}`, PolicyDocument: item });
      else managedPolicies.push(item);
    } else if (intrinsicOf(item) !== undefined) {
      managedPolicies.push(item);
    } else if (isRecord(item) && 'Statement' in item) {
      inline.push({ PolicyName: `${prefix}${inline.length}`, PolicyDocument: item });
    } else if (isRecord(item)) {
      const statements: unknown[] = [];
      for (const [name, parameters] of Object.entries(item)) {
        statements.push(...(policyTemplateStatements(name, parameters) ?? []));
      }
      if (statements.length > 0)
        inline.push({ PolicyName: `${prefix}${inline.length}`, PolicyDocument: { Version: '2012-10-17', Statement: statements } });
    }
  }
  return { managedPolicies, inline };
}

function code(props: Json): Json {
  if (props.InlineCode !== undefined) return { ZipFile: props.InlineCode };
  if (props.ImageUri !== undefined) return { ImageUri: props.ImageUri };
  return s3Location(props.CodeUri ?? '.', 'S3Bucket', 'S3Key', 'S3ObjectVersion');
}

/** An artifact location as SAM accepts it: `s3://bucket/key`, `{ Bucket, Key, Version }`, or a local path `sam package` uploads. */
function s3Location(value: unknown, bucket = 'Bucket', key = 'Key', version = 'Version'): Json {
  if (typeof value === 'string') {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(value);
    return match ? { [bucket]: match[1], [key]: match[2] } : { [bucket]: 'sam-package-bucket', [key]: value };
  }
  if (isRecord(value) && intrinsicOf(value) === undefined) {
    return { [bucket]: value.Bucket, [key]: value.Key, ...(value.Version !== undefined ? { [version]: value.Version } : {}) };
  }
  return { [bucket]: value, [key]: value };
}

function tagList(tags: unknown, extra: Record<string, unknown>): unknown[] {
  const entries = { ...extra, ...(isRecord(tags) && intrinsicOf(tags) === undefined ? tags : {}) };
  return Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));
}

function eventRule(props: Json, target: Json): Json {
  return {
    ...pick(props, ['EventBusName', 'Name', 'Description', 'State']),
    ...(props.Schedule !== undefined ? { ScheduleExpression: props.Schedule } : {}),
    ...(props.Pattern !== undefined ? { EventPattern: props.Pattern } : {}),
    ...(props.Enabled === false && props.State === undefined ? { State: 'DISABLED' } : {}),
    Targets: [{ ...target, ...pick(props, ['Input', 'InputPath', 'RetryPolicy']) }],
  };
}

/** SAM's `Auth.ResourcePolicy` statements as a RestApi policy, where they are written out. */
function resourcePolicy(value: unknown): unknown {
  if (isRecord(value) && Array.isArray(value.CustomStatements)) return { Version: '2012-10-17', Statement: value.CustomStatements };
  if (isRecord(value) && isRecord(value.CustomStatements)) return { Version: '2012-10-17', Statement: [value.CustomStatements] };
  return undefined;
}

function httpMethod(method: unknown): string {
  return typeof method === 'string' && method.toLowerCase() !== 'any' ? method.toUpperCase() : '*';
}

function pathOf(path: unknown): string {
  return typeof path === 'string' ? path.replace(/\{[^}]+\}/g, '*') : '/*';
}

function swagger(paths: Json): Json {
  return { swagger: '2.0', info: { version: '1.0', title: { Ref: 'AWS::StackName' } }, paths };
}

function openApi(paths: Json): Json {
  return { openapi: '3.0.1', info: { version: '1.0', title: { Ref: 'AWS::StackName' } }, paths };
}
