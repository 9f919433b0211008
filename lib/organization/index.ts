export * from './guardrail-policy';
export * from './zone-guardrails';
export * from './tags';
