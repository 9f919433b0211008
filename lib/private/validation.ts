import { IConstruct } from 'constructs';

/**
 * Collects every problem with a construct's props and throws once, like aws-cdk-lib does, so a
 * user fixes them all in one round instead of one per synth.
 */
export class PropsProblems {
  private readonly problems: string[] = [];

  constructor(
    private readonly scope: IConstruct,
    private readonly construct: string,
  ) {}

  add(problem: string | undefined): void {
    if (problem) this.problems.push(problem);
  }

  addAll(problems: readonly (string | undefined)[]): void {
    problems.forEach((p) => this.add(p));
  }

  /** Throws when there is any problem. */
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw new Error(`Invalid ${this.construct} props at '${this.scope.node.path}':\n  - ${this.problems.join('\n  - ')}`);
  }
}

/** An IAM role ARN with a literal 12-digit account, in any partition. */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
