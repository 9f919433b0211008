import { ISanitizerEngine, SanitizeInput, SanitizeResult } from './types';

/**
 * Runs engines in sequence, each on the previous one's delivered file: for example the built-in
 * engine first (cheap, removes what it knows) and then a commercial CDR engine. A quarantine by
 * any engine quarantines the file and stops the chain; `sanitized` by any makes the result
 * `sanitized`. Actions are prefixed with the engine's name. An engine that throws makes the
 * chain throw: the file is then not delivered (callers retry or quarantine it).
 */
export function chainEngines(first: ISanitizerEngine, ...rest: ISanitizerEngine[]): ISanitizerEngine {
  const engines = [first, ...rest];
  const names = engines.map((e) => e.name);
  if (new Set(names).size !== names.length) {
    throw new Error(`chainEngines: engine names must be unique so actions can be told apart, got ${names.join(', ')}`);
  }
  return {
    name: names.join('+'),
    async sanitize(input: SanitizeInput): Promise<SanitizeResult> {
      let combined: SanitizeResult | undefined;
      let current: SanitizeInput = input;
      for (const engine of engines) {
        const result = await engine.sanitize(current);
        const actions = [...(combined?.actions ?? []), ...result.actions.map((a) => `[${engine.name}] ${a}`)];
        const quarantined = result.verdict === 'quarantined' || !result.output;
        if (quarantined) {
          return {
            file: input.name,
            verdict: 'quarantined',
            detectedType: combined?.detectedType ?? result.detectedType,
            actions,
            reason: `${engine.name}: ${result.reason ?? 'quarantined without a reason'}`,
            reasonCode: result.reasonCode ?? 'external-engine',
            sha256In: combined?.sha256In ?? result.sha256In,
            metrics: combined?.metrics ?? result.metrics,
          };
        }
        combined = {
          file: input.name,
          verdict: combined?.verdict === 'sanitized' || result.verdict === 'sanitized' ? 'sanitized' : 'clean',
          detectedType: combined?.detectedType ?? result.detectedType,
          actions,
          sha256In: combined?.sha256In ?? result.sha256In,
          sha256Out: result.sha256Out,
          output: result.output,
          metrics: combined?.metrics ?? result.metrics,
        };
        current = result.output as SanitizeInput;
      }
      return combined as SanitizeResult;
    },
  };
}
