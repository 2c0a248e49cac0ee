'use strict';
/**
 * `node -r @agentmeter/sdk/register app.cjs`: the CommonJS twin of the
 * `--import` entry. Node >= 20.19 loads the package's ES modules through
 * require(); configuration comes from the environment only. For an ES-module
 * app use `--import @agentmeter/sdk/register` instead.
 */
require('./dist/entry/from-environment.js').registerFromEnvironment({ esm: false });
