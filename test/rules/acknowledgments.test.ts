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
    expect(reasonProblem(reason)?.en).toMatch(message);
  });

  test.each([
    ['', '理由が空である'],
    ['n/a', "理由 'n/a' は仮の文字列であり、理由ではない"],
    ['legacy system', "理由 'legacy system' が 20 文字に満たない。検出事項を受け入れる理由を書くこと"],
    ['ok ok ok ok ok ok ok ok ok', '異なる語が 3 つ未満'],
    [undefined, '理由が書かれていない'],
    [42, '理由が文字列ではない（42）'],
  ])('says in Japanese why %j is rejected', (reason, ja) => {
    expect(reasonProblem(reason)?.ja).toContain(ja);
  });

  test('ids are accepted with or without the LGSEC:: prefix', () => {
    expect(unqualifiedRuleId('LGSEC::LGSEC-KMS-KEY-ROTATION')).toBe('LGSEC-KMS-KEY-ROTATION');
    expect(unqualifiedRuleId('Annotation::LGSEC-KMS-KEY-ROTATION')).toBe('LGSEC-KMS-KEY-ROTATION');
    expect(unqualifiedRuleId('LGSEC-KMS-KEY-ROTATION')).toBe('LGSEC-KMS-KEY-ROTATION');
  });

  test('template metadata: entries without an id and lists that are not lists are reported', () => {
    expect(metadataAcknowledgments({ lgsec: { acknowledgments: 'all' } }, 't#A').malformed).toEqual([
      {
        en: 'Metadata.lgsec.acknowledgments is not a list of { id, reason }',
        ja: 'Metadata.lgsec.acknowledgments が { id, reason } のリストではない',
      },
    ]);
    expect(metadataAcknowledgments({ lgsec: { acknowledgments: [{ reason: 'x' }] } }, 't#A').malformed).toEqual([
      { en: 'Metadata.lgsec.acknowledgments[0] has no rule id', ja: 'Metadata.lgsec.acknowledgments[0] に規則 ID がない' },
    ]);
    expect(metadataAcknowledgments({ other: 1 }, 't#A')).toEqual({ acknowledgments: [], malformed: [] });
    expect(
      metadataAcknowledgments({ lgsec: { acknowledgments: [{ id: 'LGSEC-X', reason: 'r', madeAt: 'App/Stack/Thing' }] } }, 't#A')
        .acknowledgments,
    ).toEqual([{ ruleId: 'LGSEC-X', reason: 'r', madeAt: 'App/Stack/Thing' }]);
  });
});
