import { parseSimArgs, usage } from './args';
import { runSim } from './runSim';

const parsed = parseSimArgs(process.argv.slice(2));
if ('error' in parsed) {
  console.error(`sim: ${parsed.error}\n\n${usage}`);
  process.exit(2);
}
const result = await runSim(parsed.options);
if (parsed.options.json) console.log(JSON.stringify(result));
else {
  console.log(
    `${result.scenario} (seed ${result.seed}): ${result.orders} started, ${result.messages} messages, ` +
      `${result.deadLetters} dead letters, ${result.virtualMs} virtual ms, log hash ${result.logHash}`,
  );
}
