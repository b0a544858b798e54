/**
 * A worker thread of the pool (pool.ts): loads the compiled passes once, then rewrites the
 * batches it is given, keeping the facts of every context it has seen.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ecosystems } from '../../ecosystems/index.js';
import { passes } from '../../passes/index.js';
import { createFactsCache, runFileJob, type FromWorker, type ToWorker, type WorkerData } from './pool.js';

const settings = workerData as WorkerData;
const port = parentPort!;
const factsFor = createFactsCache(ecosystems);
const send = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  for (const { index, job } of message.items) {
    send({ type: 'result', index, result: runFileJob(job, passes, factsFor, settings) });
  }
});
send({ type: 'ready' });
