#!/usr/bin/env node
/**
 * `cdk synth` entry: the reference environment (see reference-environment.ts), by default one
 * account per zone and shared service, with explicit account ids from context, so that synth
 * needs no AWS credentials; `-c lgsec:layout=single-account` for the lab layout. The policy pack
 * fails synth on any error-level finding and writes the auditor report into cdk.out; cdk-nag's
 * AwsSolutions pack runs too.
 */
import { App } from 'aws-cdk-lib';
import { addPolicyChecks, buildReferenceEnvironment } from './reference-environment';

const app = new App();
buildReferenceEnvironment(app);
addPolicyChecks(app);
app.synth();
