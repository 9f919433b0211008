/** IAM action matching: wildcards (`kms:Put*`, `*`) against concrete actions, without case. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
}

/** The concrete actions of `wanted` (in its order) that an action list (with wildcards) covers. */
export function actionsCovered(actions: readonly unknown[], wanted: readonly string[]): string[] {
  const patterns = actions.filter((a): a is string => typeof a === 'string').map(globToRegExp);
  return wanted.filter((candidate) => patterns.some((pattern) => pattern.test(candidate)));
}
