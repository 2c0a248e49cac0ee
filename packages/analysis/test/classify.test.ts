import { classifySpan } from '../src/classify.js';

describe('classifySpan', () => {
  const cases: Array<[string, string, Record<string, unknown>, { category: string; operation: string }]> = [
    ['invoke_agent is an agent named by gen_ai.agent.name', 'invoke_agent research', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'research' }, { category: 'agent', operation: 'research' }],
    ['create_agent is an agent too', 'create_agent x', { 'gen_ai.operation.name': 'create_agent' }, { category: 'agent', operation: 'create_agent x' }],
    ['chat is an llm call named by the request model', 'chat gpt-4o', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' }, { category: 'llm', operation: 'gpt-4o' }],
    ['an llm call without a request model falls back to the response model', 'embeddings', { 'gen_ai.operation.name': 'embeddings', 'gen_ai.response.model': 'text-embedding-3-small' }, { category: 'llm', operation: 'text-embedding-3-small' }],
    ['text_completion and generate_content are llm calls', 'generate_content', { 'gen_ai.operation.name': 'generate_content' }, { category: 'llm', operation: 'generate_content' }],
    ['text_completion is an llm call', 'text_completion davinci', { 'gen_ai.operation.name': 'text_completion', 'gen_ai.request.model': 'davinci' }, { category: 'llm', operation: 'davinci' }],
    ['execute_tool is a tool named by gen_ai.tool.name', 'execute_tool search', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' }, { category: 'tool', operation: 'search' }],
    ['invoke_workflow is a workflow named by gen_ai.workflow.name', 'invoke_workflow report', { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'report' }, { category: 'workflow', operation: 'report' }],
    ['agentmeter.workflow.name alone makes a workflow', 'handle request', { 'agentmeter.workflow.name': 'triage' }, { category: 'workflow', operation: 'triage' }],
    ['agentmeter.state.operation makes a state span named store.operation', 'state write', { 'agentmeter.state.operation': 'write', 'agentmeter.state.store': 'memory' }, { category: 'state', operation: 'memory.write' }],
    ['a database span is state, store from db.system.name and operation from db.operation.name', 'GET user:1', { 'db.system.name': 'redis', 'db.operation.name': 'GET' }, { category: 'state', operation: 'redis.get' }],
    ['the deprecated db.system and db.operation still count', 'x', { 'db.system': 'postgresql', 'db.operation': 'SELECT' }, { category: 'state', operation: 'postgresql.select' }],
    ['without an operation attribute the first word of the name is used, lower-cased', 'HGETALL session:42', { 'db.system.name': 'redis' }, { category: 'state', operation: 'redis.hgetall' }],
    ['a state operation without a store is the operation alone', 'state read', { 'agentmeter.state.operation': 'read' }, { category: 'state', operation: 'read' }],
    ['agentmeter.serialization.target makes a serialization span', 'serialize message', { 'agentmeter.serialization.target': 'message' }, { category: 'serialization', operation: 'message' }],
    ['an unknown gen_ai operation falls through to the other attributes', 'x', { 'gen_ai.operation.name': 'rerank', 'db.system.name': 'redis', 'db.operation.name': 'get' }, { category: 'state', operation: 'redis.get' }],
    ['anything else is other, named by the span name', 'GET /api', { 'http.request.method': 'GET' }, { category: 'other', operation: 'GET /api' }],
    ['non-string attribute values count as absent', 'execute_tool', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 42 }, { category: 'tool', operation: 'execute_tool' }],
  ];

  it.each(cases)('%s', (_title, name, attributes, expected) => {
    expect(classifySpan(name, attributes)).toEqual(expected);
  });
});
