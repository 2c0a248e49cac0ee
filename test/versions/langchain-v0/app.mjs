// The LangChain test app (test/fixtures/langchain/flows.cjs) on @langchain/core 0.3 /
// @langchain/langgraph 0.4 / @langchain/openai 0.6, imported as ES modules from this directory.
import { ChatOpenAI } from '@langchain/openai';
import { tool } from '@langchain/core/tools';
import { HumanMessage, SystemMessage, AIMessage } from '@langchain/core/messages';
import { z } from 'zod';
import * as api from '@opentelemetry/api';
import { createRequire } from 'node:module';

const { main } = createRequire(import.meta.url)('../../fixtures/langchain/flows.cjs');
const graph = process.env.LC_SCENARIO === 'chat' ? {} : { ...(await import('@langchain/langgraph')), ...(await import('@langchain/langgraph/prebuilt')) };
await main({ ChatOpenAI, tool, HumanMessage, SystemMessage, AIMessage, z, api, ...graph });
