import { closestId } from '../../rules/acknowledgment/acknowledgment-unknown-rule';
import { ruleTable } from '../../rules/rule-table';
import { checkPlain } from './harness';

const IDS = ruleTable().map((rule) => rule.id);

describe('LGSEC-ACKNOWLEDGMENT-UNKNOWN-RULE', () => {
  test('names the closest rule id for a typo, a missing letter or a missing prefix', () => {
    expect(closestId('LGSEC-DATA-CMK-ENCRYPTON', IDS)).toBe('LGSEC-DATA-CMK-ENCRYPTION');
    expect(closestId('lgsec-s3-tls-only', IDS)).toBe('LGSEC-S3-TLS-ONLY');
    expect(closestId('S3-ACCESS-LOGGING', IDS)).toBe('LGSEC-S3-ACCESS-LOGGING');
    expect(closestId('SOMETHING-ELSE-ENTIRELY-UNRELATED', IDS)).toBeUndefined();
  });

  test('in a plain template: a warning on the resource, the finding it meant still an error', () => {
    const checked = checkPlain({
      Resources: {
        Key: {
          Type: 'AWS::KMS::Key',
          Properties: { EnableKeyRotation: false, KeyPolicy: { Version: '2012-10-17', Statement: [] } },
          Metadata: {
            lgsec: { acknowledgments: [{ id: 'LGSEC-KMS-KEY-ROTATON', reason: 'Rotation is done by re-keying the envelope yearly.' }] },
          },
        },
        Known: {
          Type: 'AWS::KMS::Key',
          Properties: { EnableKeyRotation: true, KeyPolicy: { Version: '2012-10-17', Statement: [] } },
          Metadata: {
            lgsec: { acknowledgments: [{ id: 'LGSEC-KMS-KEY-ROTATION', reason: 'Rotation is done by re-keying the envelope yearly.' }] },
          },
        },
      },
    });
    expect(checked.status('LGSEC-ACKNOWLEDGMENT-UNKNOWN-RULE', 'Key')).toBe('warning');
    expect(checked.message('LGSEC-ACKNOWLEDGMENT-UNKNOWN-RULE', 'Key')).toMatch(
      /names LGSEC-KMS-KEY-ROTATON, which is not a rule of the pack; did you mean LGSEC-KMS-KEY-ROTATION/,
    );
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'Key')).toBe('error');
    expect(checked.status('LGSEC-ACKNOWLEDGMENT-UNKNOWN-RULE', 'Known')).toBe('not-applicable');
  });
});
