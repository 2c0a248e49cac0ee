'use strict';
// The LangChain test app (test/fixtures/langchain/flows.cjs) on @langchain/core 0.3 /
// @langchain/langgraph 0.4 / @langchain/openai 0.6, resolved from this directory.
const { ChatOpenAI } = require('@langchain/openai');
const { tool } = require('@langchain/core/tools');
const { HumanMessage, SystemMessage, AIMessage } = require('@langchain/core/messages');
const { z } = require('zod');
const api = require('@opentelemetry/api');
const { main } = require('../../fixtures/langchain/flows.cjs');

const graph = process.env.LC_SCENARIO === 'chat' ? {} : { ...require('@langchain/langgraph'), ...require('@langchain/langgraph/prebuilt') };
main({ ChatOpenAI, tool, HumanMessage, SystemMessage, AIMessage, z, api, ...graph });
