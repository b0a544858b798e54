/** Worker thread of `runFuzzInWorkers`: checks one shard and reports its stats. */
import { parentPort, workerData } from 'node:worker_threads';
import { readCorpus, runFuzz, type FuzzWorkerData } from './fuzz.js';

const data = workerData as FuzzWorkerData;
const progress = new Int32Array(data.progress);
const stats = runFuzz({
  seed: data.seed,
  count: data.count,
  corpus: readCorpus(),
  shard: data.shard,
  shards: data.shards,
  onInput: (index) => {
    Atomics.store(progress, 0, index);
    Atomics.add(progress, 1, 1);
  },
});
parentPort!.postMessage(stats);
