import * as fs from 'fs';
import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';

/**
 * The CloudFormation template of a stack, as synthesis writes it.
 *
 * During synthesis (the pack's `validate`) the template is already in the cloud assembly, and is
 * read from there. A pack asked to check a construct tree directly (`validateScope`, before or
 * without `app.synth()`) has no file to read: aws-cdk-lib has no public API that renders one
 * stack's template without synthesizing the whole app (which would run this plugin again, and
 * write an assembly), so this is the one place that calls the stack's internal
 * `_toCloudFormation()`. The adapter test runs it against the lowest aws-cdk-lib the package
 * supports and the one it is developed with, so a release that changes it fails there first.
 */
export function synthesizedTemplate(stack: Stack): Record<string, unknown> {
  return writtenTemplate(stack) ?? renderedTemplate(stack);
}

/** The template synthesis wrote for a stack, or undefined when it is not on disk. */
function writtenTemplate(stack: Stack): Record<string, unknown> | undefined {
  const stage = Stage.of(stack);
  if (!stage) return undefined;
  const file = path.join(stage.outdir, stack.templateFile);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

interface RendersCloudFormation {
  _toCloudFormation(): Record<string, unknown>;
}

function renderedTemplate(stack: Stack): Record<string, unknown> {
  const render = (stack as unknown as Partial<RendersCloudFormation>)._toCloudFormation;
  if (typeof render !== 'function') {
    throw new Error(
      `This version of aws-cdk-lib cannot render the template of stack ${stack.node.path} in memory; ` +
        'check the app through synthesis instead (Validations.of(app).addPlugins(new LgsecChecks(app)), then app.synth()).',
    );
  }
  return render.call(stack);
}
