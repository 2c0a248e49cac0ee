'use strict';
// CommonJS app resolving openai 6.x from this directory's node_modules.
require('../../fixtures/openai/run.cjs').main({ OpenAI: require('openai').OpenAI, sdk: require('@agentmeter/sdk'), version: require('openai/version').VERSION });
