#!/usr/bin/env node
// The `tmt` command. Sources run through tsx so that the installed tree needs no build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
