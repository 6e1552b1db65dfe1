import { parseSimArgs, usage } from './args';
import { runSim } from './runSim';

const parsed = parseSimArgs(process.argv.slice(2));
if ('error' in parsed) {
  console.error(`sim: ${parsed.error}\n\n${usage}`);
  process.exit(2);
}
const result = await runSim(parsed.options);
const violated = 'violations' in result && result.violations.length > 0;
if (parsed.options.json) console.log(JSON.stringify(result));
else if ('violations' in result) {
  console.log(
    `order-saga ${result.mode} (seed ${result.seed}, faults ${result.faults}, broker ${result.broker}): ` +
      `${result.orders} orders, ` +
      `${result.confirmed} confirmed, ${result.cancelled} cancelled, ${result.unfinished} unfinished; ` +
      `${result.messages} messages, ${result.deadLetters} dead letters, log hash ${result.logHash}`,
  );
  if (result.visibilityTimeouts !== undefined) {
    console.log(`  ${result.visibilityTimeouts} visibility-timeout redeliveries`);
  }
  for (const v of result.violations) console.log(`  violated ${v.invariant}: ${v.message}`);
} else {
  console.log(
    `${result.scenario} (seed ${result.seed}, broker ${result.broker}): ${result.orders} started, ${result.messages} messages, ` +
      `${result.deadLetters} dead letters, ${result.virtualMs} virtual ms, log hash ${result.logHash}`,
  );
}
if ('storedLogHash' in result && result.storedLogHash !== result.logHash) {
  console.error(
    `sim: the log read back from the store hashes to ${result.storedLogHash}, not ${result.logHash}`,
  );
  process.exit(1);
}
process.exit(violated ? 1 : 0);
