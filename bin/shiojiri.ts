#!/usr/bin/env node
/**
 * `cdk synth` entry: the reference environment (see reference-environment.ts), account-agnostic so
 * that synth needs no AWS account or credentials. The policy pack fails synth on any error-level
 * finding; cdk-nag's AwsSolutions pack runs too, with every remaining finding acknowledged in code.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LgsecChecks } from '../rules';
import { buildReferenceEnvironment } from './reference-environment';

const app = new App();
buildReferenceEnvironment(app);
Validations.of(app).addPlugins(new LgsecChecks(app), new AwsSolutionsChecks(app));
app.synth();
