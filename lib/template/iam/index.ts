/**
 * A synchronous IAM policy evaluator over the template model: policies read from templates
 * (template-policy), requests decided as AWS does (evaluate), the AWS catalogue of actions and
 * condition keys (iam-data), and the requests an adversary would make (probes).
 */
export * from './truth';
export * from './policy';
export * from './match';
export * from './conditions';
export * from './evaluate';
export * from './iam-data';
export * from './template-policy';
export * from './probes';
export * from './resources';
export * from './organizations';
