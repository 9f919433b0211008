/** Environment variables of the mail forwarder. */
export const FORWARDER_ENV = {
  landingBucket: 'LGSEC_MAIL_LANDING_BUCKET',
  landingPrefix: 'LGSEC_MAIL_LANDING_PREFIX',
  inboxBucket: 'LGSEC_MAIL_INBOX_BUCKET',
  inboxPrefix: 'LGSEC_MAIL_INBOX_PREFIX',
  writerRoleArn: 'LGSEC_MAIL_WRITER_ROLE_ARN',
} as const;

/**
 * The forwarder, inline (CommonJS, AWS SDK v3 of the Lambda runtime): for each message SES
 * received and stored in the landing bucket, it puts the raw message into the transfer's inbox as
 * `<inbox prefix><message id>.eml`, with the transfer's writer role, so that the sanitizer reads
 * it as an e-mail. It never parses the message. A message whose virus verdict is not PASS (a
 * virus, a failed or missing scan) is held in the landing bucket and logged, never forwarded.
 * Kept under CloudFormation's 4096-character limit for inline code.
 */
export const FORWARDER_SOURCE = `'use strict';
const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');
const { STSClient, AssumeRoleCommand } = require('@aws-sdk/client-sts');
const E = process.env;
const ID = /^[A-Za-z0-9._-]{1,200}$/;
exports.handler = async (event) => {
  const results = [];
  for (const record of (event && event.Records) || []) {
    const mail = record.ses && record.ses.mail;
    const receipt = (record.ses && record.ses.receipt) || {};
    const id = mail && mail.messageId;
    if (typeof id !== 'string' || !ID.test(id)) throw new Error('lgsec mail forwarder: unexpected SES message id ' + JSON.stringify(id));
    const verdict = (v) => (v && v.status) || 'MISSING';
    const verdicts = { virus: verdict(receipt.virusVerdict), spam: verdict(receipt.spamVerdict), spf: verdict(receipt.spfVerdict),
      dkim: verdict(receipt.dkimVerdict), dmarc: verdict(receipt.dmarcVerdict) };
    const landingKey = E.${FORWARDER_ENV.landingPrefix} + id;
    if (verdicts.virus !== 'PASS') {
      console.log(JSON.stringify({ event: 'held', messageId: id, landingKey, verdicts, reason: 'virus verdict is not PASS' }));
      results.push({ messageId: id, action: 'held' });
      continue;
    }
    const original = await new S3Client({}).send(new GetObjectCommand({ Bucket: E.${FORWARDER_ENV.landingBucket}, Key: landingKey }));
    const body = Buffer.from(await original.Body.transformToByteArray());
    const assumed = await new STSClient({}).send(new AssumeRoleCommand({ RoleArn: E.${FORWARDER_ENV.writerRoleArn},
      RoleSessionName: ('lgsec-mail-' + id).slice(0, 64).replace(/[^\\w+=,.@-]/g, '-'), DurationSeconds: 900 }));
    const c = assumed.Credentials;
    const inbox = new S3Client({ credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken } });
    const inboxKey = E.${FORWARDER_ENV.inboxPrefix} + id + '.eml';
    await inbox.send(new PutObjectCommand({ Bucket: E.${FORWARDER_ENV.inboxBucket}, Key: inboxKey, Body: body,
      ContentType: 'message/rfc822',
      Metadata: { 'lgsec-ses-message-id': id, 'lgsec-ses-verdicts': Object.entries(verdicts).map(([k, v]) => k + '=' + v).join(';') } }));
    console.log(JSON.stringify({ event: 'forwarded', messageId: id, landingKey, inboxKey, bytes: body.length, verdicts }));
    results.push({ messageId: id, action: 'forwarded', inboxKey });
  }
  return results;
};
`;
