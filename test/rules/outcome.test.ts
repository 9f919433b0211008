import { advisory, localized, nonCompliant, outcomeOf, unverifiable } from '../../rules/outcome';

describe('rule outcomes in two languages', () => {
  test('English-only problems give no Japanese detail', () => {
    expect(nonCompliant('a', 'b')).toEqual({ status: 'non-compliant', detail: 'a; b' });
  });

  test('a localized problem gives a Japanese detail; English-only parts stay English in it', () => {
    expect(nonCompliant(localized('port 22 open', 'ポート 22 が開いている'), 'b')).toEqual({
      status: 'non-compliant',
      detail: 'port 22 open; b',
      detailJa: 'ポート 22 が開いている、b',
    });
    expect(advisory(localized('x', 'エックス'))).toMatchObject({ detail: 'x', detailJa: 'エックス', advisory: true });
    expect(unverifiable(localized('Param', 'パラメータ'))).toMatchObject({ status: 'unverifiable', detailJa: 'パラメータ' });
    expect(outcomeOf([], [localized('u', 'ユー')])).toMatchObject({ status: 'unverifiable', detail: 'u', detailJa: 'ユー' });
  });
});
