export * from './deployment-path';
export * from './guardrail-policy';
export * from './guardrail-statements';
export * from './tags';
export * from './zone-guardrails';
