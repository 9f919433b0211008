import { metadataAcknowledgments, reasonProblem, unqualifiedRuleId } from '../../lib/template/acknowledgments';

describe('acknowledgment reasons', () => {
  test.each([
    ['Imported key material cannot rotate; the key ceremony rotates it yearly'],
    ['監査ログは別アカウントのバケットに保存するため不要'],
    ['Access logs go to the central archive bucket of the prefecture'],
  ])('accepts a reason that says why: %s', (reason) => {
    expect(reasonProblem(reason)).toBeUndefined();
  });

  test.each([
    ['', /the reason is empty/],
    ['   ', /the reason is empty/],
    ['n/a', /is a placeholder/],
    ['TODO.', /is a placeholder/],
    ['---', /is a placeholder/],
    ['false positive', /is a placeholder/],
    ['legacy system', /shorter than 20 characters/],
    ['ok ok ok ok ok ok ok ok ok', /fewer than three different words/],
    [undefined, /the reason is missing/],
    [42, /not text \(42\)/],
  ])('rejects %j', (reason, message) => {
    expect(reasonProblem(reason)).toMatch(message);
  });

  test('ids are accepted with or without the LGSEC:: prefix', () => {
    expect(unqualifiedRuleId('LGSEC::LGSEC-KMS-KEY-ROTATION')).toBe('LGSEC-KMS-KEY-ROTATION');
    expect(unqualifiedRuleId('Annotation::LGSEC-KMS-KEY-ROTATION')).toBe('LGSEC-KMS-KEY-ROTATION');
    expect(unqualifiedRuleId('LGSEC-KMS-KEY-ROTATION')).toBe('LGSEC-KMS-KEY-ROTATION');
  });

  test('template metadata: entries without an id and lists that are not lists are reported', () => {
    expect(metadataAcknowledgments({ lgsec: { acknowledgments: 'all' } }, 't#A').malformed).toEqual([
      'Metadata.lgsec.acknowledgments is not a list of { id, reason }',
    ]);
    expect(metadataAcknowledgments({ lgsec: { acknowledgments: [{ reason: 'x' }] } }, 't#A').malformed).toEqual([
      'Metadata.lgsec.acknowledgments[0] has no rule id',
    ]);
    expect(metadataAcknowledgments({ other: 1 }, 't#A')).toEqual({ acknowledgments: [], malformed: [] });
    expect(
      metadataAcknowledgments({ lgsec: { acknowledgments: [{ id: 'LGSEC-X', reason: 'r', madeAt: 'App/Stack/Thing' }] } }, 't#A')
        .acknowledgments,
    ).toEqual([{ ruleId: 'LGSEC-X', reason: 'r', madeAt: 'App/Stack/Thing' }]);
  });
});
