/**
 * SAM policy templates (`Policies: [{ S3ReadPolicy: { BucketName: … } }]`): the statements SAM
 * writes into a function's or state machine's role, for the templates in common use. Each is
 * [actions, resource patterns] per statement; a pattern is an `Fn::Sub` text whose `${Name}`
 * variables are the template's parameters, `*` is any resource.
 */
type Statement = readonly [actions: readonly string[], resources: readonly string[]];

const ARN = 'arn:${AWS::Partition}';
const REGIONAL = (service: string) => `${ARN}:${service}:\${AWS::Region}:\${AWS::AccountId}`;
const BUCKET = [`${ARN}:s3:::\${BucketName}`, `${ARN}:s3:::\${BucketName}/*`];
const TABLE = [`${REGIONAL('dynamodb')}:table/\${TableName}`, `${REGIONAL('dynamodb')}:table/\${TableName}/index/*`];

const TEMPLATES: Readonly<Record<string, readonly Statement[]>> = {
  S3ReadPolicy: [
    [['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'], BUCKET],
  ],
  S3WritePolicy: [[['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'], BUCKET]],
  S3CrudPolicy: [
    [
      [
        's3:GetObject',
        's3:ListBucket',
        's3:GetBucketLocation',
        's3:GetObjectVersion',
        's3:PutObject',
        's3:PutObjectAcl',
        's3:GetLifecycleConfiguration',
        's3:PutLifecycleConfiguration',
        's3:DeleteObject',
      ],
      BUCKET,
    ],
  ],
  S3FullAccessPolicy: [
    [
      [
        's3:GetObject',
        's3:GetObjectAcl',
        's3:GetObjectVersion',
        's3:PutObject',
        's3:PutObjectAcl',
        's3:DeleteObject',
        's3:DeleteObjectTagging',
        's3:DeleteObjectVersionTagging',
        's3:GetObjectTagging',
        's3:GetObjectVersionTagging',
        's3:PutObjectTagging',
        's3:PutObjectVersionTagging',
      ],
      [BUCKET[1]],
    ],
    [['s3:ListBucket', 's3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration'], [BUCKET[0]]],
  ],
  DynamoDBReadPolicy: [[['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'], TABLE]],
  DynamoDBWritePolicy: [[['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'], TABLE]],
  DynamoDBCrudPolicy: [
    [
      [
        'dynamodb:GetItem',
        'dynamodb:DeleteItem',
        'dynamodb:PutItem',
        'dynamodb:Scan',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:BatchGetItem',
        'dynamodb:DescribeTable',
        'dynamodb:ConditionCheckItem',
      ],
      TABLE,
    ],
  ],
  DynamoDBReconfigurePolicy: [[['dynamodb:UpdateTable'], [TABLE[0]]]],
  DynamoDBStreamReadPolicy: [
    [
      ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      [`${REGIONAL('dynamodb')}:table/\${TableName}/stream/\${StreamName}`],
    ],
    [['dynamodb:ListStreams'], [`${REGIONAL('dynamodb')}:table/\${TableName}/stream/*`]],
  ],
  SQSPollerPolicy: [
    [
      [
        'sqs:ChangeMessageVisibility',
        'sqs:ChangeMessageVisibilityBatch',
        'sqs:DeleteMessage',
        'sqs:DeleteMessageBatch',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
      ],
      [`${REGIONAL('sqs')}:\${QueueName}`],
    ],
  ],
  SQSSendMessagePolicy: [[['sqs:SendMessage*'], [`${REGIONAL('sqs')}:\${QueueName}`]]],
  SNSPublishMessagePolicy: [[['sns:Publish'], [`${REGIONAL('sns')}:\${TopicName}`]]],
  SNSCrudPolicy: [
    [
      ['sns:ListSubscriptionsByTopic', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:Publish'],
      [`${REGIONAL('sns')}:\${TopicName}*`],
    ],
  ],
  LambdaInvokePolicy: [[['lambda:InvokeFunction'], [`${REGIONAL('lambda')}:function:\${FunctionName}*`]]],
  StepFunctionsExecutionPolicy: [[['states:StartExecution'], [`${REGIONAL('states')}:stateMachine:\${StateMachineName}`]]],
  EventBridgePutEventsPolicy: [[['events:PutEvents'], [`${REGIONAL('events')}:event-bus/\${EventBusName}`]]],
  KinesisStreamReadPolicy: [
    [['kinesis:ListStreams', 'kinesis:DescribeLimits'], [`${REGIONAL('kinesis')}:stream/*`]],
    [
      ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'],
      [`${REGIONAL('kinesis')}:stream/\${StreamName}`],
    ],
  ],
  KinesisCrudPolicy: [
    [
      [
        'kinesis:AddTagsToStream',
        'kinesis:CreateStream',
        'kinesis:DecreaseStreamRetentionPeriod',
        'kinesis:DeleteStream',
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamSummary',
        'kinesis:GetShardIterator',
        'kinesis:IncreaseStreamRetentionPeriod',
        'kinesis:ListTagsForStream',
        'kinesis:MergeShards',
        'kinesis:PutRecord',
        'kinesis:PutRecords',
        'kinesis:SplitShard',
        'kinesis:RemoveTagsFromStream',
      ],
      [`${REGIONAL('kinesis')}:stream/\${StreamName}`],
    ],
  ],
  KMSDecryptPolicy: [[['kms:Decrypt'], [`${REGIONAL('kms')}:key/\${KeyId}`]]],
  KMSEncryptPolicy: [[['kms:Encrypt'], [`${REGIONAL('kms')}:key/\${KeyId}`]]],
  SSMParameterReadPolicy: [
    [['ssm:DescribeParameters'], ['*']],
    [['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], [`${REGIONAL('ssm')}:parameter/\${ParameterName}`]],
  ],
  SSMParameterWithSlashPrefixReadPolicy: [
    [['ssm:DescribeParameters'], ['*']],
    [['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], [`${REGIONAL('ssm')}:parameter\${ParameterName}`]],
  ],
  AWSSecretsManagerGetSecretValuePolicy: [[['secretsmanager:GetSecretValue'], ['${SecretArn}']]],
  AWSSecretsManagerRotationPolicy: [
    [
      [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      [`${REGIONAL('secretsmanager')}:secret:*`],
    ],
    [['secretsmanager:GetRandomPassword'], ['*']],
  ],
  CloudWatchPutMetricPolicy: [[['cloudwatch:PutMetricData'], ['*']]],
  VPCAccessPolicy: [
    [['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DetachNetworkInterface'], ['*']],
  ],
  EC2DescribePolicy: [[['ec2:DescribeRegions', 'ec2:DescribeInstances'], ['*']]],
  FilterLogEventsPolicy: [[['logs:FilterLogEvents'], [`${REGIONAL('logs')}:log-group:\${LogGroupName}:log-stream:*`]]],
  SESCrudPolicy: [
    [
      ['ses:GetIdentityVerificationAttributes', 'ses:SendEmail', 'ses:SendRawEmail', 'ses:VerifyEmailIdentity'],
      [`${REGIONAL('ses')}:identity/\${IdentityName}`],
    ],
  ],
  AthenaQueryPolicy: [
    [
      [
        'athena:ListWorkGroups',
        'athena:GetExecutionEngine',
        'athena:GetExecutionEngines',
        'athena:GetNamespace',
        'athena:GetCatalogs',
        'athena:GetNamespaces',
        'athena:GetTables',
        'athena:GetTable',
      ],
      ['*'],
    ],
    [
      [
        'athena:StartQueryExecution',
        'athena:GetQueryResults',
        'athena:GetQueryExecution',
        'athena:StopQueryExecution',
        'athena:GetWorkGroup',
      ],
      [`${REGIONAL('athena')}:workgroup/\${WorkGroupName}`],
    ],
  ],
};

/** Names of the SAM policy templates lgsec expands (README lists them). */
export const SAM_POLICY_TEMPLATES: readonly string[] = Object.keys(TEMPLATES);

/**
 * The IAM statements of one SAM policy template, or undefined for a template lgsec does not
 * know. Parameters are substituted through `Fn::Sub` variables, so references stay references.
 */
export function policyTemplateStatements(name: string, parameters: unknown): Record<string, unknown>[] | undefined {
  const statements = TEMPLATES[name];
  if (!statements) return undefined;
  const vars =
    typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters) ? (parameters as Record<string, unknown>) : {};
  return statements.map(([actions, resources]) => ({
    Effect: 'Allow',
    Action: [...actions],
    Resource: resources.map((pattern) => {
      if (pattern === '*') return '*';
      const used = [...pattern.matchAll(/\$\{([A-Za-z]+)\}/g)].map((match) => match[1]);
      if (used.length === 0) return { 'Fn::Sub': pattern };
      // A parameter the template left out is empty, as a literal: SAM itself would refuse it.
      return { 'Fn::Sub': [pattern, Object.fromEntries(used.map((key) => [key, vars[key] ?? '']))] };
    }),
  }));
}
