/**
 * Without Redis, a restart keeps what limits have counted: the day's requests (RPD) from the rate
 * windows saved in the data dir, and budgets from the spend in the database.
 */
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { countTokens } from '../../src/engine/usage/count-tokens.ts';
import { postChat } from '../support/limit-helpers.ts';
import { startTestGateway } from '../support/test-gateway.ts';

test('a restarted gateway still refuses a key over its requests per day and a key over its budget', async () => {
  const fake = await startOpenAIFakeUpstream();
  const dataDir = makeTempDir('restart');
  const env = { CONDUIT_DATA_DIR: dataDir };
  const databaseUrl = `sqlite:${path.join(dataDir, 'conduit.sqlite')}`;
  const reservation = countTokens('hi', 'gpt-4o-mini') + 10;
  try {
    const first = await startTestGateway({ databaseUrl, env });
    let daily: string;
    let budgeted: string;
    try {
      const provider = await first.createOpenAIProvider('fake', fake);
      await first.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
      await first.graphql('mutation { createModelCost(input: { model: "chat", inputPerMillion: 1000000, outputPerMillion: 1000000 }) { id } }');
      daily = (await first.createKey({ name: 'daily', rpd: 2 })).key;
      budgeted = (await first.createKey({ name: 'budgeted', maxBudget: reservation * 1.5, budgetPeriod: 'DAILY' })).key;
      for (let i = 0; i < 3; i++) fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 3, output: 4 } });
      assert.is((await postChat(first.url, daily, {})).status, 200);
      assert.is((await postChat(first.url, daily, {})).status, 200);
      assert.is((await postChat(first.url, budgeted, {})).status, 200, '7 spent of 16.5');
    } finally {
      await first.close();
    }

    const second = await startTestGateway({ databaseUrl, env });
    try {
      const overDay = await postChat(second.url, daily, {});
      assert.equal([overDay.status, overDay.code], [429, 'rate_limit_exceeded'], 'the two requests of the day were remembered');
      assert.match(overDay.message, /2 requests per day/);
      const overBudget = await postChat(second.url, budgeted, {});
      assert.is(overBudget.code, 'budget_exceeded', '7 spent + 11 reserved does not fit 16.5 after the restart either');
    } finally {
      await second.close();
    }
  } finally {
    await fake.close();
  }
});

test.run();
