import { Template } from 'aws-cdk-lib/assertions';

/** Logical ids of the resources of a type whose properties match. */
export function logicalIdsOf(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type));
}

/** The `Ref` target of a value, when it is one. */
export function refOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && 'Ref' in value ? String((value as { Ref: unknown }).Ref) : undefined;
}

/** Types of every resource in the template. */
export function resourceTypes(template: Template): Set<string> {
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  return new Set(Object.values(resources).map((r) => r.Type));
}
