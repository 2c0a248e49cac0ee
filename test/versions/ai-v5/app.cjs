'use strict';
// CommonJS app on ai@5 + @ai-sdk/openai@2 of this directory (see test/fixtures/ai-sdk/scenarios.cjs).
const ai = require('ai');
const { createOpenAI } = require('@ai-sdk/openai');
const { z } = require('zod');
const sdk = require('@agentmeter/sdk');

require('../../fixtures/ai-sdk/scenarios.cjs').main({ ai, createOpenAI, z, sdk });
