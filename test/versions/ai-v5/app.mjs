// ES-module app on ai@5 + @ai-sdk/openai@2 of this directory (see test/fixtures/ai-sdk/scenarios.cjs).
import * as ai from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';
import * as sdk from '@agentmeter/sdk';
import scenarios from '../../fixtures/ai-sdk/scenarios.cjs';

await scenarios.main({ ai, createOpenAI, z, sdk });
