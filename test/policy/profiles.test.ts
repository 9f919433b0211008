import {
  CLAUSE_IDS,
  GUIDELINE_MODEL_PROFILE,
  PolicyProfile,
  policyProfile,
  PROFILE_IDS,
  profileProblems,
  SHIOJIRI_PROFILE,
  citeClause,
} from '../../lib/policy';

describe('policy profiles', () => {
  test.each([SHIOJIRI_PROFILE, GUIDELINE_MODEL_PROFILE])('$id numbers every clause of the catalog once, with both titles', (profile) => {
    expect(profileProblems(profile)).toEqual([]);
    expect([...profile.clauses.map((entry) => entry.key)].sort()).toEqual([...CLAUSE_IDS].sort());
    for (const entry of profile.clauses) expect(entry.guideline).toMatch(/^(基本方針|対策基準) \d+/);
  });

  test("Shiojiri's profile is the catalog as it is: its ids, order and titles", () => {
    expect(SHIOJIRI_PROFILE.clauses.map((entry) => entry.number)).toEqual(CLAUSE_IDS);
    expect(citeClause(SHIOJIRI_PROFILE, '7.2', 'ja')).toBe('基本方針 7(2)');
    expect(citeClause(SHIOJIRI_PROFILE, '7.3.a', 'ja')).toBe('基本方針 7(3)ア');
    expect(citeClause(SHIOJIRI_PROFILE, '7.3.a', 'en')).toBe('policy 7.3.a');
  });

  test("the guideline's model policy numbers the clauses its own way and names no municipality", () => {
    const numberOf = (key: string): string | undefined => GUIDELINE_MODEL_PROFILE.clauses.find((entry) => entry.key === key)?.number;
    expect(numberOf('7.3.a')).toBe('対策基準 4(1)');
    expect(numberOf('7.8.b')).toBe('対策基準 9(2)');
    // The guideline lists intentional threats first; Shiojiri's policy lists unintentional ones first.
    expect(numberOf('6.2')).toBe('基本方針 3(1)');
    expect(numberOf('6.1')).toBe('基本方針 3(2)');
    expect(citeClause(GUIDELINE_MODEL_PROFILE, '7.2', 'ja')).toBe('対策基準 3');
    expect(JSON.stringify(GUIDELINE_MODEL_PROFILE)).not.toMatch(/Shiojiri|塩尻/);
  });

  test('is selected by id; an unknown id names the known ones', () => {
    expect(PROFILE_IDS).toEqual(['shiojiri', 'guideline-model']);
    expect(policyProfile()).toBe(SHIOJIRI_PROFILE);
    expect(policyProfile('guideline-model')).toBe(GUIDELINE_MODEL_PROFILE);
    expect(() => policyProfile('matsumoto')).toThrow("Unknown policy profile 'matsumoto'. Use one of: shiojiri, guideline-model.");
  });

  test('a profile of your own is checked: missing, unknown and repeated clauses', () => {
    const [first, second, ...rest] = SHIOJIRI_PROFILE.clauses;
    const broken: PolicyProfile = {
      ...SHIOJIRI_PROFILE,
      id: 'broken',
      clauses: [first, { ...second, key: '99', number: first.number }, ...rest.slice(1), rest[1]],
    };
    expect(profileProblems(broken)).toEqual([
      "clauses[1].key '99' is not a clause of the catalog",
      "clauses[1].number '1' appears twice",
      "clauses[27].key '4' appears twice",
      "clauses[27].number '4' appears twice",
      "clause '2' is missing",
      "clause '3' is missing",
    ]);
  });
});
