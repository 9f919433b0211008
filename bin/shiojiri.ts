#!/usr/bin/env node
/**
 * `cdk synth` entry: the reference environment (see reference-environment.ts), account-agnostic so
 * that synth needs no AWS account or credentials. The policy pack fails synth on any error-level
 * finding and writes the auditor report into cdk.out; cdk-nag's AwsSolutions pack runs too.
 */
import { App } from 'aws-cdk-lib';
import { addPolicyChecks, buildReferenceEnvironment } from './reference-environment';

const app = new App();
buildReferenceEnvironment(app);
addPolicyChecks(app);
app.synth();
