import { writeFile } from 'node:fs/promises';
import { cpuTimes, top } from './cpuProfile';
import { runSeekBench } from './runSeekBench';

/*
 * Where a seek's time goes: `npx tsx bench/ui/profileSeek.ts [messages]`. The `--seek` benchmark on
 * an unminified build, one repetition, with a V8 CPU profile of its 60 seeks: prints JS self and
 * inclusive time per function and writes the raw profile to /tmp/eventscape-seek.cpuprofile (open
 * it in Chrome DevTools). Profiling slows the page: read shares, not absolute figures.
 */
const messages = Number(process.argv[2] ?? 100_000);
const figures = await runSeekBench({
  messages,
  runs: 1,
  profile: (profile) => {
    void writeFile('/tmp/eventscape-seek.cpuprofile', JSON.stringify(profile));
    const { self, total } = cpuTimes(profile);
    console.log(`--- JS self time\n${top(self, 30)}`);
    console.log(`--- JS inclusive time\n${top(total, 70)}`);
  },
});
console.log(JSON.stringify(figures, null, 2));
