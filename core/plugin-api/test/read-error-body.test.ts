import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readErrorBody } from '../src/read-error-body.ts';

test("OpenAI's error body", () => {
  const body = { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
  assert.equal(readErrorBody(JSON.stringify(body)), { message: 'Incorrect API key provided', providerCode: 'invalid_api_key', param: undefined });
});

test('the type stands in for a null code, and param is read', () => {
  const body = { error: { message: 'Bad value', type: 'invalid_request_error', param: 'temperature', code: null } };
  assert.equal(readErrorBody(JSON.stringify(body)), { message: 'Bad value', providerCode: 'invalid_request_error', param: 'temperature' });
});

test("Anthropic's error body", () => {
  const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
  assert.equal(readErrorBody(JSON.stringify(body)), { message: 'Overloaded', providerCode: 'overloaded_error', param: undefined });
});

test('an error body inside an array (as Google APIs sometimes answer)', () => {
  const body = [{ error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } }];
  assert.equal(readErrorBody(JSON.stringify(body)), { message: 'Resource has been exhausted', providerCode: 'RESOURCE_EXHAUSTED', param: undefined });
});

test('error as a string, with a top-level code', () => {
  assert.equal(readErrorBody('{"error":"model not found","code":404}'), { message: 'model not found', providerCode: '404' });
});

test('a top-level message with a code or type', () => {
  assert.equal(readErrorBody('{"message":"Too many tokens","code":"too_long"}'), { message: 'Too many tokens', providerCode: 'too_long' });
  assert.equal(readErrorBody('{"message":"Throttled","type":"ThrottlingException"}'), { message: 'Throttled', providerCode: 'ThrottlingException' });
});

test('detail as text or as a structure', () => {
  assert.equal(readErrorBody('{"detail":"Not Found"}'), { message: 'Not Found', providerCode: undefined });
  const structured = readErrorBody('{"detail":[{"loc":["body","model"],"msg":"field required"}]}');
  assert.is(structured.message, '[{"loc":["body","model"],"msg":"field required"}]');
});

test('a body that is not JSON becomes the message, trimmed and bounded', () => {
  assert.equal(readErrorBody('  Bad Gateway \n'), { message: 'Bad Gateway' });
  assert.is(readErrorBody('x'.repeat(2000)).message?.length, 500);
});

test("a proxy's HTML error page gives its title, or its text without markup", () => {
  const nginx = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
  assert.equal(readErrorBody(nginx), { message: '502 Bad Gateway' });
  const cloudflare = `<!DOCTYPE html><html lang="en-US"><head><title>api.example.com | 524: A timeout occurred</title><style>body{color:red}</style></head><body>${'<div>x</div>'.repeat(500)}</body></html>`;
  assert.equal(readErrorBody(cloudflare), { message: 'api.example.com | 524: A timeout occurred' });
  const untitled = '<html><head><style>h1 { color: red }</style><script>var x = "<b>";</script></head><body><h1>Service &amp; API Unavailable</h1><p>Try again&nbsp;later.</p></body></html>';
  assert.equal(readErrorBody(untitled), { message: 'Service & API Unavailable Try again later.' });
  assert.equal(readErrorBody('<html><body></body></html>'), { message: 'an HTML error page' });
  // Text that merely starts with a bracket is not taken for HTML.
  assert.equal(readErrorBody('<upstream timed out>'), { message: '<upstream timed out>' });
});

test('validation errors listed by field (Django REST framework, as Ultravox answers) give each field and its messages', () => {
  assert.equal(readErrorBody('{"medium":["Invalid medium."],"voice":["Not found.","Try another."]}'), {
    message: 'medium: Invalid medium.; voice: Not found. Try another.',
    providerCode: undefined,
  });
  // Anything else in the object: not such a list.
  assert.equal(readErrorBody('{"medium":["Invalid medium."],"count":3}'), { message: undefined, providerCode: undefined });
});

test('empty and meaningless bodies give nothing', () => {
  assert.equal(readErrorBody(''), {});
  assert.equal(readErrorBody('null'), {});
  assert.equal(readErrorBody('42'), {});
  assert.equal(readErrorBody('{}'), { message: undefined, providerCode: undefined });
});

test.run();
