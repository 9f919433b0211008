import {
  domainListCapacityNeeded,
  normalizeDomains,
  ruleGroupCapacity,
  suricataRuleLines,
  suricataRuleProblems,
} from '../../lib/security-cloud/firewall-rules';

describe('rule group capacity', () => {
  test('defaults to twice what the rules need, rounded up to a hundred, at least 100', () => {
    expect(ruleGroupCapacity(0, undefined, 'p', 'rules')).toEqual({ capacity: 100 });
    expect(ruleGroupCapacity(domainListCapacityNeeded(3), undefined, 'p', 'rules')).toEqual({ capacity: 100 });
    expect(ruleGroupCapacity(domainListCapacityNeeded(120), undefined, 'p', 'rules')).toEqual({ capacity: 500 });
    expect(ruleGroupCapacity(20000, undefined, 'p', 'rules')).toEqual({ capacity: 30000 });
  });

  test('keeps an explicit capacity that fits, and names the shortfall of one that does not', () => {
    expect(ruleGroupCapacity(6, 6, 'p', 'rules')).toEqual({ capacity: 6 });
    expect(ruleGroupCapacity(7, 6, 'p', '4 things')).toMatchObject({
      problem: 'p: 6 is less than the 7 that 4 things need; raise it to at least 7',
    });
  });

  test('fails when the rules need more than one rule group can hold', () => {
    expect(ruleGroupCapacity(30001, undefined, 'p', 'rules').problem).toMatch(/need a capacity of 30001, above Network Firewall's 30000/);
  });
});

describe('allowed domains', () => {
  test('are trimmed, lower-cased and de-duplicated', () => {
    expect(normalizeDomains([' WWW.Pref.Nagano.lg.jp ', 'www.pref.nagano.lg.jp', '.lg.jp'], 'd')).toEqual({
      domains: ['www.pref.nagano.lg.jp', '.lg.jp'],
      problems: [],
    });
  });
});

describe('Suricata rules', () => {
  test('are one per line; blank lines and comments do not count', () => {
    const lines = suricataRuleLines(
      '# header\n\npass tcp any any -> any 443 (sid:1;)\r\n  # indented comment\ndrop ip any any -> any any (sid:2;)\n',
    );
    expect(lines).toEqual(['pass tcp any any -> any 443 (sid:1;)', 'drop ip any any -> any any (sid:2;)']);
    expect(suricataRuleProblems(lines, 'r')).toEqual([]);
  });

  test('must keep their options on the rule line', () => {
    expect(suricataRuleProblems(['pass tcp any any -> any 443 (msg:"split";'], 'r')).toEqual([
      expect.stringMatching(/does not end with '\)'/),
      expect.stringMatching(/has no 'sid:<number>;'/),
    ]);
  });
});
