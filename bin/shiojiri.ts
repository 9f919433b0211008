#!/usr/bin/env node
/**
 * `cdk synth` entry: the reference environment (see reference-environment.ts), account-agnostic so
 * that synth needs no AWS account or credentials.
 */
import { App } from 'aws-cdk-lib';
import { buildReferenceEnvironment } from './reference-environment';

const app = new App();
buildReferenceEnvironment(app);
app.synth();
