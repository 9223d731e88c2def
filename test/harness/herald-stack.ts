import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { startTestServers, testConfig, type TestServers } from "./env.ts";
import { RawReceiver } from "./raw-receiver.ts";
import { TestReceiver } from "./receiver.ts";

/** Fresh servers, a receiver, and one Herald (role `all`) in this test process. */
export interface HeraldStack {
  servers: TestServers;
  herald: RunningHerald;
  receiver: TestReceiver;
  stop(): Promise<void>;
}

/** `env` overrides testConfig's settings; HERALD_TEST_LOG (e.g. `debug`) shows Herald's log. */
export async function startHeraldStack(env: Record<string, string> = {}): Promise<HeraldStack> {
  const servers = await startTestServers();
  const receiver = await new TestReceiver().start();
  const herald = await startHerald(testConfig(servers, env), createLogger(process.env.HERALD_TEST_LOG ?? "silent"));
  return {
    servers,
    herald,
    receiver,
    async stop() {
      await herald.stop();
      await receiver.stop();
      await servers.stop();
    },
  };
}

/** A stack beside a receiver that accepts connections and never answers: attempts to it time out. */
export interface SilentStack extends HeraldStack {
  silent: RawReceiver;
}

export async function startSilentStack(env: Record<string, string> = {}): Promise<SilentStack> {
  const silent = await new RawReceiver("silent").start();
  try {
    const stack = await startHeraldStack(env);
    return {
      ...stack,
      silent,
      async stop() {
        await stack.stop();
        await silent.stop();
      },
    };
  } catch (err) {
    await silent.stop();
    throw err;
  }
}
