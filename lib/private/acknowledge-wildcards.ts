import { Aspects, IAspect, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { IConstruct } from 'constructs';

/**
 * Acknowledges, with one reason, each AwsSolutions-IAM5 finding (a wildcard action or resource)
 * of the IAM policies under `scope`. cdk-nag reports IAM5 per wildcard, named after the
 * rendered resource, which is only known once the template is final.
 * Use it only on policies this library writes in full, never on ones users can add to.
 */
export function acknowledgeWildcards(scope: IConstruct, reason: string): void {
  Aspects.of(scope).add(new AcknowledgeWildcards(reason));
}

class AcknowledgeWildcards implements IAspect {
  constructor(private readonly reason: string) {}

  visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnPolicy)) return;
    // Cross-stack references become imports after aspects run, and findings are named after
    // the rendered value: compute them at validation time, once the template is final.
    node.node.addValidation({
      validate: () => {
        this.acknowledge(node);
        return [];
      },
    });
  }

  private acknowledge(node: iam.CfnPolicy): void {
    const document = Stack.of(node).resolve(node.policyDocument) as { Statement?: Array<Record<string, unknown>> };
    const findings = new Set<string>();
    for (const statement of document.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of asArray(statement.Action)) {
        if (typeof action === 'string' && action.includes('*')) findings.add(`Action::${action}`);
      }
      for (const resource of asArray(statement.Resource)) {
        const flat = flattenCfnReference(resource);
        if (flat.includes('*')) findings.add(`Resource::${flat}`);
      }
    }
    for (const finding of findings) {
      Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: this.reason });
    }
  }
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
